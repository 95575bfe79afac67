import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, tf, useBackend } from '@mlrecipe/tensor';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';
import {
  gru,
  importLayersModel,
  loadModel,
  NnError,
  saveModel,
  sequential,
  UnsupportedLayerError,
} from '../src/index.js';
import { fileHandler } from '../src/node.js';
import { artifactsOf, maxGap as gap, random, randomiseWeights } from './helpers/interop.js';

await useBackend('wasm');

it('a tfjs-layers CNN built here, saved to files, is imported with named parameters and predicts the same', async () => {
  const stock = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [10, 10, 2], filters: 4, kernelSize: 3, padding: 'same' }),
      tfl.layers.leakyReLU({ alpha: 0.01 }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.batchNormalization({ epsilon: 1e-3 }),
      tfl.layers.conv2d({ filters: 3, kernelSize: [3, 2], strides: 1, padding: 'valid', activation: 'relu' }),
      tfl.layers.flatten(),
      tfl.layers.dropout({ rate: 0.25 }),
      tfl.layers.dense({ units: 6 }),
      tfl.layers.activation({ activation: 'tanh' }),
      tfl.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  randomiseWeights(stock, 1);
  const dir = mkdtempSync(join(tmpdir(), 'mlrecipe-import-'));
  await stock.save(fileHandler(dir));
  const before = tf.memory().numTensors;
  const imported = await importLayersModel(fileHandler(dir));
  expect(imported.inputShape).toEqual([10, 10, 2]);
  expect(imported.model.names).toEqual([
    'conv2d_1',
    'maxPool2d_1',
    'batchNorm_1',
    'conv2d_2',
    'flatten_1',
    'dropout_1',
    'dense_1',
    'dense_2',
  ]);
  expect(imported.model.layers.map((l) => l.config.activation ?? '-')).toEqual([
    'leakyRelu',
    '-',
    '-',
    'relu',
    '-',
    '-',
    'tanh',
    'softmax',
  ]);
  expect(imported.model.layers[5]!.config.keepProb).toBe(0.75);
  expect(imported.sourceNames.dense_2).toBe(stock.layers[9]!.name);
  expect(Object.keys(imported.state).sort()).toEqual(['batchNorm_1/movingMean', 'batchNorm_1/movingVariance']);
  const x = random([5, 10, 10, 2], 3);
  const ours = imported.model.apply(imported.params, x, { state: imported.state });
  const theirs = stock.predict(x) as tf.Tensor;
  expect(gap(ours, theirs)).toBeLessThan(1e-6);
  // loadModel recognises the format and imports the same model.
  const loaded = await loadModel(fileHandler(dir));
  const again = loaded.model.apply(loaded.params, x, { state: loaded.state });
  expect(Array.from(again.dataSync())).toEqual(Array.from(ours.dataSync()));
  tf.dispose([x, ours, theirs, again]);
  for (const v of [imported, loaded]) tf.dispose([...Object.values(v.params), ...Object.values(v.state)]);
  expect(tf.memory().numTensors).toBe(before);
  stock.dispose();
});

it('a tfjs-layers sequence model (embedding, sigmoid-gated LSTM, simple RNN, layer norm) imports from in-memory artifacts and predicts the same', async () => {
  const stock = tfl.sequential({
    layers: [
      tfl.layers.embedding({ inputShape: [7], inputDim: 9, outputDim: 4 }),
      tfl.layers.conv1d({ filters: 5, kernelSize: 2, padding: 'same', activation: 'relu' }),
      tfl.layers.lstm({ units: 6, recurrentActivation: 'sigmoid', returnSequences: true }),
      tfl.layers.simpleRNN({ units: 4, returnSequences: true }),
      tfl.layers.layerNormalization({ epsilon: 1e-3 }),
      tfl.layers.globalAveragePooling1d(),
      tfl.layers.dense({ units: 2, useBias: false }),
    ],
  });
  randomiseWeights(stock, 50);
  const imported = await importLayersModel(tf.io.fromMemory(await artifactsOf(stock)));
  const rng = createRng(4);
  const x = tf.tensor2d(
    Float32Array.from({ length: 3 * 7 }, () => rng.int(9)),
    [3, 7],
  );
  const ours = imported.model.apply(imported.params, x, { state: imported.state });
  const theirs = stock.predict(x) as tf.Tensor;
  expect(gap(ours, theirs)).toBeLessThan(1e-6);
  tf.dispose([x, ours, theirs, ...Object.values(imported.params)]);
  stock.dispose();
});

