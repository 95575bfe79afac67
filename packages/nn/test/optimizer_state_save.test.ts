import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adam, createOptimizer, type Optimizer, sgd } from '@mlrecipe/optim';
import { createRng, tf, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import {
  batchNorm,
  dense,
  dropout,
  loadModel,
  type Model,
  type ModelVariables,
  NnError,
  saveModel,
  sequential,
  softmaxCrossEntropy,
  valueAndGrads,
} from '../src/index.js';
import { fileHandler } from '../src/node.js';

await useBackend('wasm');

const build = () =>
  sequential([dense({ units: 8, activation: 'relu' }), batchNorm(), dropout({ keepProb: 0.8 }), dense({ units: 3 })]);
const rows = createRng(2);
const x = tf.tensor2d(
  Float32Array.from({ length: 24 * 4 }, () => rows.normal()),
  [24, 4],
);
const y = tf.tensor1d(
  Int32Array.from({ length: 24 }, (_, i) => i % 3),
  'int32',
);

function steps(model: Model, v: ModelVariables, optimizer: Optimizer<unknown>, from: number, to: number) {
  const rng = createRng(7);
  for (let t = from; t < to; t++) {
    const { value, grads } = valueAndGrads(
      () =>
        softmaxCrossEntropy(
          y,
          model.apply(v.params, x, { training: true, state: v.state, rng: rng.fork(`step-${t}`) }),
        ),
      v.params,
    );
    optimizer.step(grads);
    tf.dispose([value, ...Object.values(grads)]);
  }
}
const values = (tree: Record<string, tf.Variable>) =>
  Object.fromEntries(Object.entries(tree).map(([k, t]) => [k, Array.from(t.dataSync())]));
const disposeAll = (v: ModelVariables) => tf.dispose([...Object.values(v.params), ...Object.values(v.state)]);

it("Adam's moments and step count saved with the model let training continue bit-identically to a run that never stopped", async () => {
  const before = tf.memory().numTensors;
  const model = build();
  const straight = model.init([4], createRng(1));
  const straightOptimizer = createOptimizer(adam({ learningRate: 0.05 }), straight.params);
  steps(model, straight, straightOptimizer, 0, 6);

  const first = model.init([4], createRng(1));
  const firstOptimizer = createOptimizer(adam({ learningRate: 0.05 }), first.params);
  steps(model, first, firstOptimizer, 0, 3);
  const dir = mkdtempSync(join(tmpdir(), 'mlrecipe-optimizer-state-'));
  await saveModel(model, first, [4], fileHandler(dir), { optimizerState: firstOptimizer.state });
  firstOptimizer.dispose();
  disposeAll(first);

  const loaded = await loadModel(fileHandler(dir));
  const resumedOptimizer = createOptimizer(adam({ learningRate: 0.05 }), loaded.params);
  resumedOptimizer.setState(loaded.optimizerState as typeof resumedOptimizer.state);
  steps(loaded.model, loaded, resumedOptimizer, 3, 6);
  expect(values(loaded.params)).toEqual(values(straight.params));
  expect(values(loaded.state)).toEqual(values(straight.state));

  // Without the state, Adam restarts its moments and bias correction: the parameters differ.
  const forgetful = await loadModel(fileHandler(dir));
  expect(forgetful.optimizerState).toBeDefined();
  const freshOptimizer = createOptimizer(adam({ learningRate: 0.05 }), forgetful.params);
  steps(forgetful.model, forgetful, freshOptimizer, 3, 6);
  expect(values(forgetful.params)).not.toEqual(values(straight.params));

  for (const o of [straightOptimizer, resumedOptimizer, freshOptimizer]) o.dispose();
  tf.dispose(forgetful.optimizerState as tf.TensorContainer);
  for (const v of [straight, loaded, forgetful]) disposeAll(v);
  expect(tf.memory().numTensors).toBe(before);
});

it('a model saved without an optimizer state loads without one, and a stateless optimizer round-trips its counters', async () => {
  const model = build();
  const v = model.init([4], createRng(3));
  const optimizer = createOptimizer(sgd({ learningRate: 0.1 }), v.params);
  steps(model, v, optimizer, 0, 2);
  const dir = mkdtempSync(join(tmpdir(), 'mlrecipe-optimizer-state-'));
  await saveModel(model, v, [4], fileHandler(dir));
  const plain = await loadModel(fileHandler(dir));
  expect(plain.optimizerState).toBeUndefined();
  await saveModel(model, v, [4], fileHandler(dir), { optimizerState: optimizer.state });
  const withState = await loadModel(fileHandler(dir));
  expect(withState.optimizerState).toEqual(JSON.parse(JSON.stringify(optimizer.state)));
  for (const w of [v, plain, withState]) disposeAll(w);
  optimizer.dispose();
});

it('an optimizer state that is not plain data, or one asked of the tfjs-layers format, is a typed error before anything is written', async () => {
  const model = build();
  const v = model.init([4], createRng(3));
  const optimizer = createOptimizer(adam({ learningRate: 0.1 }), v.params);
  const neverWritten = tf.io.withSaveHandler(async () => {
    throw new Error('must not be reached');
  });
  await expect(saveModel(model, v, [4], neverWritten, { optimizerState: optimizer })).rejects.toThrow(
    /optimizerState\.step is .*give optimizer.state \(plain objects of tensors and numbers\), not the optimizer/,
  );
  await expect(saveModel(model, v, [4], neverWritten, { optimizerState: { count: Number.NaN } })).rejects.toThrow(
    /optimizerState\.count is NaN; it must be finite/,
  );
  await expect(
    saveModel(model, v, [4], neverWritten, { format: 'tfjs-layers', optimizerState: optimizer.state }),
  ).rejects.toThrow(NnError);
  optimizer.dispose();
  disposeAll(v);
});
