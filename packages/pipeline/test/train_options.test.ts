import { dense, sequential, softmaxCrossEntropy } from '@mlrecipe/nn';
import { inverseTimeDecay, perStep, sgd } from '@mlrecipe/optim';
import { earlyStopping, l2 } from '@mlrecipe/regularizers';
import { countTensors, createRng, tf, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { PipelineError, scheduled, train } from '../src/index.js';
import { blobs as twoBlobs } from './helpers/blobs.js';

await useBackend('wasm');

const blobs = (rows: number, seed: number) => twoBlobs(rows, seed, 1);
const model = () => sequential([dense({ units: 4, activation: 'tanh' }), dense({ units: 2 })]);
const base = {
  inputShape: [2],
  data: { train: blobs(64, 1), dev: blobs(32, 2) },
  loss: softmaxCrossEntropy,
  batchSize: 64, // one batch per epoch: step t is epoch t
  seed: 3,
  progress: 'none' as const,
};
const values = (params: Record<string, tf.Variable>) =>
  Object.fromEntries(Object.entries(params).map(([name, p]) => [name, Array.from(p.dataSync())]));

it('decays the learning rate per epoch as the schedule says, and records it in history', async () => {
  const schedule = inverseTimeDecay({ initial: 0.5, decayRate: 1 });
  const owned = await train({
    ...base,
    model: model(),
    optimizer: scheduled(schedule, (learningRate) => sgd({ learningRate })),
    epochs: 3,
  });
  // The course's α = α₀ / (1 + decayRate · epoch): 0.25, 0.1667, 0.125.
  expect(owned.history.map((r) => r.learningRate)).toEqual([0.5 / 2, 0.5 / 3, 0.5 / 4]);
  // With one step per epoch, optim's own step-counted schedule must give the same parameters.
  const stepCounted = await train({
    ...base,
    model: model(),
    optimizer: sgd({ learningRate: perStep(schedule, { batchesPerEpoch: 1 }) }),
    epochs: 3,
  });
  expect(values(owned.params)).toEqual(values(stepCounted.params));
  tf.dispose([...Object.values(owned.params), ...Object.values(stepCounted.params)]);
});

it('adds the L2 penalty to the loss: one step shrinks kernels by α·λ/m·W and leaves biases alone', async () => {
  const before = countTensors();
  const [lambda, learningRate, m] = [4, 0.1, 64];
  const initial = model().init([2], createRng(3).fork('init'));
  const plain = await train({ ...base, model: model(), optimizer: sgd({ learningRate }), epochs: 1 });
  const decayed = await train({
    ...base,
    model: model(),
    optimizer: sgd({ learningRate }),
    regularizers: [l2({ lambda })],
    epochs: 1,
  });
  for (const [name, p] of Object.entries(decayed.params)) {
    const w0 = initial.params[name]!.dataSync();
    const withL2 = p.dataSync();
    const without = plain.params[name]!.dataSync();
    for (let i = 0; i < w0.length; i++) {
      const expected = name.endsWith('/kernel') ? -learningRate * (lambda / m) * w0[i]! : 0;
      expect(withL2[i]! - without[i]!).toBeCloseTo(expected, 6);
    }
  }
  tf.dispose([...Object.values(initial.params), ...Object.values(plain.params), ...Object.values(decayed.params)]);
  expect(countTensors()).toBe(before);
});

it('stops early when the dev error stops improving and restores the best epoch bit for bit', async () => {
  const before = countTensors();
  const options = { ...base, model: model(), optimizer: sgd({ learningRate: 0.3 }) };
  // minDelta 1: no epoch after the first can improve, so patience 1 stops after epoch 2 and goes back to epoch 1.
  const stopped = await train({
    ...options,
    epochs: 10,
    earlyStopping: earlyStopping({ monitor: 'devError', patience: 1, minDelta: 1 }),
  });
  expect(stopped.stoppedEarly).toEqual({ epoch: 2, bestEpoch: 1 });
  expect(stopped.history).toHaveLength(2);
  const oneEpoch = await train({ ...options, epochs: 1 });
  expect(values(stopped.params)).toEqual(values(oneEpoch.params));
  tf.dispose([...Object.values(stopped.params), ...Object.values(oneEpoch.params)]);
  expect(countTensors()).toBe(before);
});

it('rejects bad input with messages that say how to fix it', async () => {
  const run = (patch: Record<string, unknown>) =>
    train({ ...base, model: model(), optimizer: sgd({ learningRate: 0.1 }), epochs: 1, ...patch }).catch((e) => e);
  const outOfRange = { ...blobs(8, 1), y: { values: Int32Array.of(0, 1, 2, 0, 1, 0, 1, 0), shape: [8] } };
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ data: { train: outOfRange, dev: blobs(8, 2) } }, /label 2 at row 2 .* 2 outputs/],
    [
      { data: { train: blobs(8, 1), dev: { ...blobs(8, 2), y: { values: new Int32Array(0), shape: [0] } } } },
      /dev set is empty/,
    ],
    [{ epochs: 0 }, /epochs must be a positive integer, got 0/],
    [{ batchSize: 0.5 }, /batchSize must be a positive integer/],
    [{ schedule: inverseTimeDecay({ initial: 0.1, decayRate: 1 }) }, /optimizer: scheduled\(schedule/],
    [{ optimizer: (learningRate: number) => sgd({ learningRate }) }, /with a learning-rate schedule pass scheduled/],
    [{ trainable: () => true }, /freeze\(adam/],
    [{ trainSample: 0 }, /trainSample must be a positive integer .* got 0/],
    [{ trainSample: Number.NaN }, /trainSample must be a positive integer .* got NaN/],
    [{ trainSample: 2.5 }, /trainSample must be a positive integer .* got 2.5/],
    [{ trainSample: -1 }, /trainSample must be a positive integer .* got -1/],
    [
      { earlyStopping: earlyStopping({ monitor: 'trainDevError' }) },
      /monitors 'trainDevError', which this run does not record/,
    ],
    [{ callbacks: [{ onEpochEnd: 3 }] }, /callbacks\[0\].onEpochEnd must be a function/],
    [{ task: 'ranking' }, /task must be one of multiclass, multilabel, regression/],
    [{ inputShape: [3] }, /rows have 2 values but the model's input shape \[3\] needs 3/],
  ];
  for (const [patch, message] of cases) {
    const error = await run(patch);
    expect(error).toBeInstanceOf(PipelineError);
    expect((error as Error).message).toMatch(message);
  }
});

it('evaluates every n epochs and after the last, without changing what is learned', async () => {
  const options = { ...base, model: model(), optimizer: sgd({ learningRate: 0.2 }), epochs: 5 };
  const sparse = await train({ ...options, evaluateEvery: 2 });
  const dense_ = await train(options);
  expect(sparse.history.map((r) => r.epoch)).toEqual([2, 4, 5]);
  expect(values(sparse.params)).toEqual(values(dense_.params));
  expect(sparse.history[2]).toEqual({ ...dense_.history[4]!, seconds: sparse.history[2]!.seconds });
  tf.dispose([...Object.values(sparse.params), ...Object.values(dense_.params)]);
  const error = await train({ ...options, evaluateEvery: 0 }).catch((e) => e);
  expect(error.message).toMatch(/evaluateEvery must be a positive integer, got 0/);
});
