// The training-loop findings, one test each (each failed on the loop before it was split into parts).

import { rateInterval } from '@mlrecipe/metrics';
import { batchNorm, dense, sequential, softmaxCrossEntropy } from '@mlrecipe/nn';
import { adam, sgd } from '@mlrecipe/optim';
import { earlyStopping } from '@mlrecipe/regularizers';
import { countTensors, createRng, tf, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { evaluate, PipelineError, type TrainOptions, train } from '../src/index.js';
import { blobs } from './helpers/blobs.js';

await useBackend('wasm');

const base = {
  inputShape: [2],
  loss: softmaxCrossEntropy,
  batchSize: 32,
  seed: 5,
  progress: 'none' as const,
};

it('early stopping with batch norm gives back the best epoch’s statistics too: the model evaluates to the recorded best', async () => {
  const before = countTensors();
  // Noisy blobs, a wide layer and a fast rate overfit quickly; momentum 0.5 makes the statistics move a lot.
  const model = sequential([dense({ units: 32 }), batchNorm({ momentum: 0.5 }), dense({ units: 2 })]);
  const data = { train: blobs(300, 1, 0.5), dev: blobs(200, 2, 0.5) };
  const result = await train({
    ...base,
    model,
    data,
    optimizer: adam({ learningRate: 0.1 }),
    epochs: 30,
    earlyStopping: earlyStopping({ monitor: 'devLoss', patience: 3 }),
  });
  expect(result.stoppedEarly).toBeDefined();
  const best = result.history.find((r) => r.epoch === result.stoppedEarly!.bestEpoch)!;
  const now = evaluate(model, result, { dev: data.dev }, { inputShape: [2], loss: softmaxCrossEntropy });
  expect(now.dev.loss).toBe(best.devLoss);
  expect(now.dev.error).toBe(best.devError);
  tf.dispose([...Object.values(result.params), ...Object.values(result.state)]);
  expect(countTensors()).toBe(before);
});

it('evaluating every other epoch, early stopping reports the epoch of the lowest dev loss and counts patience in epochs', async () => {
  const model = sequential([dense({ units: 32, activation: 'relu' }), dense({ units: 2 })]);
  const result = await train({
    ...base,
    model,
    data: { train: blobs(100, 3, 0.4), dev: blobs(200, 4, 0.4) },
    optimizer: adam({ learningRate: 0.05 }),
    epochs: 60,
    evaluateEvery: 2,
    earlyStopping: earlyStopping({ monitor: 'devLoss', patience: 4 }),
  });
  const evaluated = result.history.map((r) => r.epoch);
  expect(evaluated.every((e) => e % 2 === 0)).toBe(true);
  const lowest = result.history.reduce((a, b) => (b.devLoss < a.devLoss ? b : a));
  expect(result.stoppedEarly).toEqual({ epoch: lowest.epoch + 4, bestEpoch: lowest.epoch });
  tf.dispose([...Object.values(result.params), ...Object.values(result.state)]);
});

it('monitor keys are checked before training: a key the run does not record is a typed error naming those it does', async () => {
  const model = sequential([dense({ units: 2 })]);
  const options: TrainOptions = {
    ...base,
    model,
    data: { train: blobs(40, 1), dev: blobs(20, 2) },
    optimizer: sgd({ learningRate: 0.1 }),
    epochs: 2,
    metrics: { accuracy: () => 1 },
    // @ts-expect-error 'devErrorRate' is not a MonitorKey (it was the regularizers README's example)
    earlyStopping: earlyStopping({ monitor: 'devErrorRate' }),
  };
  const before = countTensors();
  const error = await train(options).catch((e: Error) => e);
  expect(error).toBeInstanceOf(PipelineError);
  expect((error as Error).message).toMatch(
    /monitors 'devErrorRate', which this run does not record; it records trainLoss, trainError, devLoss, devError, dev_accuracy/,
  );
  expect(countTensors()).toBe(before);
  const byMetric = await train({
    ...options,
    earlyStopping: earlyStopping({ monitor: 'dev_accuracy', mode: 'max', patience: 0 }),
  });
  expect(byMetric.stoppedEarly).toEqual({ epoch: 2, bestEpoch: 1 });
  tf.dispose(Object.values(byMetric.params));
});

it('evaluate rejects a row count that is not a positive integer', () => {
  const model = sequential([dense({ units: 2 })]);
  const { params, state } = model.init([2], createRng(1));
  for (const rows of [-1, 2.5, 0, Number.NaN]) {
    expect(() => evaluate(model, { params, state }, { dev: blobs(10, 1) }, { inputShape: [2], rows })).toThrow(
      new RegExp(`rows must be a positive integer .*got ${rows}`),
    );
  }
  tf.dispose(Object.values(params));
});

it('the train error is measured on a seeded random sample, not on the first rows', async () => {
  // 600 rows whose last 100 are far harder (labels flipped): the first 300 rows never see them.
  const data = blobs(600, 7, 2);
  const y = Int32Array.from(data.y.values, (v, i) => (i >= 500 ? 1 - v : v));
  const hard = { x: data.x, y: { values: y, shape: [600] } };
  const model = sequential([dense({ units: 2 })]);
  const result = await train({
    ...base,
    model,
    data: { train: hard, dev: blobs(50, 8, 2) },
    optimizer: sgd({ learningRate: 0.1 }),
    epochs: 3,
    trainSample: 300,
  });
  const sample = Array.from(result.trainSample);
  expect(sample).toHaveLength(300);
  expect(new Set(sample).size).toBe(300);
  // About a sixth of the sample comes from the hard tail (hypergeometric sd ≈ 4.6 rows).
  const fromTail = sample.filter((i) => i >= 500).length;
  expect(Math.abs(fromTail - 50)).toBeLessThan(20);
  const all = evaluate(model, result, { train: hard }, { inputShape: [2] }).train.error;
  const sampled = result.history.at(-1)!.trainError;
  // Sampling without replacement: sd of the sampled rate ≈ √(p(1−p)/n · (N−n)/(N−1)) ≈ 1.6 points here.
  expect(Math.abs(sampled - all)).toBeLessThan(0.05);
  expect(all).toBeGreaterThan(0.12); // the flipped tail alone costs ≥ 1/6 minus what the model gets wrong elsewhere
  tf.dispose(Object.values(result.params));
});

it('gives the event loop turns while it trains and evaluates (a page or a server stays responsive)', async () => {
  const model = sequential([dense({ units: 64, activation: 'relu' }), dense({ units: 2 })]);
  let done = false;
  let ticks = 0;
  let last = performance.now();
  let longestGapMs = 0;
  const tick = () => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
    ticks++;
    if (!done) setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  const started = performance.now();
  const result = await train({
    ...base,
    model,
    data: { train: blobs(4000, 1), dev: blobs(3000, 2) },
    optimizer: adam({ learningRate: 0.01 }),
    batchSize: 16,
    epochs: 2,
  });
  done = true;
  const elapsedMs = performance.now() - started;
  // A synchronous loop would let the timer run about once; this one yields every ~30 ms of work.
  expect(ticks).toBeGreaterThan(Math.min(20, elapsedMs / 100));
  expect(longestGapMs).toBeLessThan(Math.max(1000, elapsedMs / 4));
  tf.dispose(Object.values(result.params));
});

it('with sources named, the train-error sample takes each source in its share, and its interval holds the true error', async () => {
  // 6,000 rows: 5,000 'web' rows first, then 1,000 harder 'app' rows (labels flipped with probability 0.4).
  const data = blobs(6000, 11, 1.5);
  const flip = createRng(12);
  const y = Int32Array.from(data.y.values, (v, i) => (i >= 5000 && flip.uniform() < 0.4 ? 1 - v : v));
  const sources = Array.from({ length: 6000 }, (_, i) => (i < 5000 ? 'web' : 'app'));
  const model = sequential([dense({ units: 2 })]);
  const result = await train({
    ...base,
    model,
    data: { train: { x: data.x, y: { values: y, shape: [6000] } }, dev: blobs(100, 13) },
    optimizer: sgd({ learningRate: 0.1 }),
    epochs: 2,
    trainSample: 1200,
    trainStrata: sources,
  });
  const fromApp = Array.from(result.trainSample).filter((i) => i >= 5000).length;
  expect(fromApp).toBe(200); // exactly 1,000/6,000 of 1,200
  const truth = evaluate(model, result, { train: { x: data.x, y: { values: y, shape: [6000] } } }, { inputShape: [2] })
    .train.error;
  const sampled = result.history.at(-1)!.trainError;
  const interval = rateInterval(Math.round(sampled * 1200), 1200);
  expect(truth).toBeGreaterThanOrEqual(interval.low);
  expect(truth).toBeLessThanOrEqual(interval.high);
  const badStrata = await train({
    ...base,
    model,
    data: { train: blobs(10, 1), dev: blobs(10, 2) },
    optimizer: sgd({ learningRate: 0.1 }),
    epochs: 1,
    trainStrata: ['a'],
  }).catch((e: Error) => e);
  expect((badStrata as Error).message).toMatch(
    /trainStrata must give one source per training row \(10 rows\), got 1 entries/,
  );
  tf.dispose(Object.values(result.params));
});

it('evaluate attaches Wilson intervals to error rates and a bootstrap interval to a mean absolute error', () => {
  const model = sequential([dense({ units: 2 })]);
  const { params, state } = model.init([2], createRng(3));
  const { dev } = evaluate(model, { params, state }, { dev: blobs(250, 4) }, { inputShape: [2] });
  // scipy-free reference: the Wilson interval of the same count (rateInterval is checked against statsmodels in metrics).
  const expected = rateInterval(dev.errorCount!, 250);
  expect(dev.errorInterval).toEqual({ low: expected.low, high: expected.high, confidence: 0.95, method: 'wilson' });
  expect(dev.errorCount! / 250).toBe(dev.error);
  const regression = sequential([dense({ units: 1 })]);
  const r = regression.init([2], createRng(4));
  const targets = { x: blobs(300, 5).x, y: { values: new Float32Array(300).fill(0.5), shape: [300, 1] } };
  const mae = evaluate(regression, r, { dev: targets }, { inputShape: [2], task: 'regression' }).dev;
  expect(mae.errorInterval!.method).toBe('percentile-bootstrap');
  expect(mae.errorInterval!.low).toBeLessThan(mae.error);
  expect(mae.errorInterval!.high).toBeGreaterThan(mae.error);
  tf.dispose([...Object.values(params), ...Object.values(r.params)]);
});
