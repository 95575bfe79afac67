import { tf, useBackend } from '@mlrecipe/tensor';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';
import { importLayersModel, NnError, toLayersArtifacts, UnsupportedLayerError } from '../src/index.js';
import { artifactsOf, disposeAll as dispose, maxGap as gap, random, randomiseWeights } from './helpers/interop.js';

await useBackend('wasm');

it('a tfjs-layers residual block (tf.model with layers.add) is imported as a graph model with named parameters and predicts the same', async () => {
  const x = tfl.input({ shape: [4], name: 'features' });
  const h1 = tfl.layers.dense({ units: 6, activation: 'relu', name: 'expand' }).apply(x) as tfl.SymbolicTensor;
  const h2 = tfl.layers.dense({ units: 4, name: 'project' }).apply(h1) as tfl.SymbolicTensor;
  const normed = tfl.layers.batchNormalization({ name: 'norm' }).apply(h2) as tfl.SymbolicTensor;
  const sum = tfl.layers.add({ name: 'skip' }).apply([x, normed]) as tfl.SymbolicTensor;
  const act = tfl.layers.activation({ activation: 'tanh', name: 'squash' }).apply(sum) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({ units: 2, activation: 'softmax', name: 'head' }).apply(act) as tfl.SymbolicTensor;
  const stock = tfl.model({ inputs: x, outputs: out });
  randomiseWeights(stock, 10);
  const artifacts = await artifactsOf(stock);
  const before = tf.memory().numTensors;
  const imported = await importLayersModel(artifacts);
  expect(imported.model.config().graph).toBeDefined();
  expect(imported.inputShape).toEqual([4]);
  expect(imported.model.names).toEqual(['dense_1', 'dense_2', 'batchNorm_1', 'add_1', 'activation_1', 'dense_3']);
  expect(imported.sourceNames).toEqual({
    dense_1: 'expand',
    dense_2: 'project',
    batchNorm_1: 'norm',
    add_1: 'skip',
    activation_1: 'squash',
    dense_3: 'head',
  });
  expect(Object.keys(imported.params).sort()).toEqual(
    [
      'dense_1/kernel',
      'dense_1/bias',
      'dense_2/kernel',
      'dense_2/bias',
      'batchNorm_1/gamma',
      'batchNorm_1/beta',
      'dense_3/kernel',
      'dense_3/bias',
    ].sort(),
  );
  expect(Object.keys(imported.state).sort()).toEqual(['batchNorm_1/movingMean', 'batchNorm_1/movingVariance']);
  expect(Array.from(imported.params['dense_2/kernel']!.dataSync())).toEqual(
    Array.from(stock.getLayer('project').getWeights()[0]!.dataSync()),
  );
  const data = random([5, 4], 3);
  const ours = imported.model.apply(imported.params, data, { state: imported.state });
  const theirs = stock.predict(data) as tf.Tensor;
  expect(ours.shape).toEqual([5, 2]);
  expect(gap(ours, theirs)).toBeLessThan(1e-6);
  tf.dispose([ours, theirs, data]);
  dispose(imported);
  expect(tf.memory().numTensors).toBe(before);
  stock.dispose();
});

it('a two-input tfjs-layers model with a shared layer and layers.concatenate imports with its inputs in order and one set of shared weights', async () => {
  const a = tfl.input({ shape: [3], name: 'left' });
  const b = tfl.input({ shape: [3], name: 'right' });
  const shared = tfl.layers.dense({ units: 4, activation: 'tanh', name: 'encoder' });
  const ea = shared.apply(a) as tfl.SymbolicTensor;
  const eb = shared.apply(b) as tfl.SymbolicTensor;
  const joined = tfl.layers.concatenate({ name: 'join' }).apply([ea, eb, b]) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({ units: 1, activation: 'sigmoid', name: 'score' }).apply(joined) as tfl.SymbolicTensor;
  const stock = tfl.model({ inputs: [a, b], outputs: out });
  randomiseWeights(stock, 20);
  const artifacts = await artifactsOf(stock);
  const before = tf.memory().numTensors;
  const imported = await importLayersModel(artifacts);
  expect(imported.inputShape).toEqual({ left: [3], right: [3] });
  expect(imported.model.config().graph!.inputs.map((i) => i.name)).toEqual(['left', 'right']);
  expect(Object.keys(imported.params).filter((k) => k.startsWith('dense_1/'))).toEqual([
    'dense_1/kernel',
    'dense_1/bias',
  ]);
  expect(imported.model.config().graph!.nodes.filter((n) => n.layer === 0)).toHaveLength(2);
  const xa = random([6, 3], 4);
  const xb = random([6, 3], 5);
  const ours = imported.model.apply(imported.params, { left: xa, right: xb }, { state: imported.state });
  const theirs = stock.predict([xa, xb]) as tf.Tensor;
  expect(gap(ours, theirs)).toBeLessThan(1e-6);
  // Exported back, stock tfjs-layers loads it and predicts the same again.
  const back = await tfl.loadLayersModel(
    tf.io.fromMemory(await toLayersArtifacts(imported.model, imported, imported.inputShape)),
  );
  const again = back.predict([xa, xb]) as tf.Tensor;
  expect(gap(again, theirs)).toBeLessThan(1e-6);
  back.dispose();
  // tfjs-layers keeps a reference per call of a layer; the shared one was called twice.
  back.getLayer('dense_1').dispose();
  tf.dispose([ours, theirs, again, xa, xb]);
  dispose(imported);
  expect(tf.memory().numTensors).toBe(before);
  stock.dispose();
  shared.dispose();
});

