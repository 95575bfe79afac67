import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, tf, useBackend } from '@mlrecipe/tensor';
import * as tfl from '@tensorflow/tfjs-layers';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  type ActivationName,
  activationLayer,
  avgPool2d,
  batchNorm,
  bidirectional,
  conv1d,
  conv2d,
  dense,
  dropout,
  embedding,
  flatten,
  globalAveragePool1d,
  globalAveragePool2d,
  gru,
  type Layer,
  layerNorm,
  lstm,
  type Model,
  type ModelVariables,
  maxPool2d,
  saveModel,
  sequential,
  simpleRnn,
  toLayersArtifacts,
  UnsupportedLayerError,
} from '../src/index.js';
import { fileHandler } from '../src/node.js';
import { disposeAll, maxGap, perturb, random } from './helpers/interop.js';

await useBackend('wasm');

/** Largest |a − b| between mlrecipe's output and stock tfjs-layers' for the same input. */
async function gapWithStockTfjs(model: Model, variables: ModelVariables, inputShape: number[], x: tf.Tensor) {
  const artifacts = await toLayersArtifacts(model, variables, inputShape);
  const stock = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  const ours = model.apply(variables.params, x, { state: variables.state });
  const theirs = stock.predict(x) as tf.Tensor;
  expect(theirs.shape).toEqual(ours.shape);
  const gap = maxGap(ours, theirs);
  tf.dispose([ours, theirs]);
  stock.dispose();
  return gap;
}

it('a CNN with batch norm, pooling, dropout and leaky relu runs in stock tfjs-layers with the same predictions (saved to files)', async () => {
  const before = tf.memory().numTensors;
  const model = sequential([
    conv2d({ filters: 4, kernelSize: 3, activation: 'relu' }),
    batchNorm({ momentum: 0.9 }),
    maxPool2d(),
    conv2d({ filters: 3, kernelSize: [2, 3], strides: [1, 2], padding: 'valid', activation: 'leakyRelu' }),
    avgPool2d({ poolSize: 2, strides: 1, padding: 'same' }),
    dropout({ keepProb: 0.7 }),
    flatten(),
    dense({ units: 5, activation: 'tanh' }),
    dense({ units: 3, activation: 'softmax', useBias: false }),
  ]);
  const variables = model.init([12, 12, 2], createRng(3));
  perturb(variables, 100);
  const x = random([4, 12, 12, 2], 7);
  const dir = mkdtempSync(join(tmpdir(), 'mlrecipe-tfjs-layers-'));
  await saveModel(model, variables, [12, 12, 2], fileHandler(dir), { format: 'tfjs-layers' });
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  expect(json.format).toBe('layers-model');
  expect(json.modelTopology.config.layers.map((l: { class_name: string }) => l.class_name)).toEqual([
    'Conv2D',
    'BatchNormalization',
    'MaxPooling2D',
    'Conv2D',
    'LeakyReLU',
    'AveragePooling2D',
    'Dropout',
    'Flatten',
    'Dense',
    'Dense',
  ]);
  const stock = await tfl.loadLayersModel(fileHandler(dir));
  const ours = model.apply(variables.params, x, { state: variables.state });
  const theirs = stock.predict(x) as tf.Tensor;
  expect(theirs.shape).toEqual([4, 3]);
  const gap = maxGap(ours, theirs);
  expect(gap).toBeLessThan(1e-6);
  // The moving statistics arrived: with the starting ones (0 and 1) the outputs would differ.
  const bnMean = stock.getLayer('batchNorm_1').getWeights()[2]!;
  expect(Array.from(bnMean.dataSync())).toEqual(Array.from(variables.state['batchNorm_1/movingMean']!.dataSync()));
  tf.dispose([ours, theirs, x]);
  stock.dispose();
  disposeAll(variables);
  expect(tf.memory().numTensors).toBe(before);
});

it('embedding, conv1d, lstm, simple RNN, layer norm and global pooling run in stock tfjs-layers with the same predictions', async () => {
  const before = tf.memory().numTensors;
  const model = sequential([
    embedding({ inputDim: 7, outputDim: 4 }),
    conv1d({ filters: 5, kernelSize: 3, activation: 'relu' }),
    lstm({ units: 6, returnSequences: true }),
    simpleRnn({ units: 4, returnSequences: true }),
    layerNorm({ epsilon: 1e-3 }),
    globalAveragePool1d(),
    dense({ units: 1, activation: 'sigmoid' }),
  ]);
  const variables = model.init([9], createRng(5));
  perturb(variables, 200);
  const rng = createRng(9);
  const x = tf.tensor2d(
    Float32Array.from({ length: 3 * 9 }, () => rng.int(7)),
    [3, 9],
  );
  expect(await gapWithStockTfjs(model, variables, [9], x)).toBeLessThan(1e-6);
  tf.dispose(x);
  disposeAll(variables);
  expect(tf.memory().numTensors).toBe(before);
});

it('global average pooling over images exports too', async () => {
  const model = sequential([conv2d({ filters: 2, kernelSize: 1 }), globalAveragePool2d(), dense({ units: 2 })]);
  const variables = model.init([5, 5, 3], createRng(1));
  perturb(variables, 300);
  const x = random([2, 5, 5, 3], 2);
  expect(await gapWithStockTfjs(model, variables, [5, 5, 3], x)).toBeLessThan(1e-6);
  tf.dispose(x);
  disposeAll(variables);
});