it("a Keras GRU with reset_after (bias [2, 3·units]) becomes mlrecipe's gru, the input and recurrent biases split by row", async () => {
  // Written as the Keras converter writes it (model_config wrapper), from an mlrecipe gru's weights.
  const reference = sequential([gru({ units: 3, returnSequences: true })]);
  const variables = reference.init([4, 2], createRng(8));
  for (const [k, v] of Object.entries(variables.params)) {
    const noise = random(v.shape, k.length, 0.5);
    v.assign(noise);
    noise.dispose();
  }
  const bias = tf.stack([variables.params['gru_1/bias']!, variables.params['gru_1/recurrentBias']!]);
  const named = {
    'gru/gru_cell/kernel': variables.params['gru_1/kernel']!,
    'gru/gru_cell/recurrent_kernel': variables.params['gru_1/recurrentKernel']!,
    'gru/gru_cell/bias': bias,
  };
  const { data, specs } = await tf.io.encodeWeights(named);
  const gruConfig = {
    name: 'gru',
    units: 3,
    activation: 'tanh',
    recurrent_activation: 'sigmoid',
    use_bias: true,
    reset_after: true,
    return_sequences: true,
    return_state: false,
    go_backwards: false,
    stateful: false,
    dropout: 0,
    recurrent_dropout: 0,
  };
  const topology = {
    keras_version: '2.15.0',
    backend: 'tensorflow',
    model_config: {
      class_name: 'Sequential',
      config: {
        name: 'sequential',
        layers: [
          { class_name: 'InputLayer', config: { batch_input_shape: [null, 4, 2], name: 'input_1' } },
          { class_name: 'GRU', config: gruConfig },
        ],
      },
    },
  };
  const imported = await importLayersModel({ modelTopology: topology, weightSpecs: specs, weightData: data });
  const x = random([2, 4, 2], 5);
  const ours = imported.model.apply(imported.params, x);
  const expected = reference.apply(variables.params, x);
  expect(Array.from(ours.dataSync())).toEqual(Array.from(expected.dataSync()));
  tf.dispose([x, ours, expected, bias, ...Object.values(variables.params), ...Object.values(imported.params)]);
});

it('layers mlrecipe cannot compute the same way are one typed error listing all of them, with nothing left allocated', async () => {
  const stock = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3, dilationRate: 2 }),
      tfl.layers.activation({ activation: 'elu' }),
      tfl.layers.reshape({ targetShape: [(4 * 4 * 2) / 2, 2] }),
      tfl.layers.gru({ units: 2, returnSequences: true }), // reset_after false in tfjs-layers
      tfl.layers.lstm({ units: 2 }), // hard_sigmoid gates by default
    ],
  });
  const artifacts = await artifactsOf(stock);
  const before = tf.memory().numTensors;
  const error = await importLayersModel(artifacts).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnsupportedLayerError);
  const typed = error as UnsupportedLayerError;
  expect(typed.code).toBe('UNSUPPORTED_LAYER');
  expect(typed.layers.map((l) => l.kind)).toEqual(['Conv2D', 'Activation', 'Reshape', 'GRU', 'LSTM']);
  expect(typed.message).toMatch(/dilation_rate \[2,2\]: dilated convolutions are not supported/);
  expect(typed.message).toMatch(/activation "elu" is not one of linear, relu, sigmoid, tanh, softmax/);
  expect(typed.message).toMatch(/reset_after false/);
  expect(typed.message).toMatch(/recurrent_activation "hard_sigmoid": mlrecipe lstm gates use sigmoid/);
  expect(tf.memory().numTensors).toBe(before);
  stock.dispose();
  // Not a sequential model at all, and weights that do not fit: typed errors too.
  await expect(importLayersModel({ modelTopology: { class_name: 'Functional', config: {} } })).rejects.toThrow(
    /a functional model's config must have layers and input_layers, got \{\}/,
  );
  await expect(importLayersModel({ modelTopology: { class_name: 'Subclassed', config: {} } })).rejects.toThrow(
    /expects a tfjs-layers Sequential or functional \(Model\) model, got class_name "Subclassed"/,
  );
  const dense = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [3], units: 2 })] });
  const good = await artifactsOf(dense);
  const wrong = {
    ...good,
    weightSpecs: good.weightSpecs!.map((s) => ({ ...s, name: s.name.replace('kernel', 'kern') })),
  };
  const count = tf.memory().numTensors;
  await expect(importLayersModel(wrong)).rejects.toThrow(NnError);
  await expect(importLayersModel(wrong)).rejects.toThrow(/has no weight 'kernel' in the file/);
  expect(tf.memory().numTensors).toBe(count);
  dense.dispose();
});