it('a functional model with layers mlrecipe cannot compute is one UnsupportedLayerError listing them all, and nothing leaks', async () => {
  const a = tfl.input({ shape: [3], name: 'a' });
  const b = tfl.input({ shape: [3], name: 'b' });
  const product = tfl.layers.multiply({ name: 'product' }).apply([a, b]) as tfl.SymbolicTensor;
  const elu = tfl.layers.dense({ units: 3, activation: 'elu', name: 'elu_dense' }).apply(product) as tfl.SymbolicTensor;
  const out = tfl.layers.add({ name: 'sum' }).apply([elu, a]) as tfl.SymbolicTensor;
  const stock = tfl.model({ inputs: [a, b], outputs: out });
  const artifacts = await artifactsOf(stock);
  const before = tf.memory().numTensors;
  const error = await importLayersModel(artifacts).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnsupportedLayerError);
  expect((error as UnsupportedLayerError).layers.map((l) => [l.name, l.kind])).toEqual([
    ['product', 'Multiply'],
    ['elu_dense', 'Dense'],
  ]);
  expect((error as UnsupportedLayerError).message).toMatch(/activation "elu" is not one of/);
  expect(tf.memory().numTensors).toBe(before);
  stock.dispose();
});

it('a malformed functional config is a typed error naming what is wrong', async () => {
  const layer = (name: string, className: string, inbound: unknown, config: object = {}) => ({
    name,
    class_name: className,
    config: { name, ...config },
    inbound_nodes: inbound,
  });
  const inputLayer = layer('x', 'InputLayer', [], { batch_input_shape: [null, 2] });
  const topology = (layers: unknown[], outputs: unknown = [['d', 0, 0]]) => ({
    modelTopology: {
      class_name: 'Model',
      config: { name: 'm', layers, input_layers: [['x', 0, 0]], output_layers: outputs },
    },
    weightSpecs: [],
    weightData: new ArrayBuffer(0),
  });
  const dense = (inbound: unknown) => layer('d', 'Dense', inbound, { units: 1 });
  await expect(importLayersModel(topology([inputLayer, dense([[['nowhere', 0, 0, {}]]])]))).rejects.toThrow(
    /layer 'd' takes its input from 'nowhere', which is not a layer of the model/,
  );
  await expect(importLayersModel(topology([inputLayer, dense([[['x', 1, 0, {}]]])]))).rejects.toThrow(
    /take inputs from nodes that never exist/,
  );
  await expect(importLayersModel(topology([inputLayer, dense([[{ args: [] }]])]))).rejects.toThrow(
    /layer 1 of the functional model must be \{ name, class_name, config, inbound_nodes/,
  );
  await expect(
    importLayersModel(
      topology(
        [inputLayer, dense([[['x', 0, 0, {}]]])],
        [
          ['d', 0, 0],
          ['x', 0, 0],
        ],
      ),
    ),
  ).rejects.toThrow(/mlrecipe graph models have one output/);
  await expect(importLayersModel(topology([inputLayer, dense([[['x', 0, 0, {}]]])]))).rejects.toThrow(
    /has no weight 'kernel' in the file/,
  );
  await expect(importLayersModel(topology([inputLayer, dense([[['x', 0, 0, {}]]])]))).rejects.toBeInstanceOf(NnError);
});

it("a converted Keras functional model (model_config wrapper, class_name 'Functional') imports the same way", async () => {
  const x = tfl.input({ shape: [3], name: 'input_1' });
  const h = tfl.layers.dense({ units: 3, activation: 'relu', name: 'dense' }).apply(x) as tfl.SymbolicTensor;
  const sum = tfl.layers.add({ name: 'add' }).apply([x, h]) as tfl.SymbolicTensor;
  const stock = tfl.model({ inputs: x, outputs: sum });
  randomiseWeights(stock, 30);
  const saved = await artifactsOf(stock);
  const { class_name: _, ...rest } = saved.modelTopology as { class_name: string };
  const converted = { ...saved, modelTopology: { model_config: { ...rest, class_name: 'Functional' } } };
  const before = tf.memory().numTensors;
  const imported = await importLayersModel(converted);
  const data = random([4, 3], 6);
  const ours = imported.model.apply(imported.params, data);
  const theirs = stock.predict(data) as tf.Tensor;
  expect(gap(ours, theirs)).toBeLessThan(1e-6);
  tf.dispose([ours, theirs, data]);
  dispose(imported);
  expect(tf.memory().numTensors).toBe(before);
  stock.dispose();
});