it('a layer tfjs-layers cannot compute the same way is a typed error naming every such layer, with nothing left allocated', async () => {
  const model = sequential([
    lstm({ units: 3, maskValue: 0, returnSequences: true }),
    gru({ units: 2 }),
    dense({ units: 1 }),
  ]);
  const variables = model.init([4, 2], createRng(1));
  const before = tf.memory().numTensors;
  const error = await toLayersArtifacts(model, variables, [4, 2]).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnsupportedLayerError);
  const typed = error as UnsupportedLayerError;
  expect(typed.code).toBe('UNSUPPORTED_LAYER');
  expect(typed.layers.map((l) => l.name)).toEqual(['lstm_1', 'gru_1']);
  expect(typed.message).toMatch(/gru_1 \(gru\): .*reset_after/);
  expect(typed.message).toMatch(/lstm_1 \(lstm\): maskValue/);
  const neverWritten = tf.io.withSaveHandler(async () => {
    throw new Error('an unsupported model must not reach the handler');
  });
  await expect(saveModel(model, variables, [4, 2], neverWritten, { format: 'tfjs-layers' })).rejects.toThrow(
    UnsupportedLayerError,
  );
  await expect(saveModel(model, variables, [4, 2], neverWritten, { format: 'keras' as 'mlrecipe' })).rejects.toThrow(
    /format must be 'mlrecipe' or 'tfjs-layers', got "keras"/,
  );
  expect(tf.memory().numTensors).toBe(before);
  disposeAll(variables);
});

it('any mix of dense, batch norm, dropout, activations and bias choices exports with the same predictions (seeded property)', async () => {
  const activations: ActivationName[] = ['linear', 'relu', 'leakyRelu', 'sigmoid', 'tanh', 'softmax'];
  const block = fc.record({
    units: fc.integer({ min: 1, max: 6 }),
    activation: fc.constantFrom(...activations),
    useBias: fc.boolean(),
    norm: fc.boolean(),
    keepProb: fc.option(fc.double({ min: 0.1, max: 1, noNaN: true }), { nil: undefined }),
  });
  await fc.assert(
    fc.asyncProperty(
      fc.array(block, { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 1, max: 8 }),
      async (blocks, features) => {
        const layers: Layer[] = blocks.flatMap((b) => [
          dense({ units: b.units, activation: b.activation, useBias: b.useBias }),
          ...(b.norm ? [batchNorm()] : []),
          ...(b.keepProb === undefined ? [] : [dropout({ keepProb: b.keepProb })]),
        ]);
        const model = sequential(layers);
        const variables = model.init([features], createRng(blocks.length));
        perturb(variables, 400);
        const x = random([3, features], 11);
        const gap = await gapWithStockTfjs(model, variables, [features], x);
        tf.dispose(x);
        disposeAll(variables);
        expect(gap).toBeLessThan(1e-6);
      },
    ),
    { seed: 19, numRuns: 25 },
  );
});

it("Keras' conv → batch norm → activation order exports with activation layers of their own, relu and leaky relu", async () => {
  const model = sequential([
    conv2d({ filters: 3, kernelSize: 3 }),
    batchNorm(),
    activationLayer('relu'),
    flatten(),
    dense({ units: 4 }),
    batchNorm(),
    activationLayer('leakyRelu'),
    dense({ units: 2, activation: 'softmax' }),
  ]);
  const variables = model.init([6, 6, 2], createRng(4));
  perturb(variables, 500);
  const x = random([3, 6, 6, 2], 8);
  expect(await gapWithStockTfjs(model, variables, [6, 6, 2], x)).toBeLessThan(1e-6);
  const artifacts = await toLayersArtifacts(model, variables, [6, 6, 2]);
  const classes = (artifacts.modelTopology as { config: { layers: Array<{ class_name: string }> } }).config.layers.map(
    (l) => l.class_name,
  );
  expect(classes).toEqual([
    'Conv2D',
    'BatchNormalization',
    'Activation',
    'Flatten',
    'Dense',
    'BatchNormalization',
    'LeakyReLU',
    'Dense',
  ]);
  tf.dispose(x);
  disposeAll(variables);
});

it('bidirectional LSTM (concat) and simple RNN (sum) export to tfjs-layers Bidirectional with the same predictions', async () => {
  const model = sequential([
    bidirectional(lstm({ units: 3, returnSequences: true })),
    bidirectional(simpleRnn({ units: 2 }), { merge: 'sum' }),
    dense({ units: 2 }),
  ]);
  const variables = model.init([5, 4], createRng(6));
  perturb(variables, 600);
  const x = random([3, 5, 4], 12);
  expect(await gapWithStockTfjs(model, variables, [5, 4], x)).toBeLessThan(1e-6);
  const unsupported = sequential([bidirectional(gru({ units: 2 }))]);
  const v = unsupported.init([5, 4], createRng(1));
  await expect(toLayersArtifacts(unsupported, v, [5, 4])).rejects.toThrow(
    /bidirectional_1 \(bidirectional\): its gru: .*reset_after/,
  );
  tf.dispose(x);
  disposeAll(variables);
  disposeAll(v);
});