it('reads a converted model whose weights are split in shards, as the Keras converter writes them', async () => {
  const stock = tfl.sequential({
    layers: [tfl.layers.dense({ inputShape: [3], units: 4 }), tfl.layers.dense({ units: 2 })],
  });
  randomiseWeights(stock, 90);
  const artifacts = await artifactsOf(stock);
  const bytes = new Uint8Array(artifacts.weightData as ArrayBuffer);
  const dir = mkdtempSync(join(tmpdir(), 'mlrecipe-shards-'));
  const { writeFileSync } = await import('node:fs');
  const cut = 20; // mid-tensor: shards are byte ranges, not tensors
  writeFileSync(join(dir, 'group1-shard1of2.bin'), bytes.subarray(0, cut));
  writeFileSync(join(dir, 'group1-shard2of2.bin'), bytes.subarray(cut));
  writeFileSync(
    join(dir, 'model.json'),
    JSON.stringify({
      format: 'layers-model',
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: artifacts.weightSpecs }],
    }),
  );
  const imported = await importLayersModel(fileHandler(dir));
  const x = random([2, 3], 4);
  const ours = imported.model.apply(imported.params, x);
  const theirs = stock.predict(x) as tf.Tensor;
  expect(gap(ours, theirs)).toBeLessThan(1e-6);
  tf.dispose([x, ours, theirs, ...Object.values(imported.params)]);
  stock.dispose();
});

it("an activation after batch norm (Keras' conv → batch norm → relu) becomes an activation layer; one after a linear layer folds into it", async () => {
  const stock = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, useBias: true }),
      tfl.layers.batchNormalization(),
      tfl.layers.activation({ activation: 'relu' }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 4, activation: 'relu' }),
      tfl.layers.activation({ activation: 'softmax' }),
    ],
  });
  randomiseWeights(stock, 70);
  const imported = await importLayersModel(await artifactsOf(stock));
  expect(imported.model.names).toEqual([
    'conv2d_1',
    'batchNorm_1',
    'activation_1',
    'flatten_1',
    'dense_1',
    'activation_2',
  ]);
  const x = random([2, 6, 6, 2], 9);
  const ours = imported.model.apply(imported.params, x, { state: imported.state });
  const theirs = stock.predict(x) as tf.Tensor;
  expect(gap(ours, theirs)).toBeLessThan(1e-6);
  // And it survives mlrecipe's own format.
  const dir = mkdtempSync(join(tmpdir(), 'mlrecipe-activation-'));
  await saveModel(imported.model, imported, imported.inputShape, fileHandler(dir));
  const loaded = await loadModel(fileHandler(dir));
  const again = loaded.model.apply(loaded.params, x, { state: loaded.state });
  expect(Array.from(again.dataSync())).toEqual(Array.from(ours.dataSync()));
  tf.dispose([x, ours, theirs, again]);
  for (const v of [imported, loaded]) tf.dispose([...Object.values(v.params), ...Object.values(v.state)]);
  stock.dispose();
});

it('a tfjs-layers Bidirectional LSTM imports as bidirectional(lstm), forward and backward weights in place', async () => {
  const stock = tfl.sequential({
    layers: [
      tfl.layers.bidirectional({
        inputShape: [6, 3],
        layer: tfl.layers.lstm({ units: 4, recurrentActivation: 'sigmoid', returnSequences: true }) as tfl.RNN,
        mergeMode: 'concat',
      }),
      tfl.layers.bidirectional({ layer: tfl.layers.simpleRNN({ units: 2 }) as tfl.RNN, mergeMode: 'sum' }),
    ],
  });
  randomiseWeights(stock, 80);
  const imported = await importLayersModel(await artifactsOf(stock));
  expect(imported.model.names).toEqual(['bidirectional_1', 'bidirectional_2']);
  const x = random([2, 6, 3], 13);
  const ours = imported.model.apply(imported.params, x);
  const theirs = stock.predict(x) as tf.Tensor;
  expect(gap(ours, theirs)).toBeLessThan(1e-6);
  tf.dispose([x, ours, theirs, ...Object.values(imported.params)]);
  stock.dispose();
});
