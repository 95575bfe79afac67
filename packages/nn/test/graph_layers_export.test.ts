import { createRng, tf, useBackend } from '@mlrecipe/tensor';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';
import {
  activationLayer,
  add,
  batchNorm,
  concatenate,
  connect,
  conv2d,
  dense,
  globalAveragePool2d,
  graphModel,
  gru,
  importLayersModel,
  input,
  loadModel,
  lstm,
  saveModel,
  toLayersArtifacts,
  UnsupportedLayerError,
} from '../src/index.js';
import { disposeAll, maxGap, perturb, random } from './helpers/interop.js';

await useBackend('wasm');

type Topology = {
  class_name: string;
  config: {
    layers: Array<{ name: string; class_name: string; inbound_nodes: Array<Array<[string, number, number, object]>> }>;
    input_layers: unknown;
    output_layers: unknown;
  };
};

it('a residual block with batch norm and leaky relu runs in stock tfjs-layers with the same predictions', async () => {
  const before = tf.memory().numTensors;
  const x = input({ name: 'x', shape: [4] });
  const h = connect(
    batchNorm(),
    connect(dense({ units: 4 }), connect(dense({ units: 6, activation: 'leakyRelu' }), x)),
  );
  const model = graphModel({ inputs: [x], output: connect(dense({ units: 2 }), connect(add(), [x, h])) });
  const variables = model.init([4], createRng(1));
  perturb(variables, 10);
  const artifacts = await toLayersArtifacts(model, variables, [4]);
  const topology = artifacts.modelTopology as Topology;
  expect(topology.class_name).toBe('Model');
  // As tfjs-layers 4.22 writes tf.model(): InputLayer, one entry per layer, a node per call.
  expect(topology.config.layers.map((l) => [l.name, l.class_name, l.inbound_nodes])).toEqual([
    ['x', 'InputLayer', []],
    ['dense_1', 'Dense', [[['x', 0, 0, {}]]]],
    ['dense_1_leaky_relu', 'LeakyReLU', [[['dense_1', 0, 0, {}]]]],
    ['dense_2', 'Dense', [[['dense_1_leaky_relu', 0, 0, {}]]]],
    ['batchNorm_1', 'BatchNormalization', [[['dense_2', 0, 0, {}]]]],
    [
      'add_1',
      'Add',
      [
        [
          ['x', 0, 0, {}],
          ['batchNorm_1', 0, 0, {}],
        ],
      ],
    ],
    ['dense_3', 'Dense', [[['add_1', 0, 0, {}]]]],
  ]);
  expect(topology.config.input_layers).toEqual([['x', 0, 0]]);
  expect(topology.config.output_layers).toEqual([['dense_3', 0, 0]]);
  expect(artifacts.weightSpecs!.map((s) => s.name)).toEqual([
    'dense_1/kernel',
    'dense_1/bias',
    'dense_2/kernel',
    'dense_2/bias',
    'batchNorm_1/gamma',
    'batchNorm_1/beta',
    'batchNorm_1/moving_mean',
    'batchNorm_1/moving_variance',
    'dense_3/kernel',
    'dense_3/bias',
  ]);
  const stock = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  const data = random([5, 4], 3);
  const ours = model.apply(variables.params, data, { state: variables.state });
  const theirs = stock.predict(data) as tf.Tensor;
  expect(theirs.shape).toEqual([5, 2]);
  expect(maxGap(ours, theirs)).toBeLessThan(1e-6);
  tf.dispose([ours, theirs, data]);
  stock.dispose();
  disposeAll(variables);
  expect(tf.memory().numTensors).toBe(before);
});

it('a two-input model with a shared layer runs in stock tfjs-layers: predict([a, b]) in input order, one set of shared weights', async () => {
  const before = tf.memory().numTensors;
  // One dense layer called four times: on b, on a, on another layer's output and on its own
  // output. That third call waits for a layer listed after it, so tfjs-layers' loader builds it
  // after the call on a: its node numbers are the build order, not the order of definition.
  const a = input({ name: 'a', shape: [3] });
  const b = input({ name: 'b', shape: [3] });
  const shared = dense({ units: 3, activation: 'tanh' });
  const right = connect(shared, b);
  const left = connect(shared, connect(shared, connect(dense({ units: 3 }), a)));
  const joined = connect(concatenate(), [right, left, connect(shared, a)]);
  const model = graphModel({ inputs: [a, b], output: connect(dense({ units: 2, activation: 'softmax' }), joined) });
  const variables = model.init({ a: [3], b: [3] }, createRng(2));
  perturb(variables, 20);
  const artifacts = await toLayersArtifacts(model, variables, { a: [3], b: [3] });
  const topology = artifacts.modelTopology as Topology;
  const entry = (name: string) => topology.config.layers.find((l) => l.name === name)!;
  expect(entry('dense_1').inbound_nodes).toEqual([
    [['b', 0, 0, {}]],
    [['a', 0, 0, {}]],
    [['dense_2', 0, 0, {}]],
    [['dense_1', 2, 0, {}]],
  ]);
  expect(entry('concatenate_1').inbound_nodes).toEqual([
    [
      ['dense_1', 0, 0, {}],
      ['dense_1', 3, 0, {}],
      ['dense_1', 1, 0, {}],
    ],
  ]);
  expect(topology.config.input_layers).toEqual([
    ['a', 0, 0],
    ['b', 0, 0],
  ]);
  expect(artifacts.weightSpecs!.filter((s) => s.name.startsWith('dense_1/')).map((s) => s.name)).toEqual([
    'dense_1/kernel',
    'dense_1/bias',
  ]);
  const stock = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  const xa = random([6, 3], 4);
  const xb = random([6, 3], 5);
  const ours = model.apply(variables.params, { a: xa, b: xb }, { state: variables.state });
  const theirs = stock.predict([xa, xb]) as tf.Tensor;
  expect(theirs.shape).toEqual([6, 2]);
  expect(maxGap(ours, theirs)).toBeLessThan(1e-6);
  // The inputs swapped give other predictions: the order is not a coincidence of symmetric data.
  const swapped = stock.predict([xb, xa]) as tf.Tensor;
  expect(maxGap(ours, swapped)).toBeGreaterThan(1e-3);
  tf.dispose([ours, theirs, swapped, xa, xb]);
  stock.dispose();
  // tfjs-layers counts a reference per call of a layer (Layer.apply, _refCount++) and model.dispose()
  // drops one, so a layer called four times keeps its weights: release the other three here.
  const sharedInStock = stock.getLayer('dense_1');
  expect(sharedInStock.dispose().refCountAfterDispose).toBe(2);
  expect(sharedInStock.dispose().refCountAfterDispose).toBe(1);
  expect(sharedInStock.dispose().refCountAfterDispose).toBe(0);
  disposeAll(variables);
  expect(tf.memory().numTensors).toBe(before);
});

it('saveModel with format tfjs-layers writes a graph model that stock tfjs-layers loads', async () => {
  const before = tf.memory().numTensors;
  const a = input({ name: 'a', shape: [2] });
  const b = input({ name: 'b', shape: [1] });
  const model = graphModel({ inputs: [a, b], output: connect(dense({ units: 1 }), connect(concatenate(), [a, b])) });
  const variables = model.init({ a: [2], b: [1] }, createRng(3));
  perturb(variables, 30);
  let saved: tf.io.ModelArtifacts | undefined;
  await saveModel(
    model,
    variables,
    { a: [2], b: [1] },
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
    { format: 'tfjs-layers' },
  );
  const stock = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
  // By hand: dense(concat(a, b)) = a·k[0:2] + b·k[2] + bias.
  const [k, bias] = [variables.params['dense_1/kernel']!.dataSync(), variables.params['dense_1/bias']!.dataSync()];
  const xa = tf.tensor2d([[1, -2]]);
  const xb = tf.tensor2d([[0.5]]);
  const theirs = stock.predict([xa, xb]) as tf.Tensor;
  expect(theirs.dataSync()[0]).toBeCloseTo(1 * k[0]! - 2 * k[1]! + 0.5 * k[2]! + bias[0]!, 6);
  // loadModel reads it back as a graph model with the same parameters.
  const loaded = await loadModel(tf.io.fromMemory(saved!));
  expect(loaded.inputShape).toEqual({ a: [2], b: [1] });
  expect(Array.from(loaded.params['dense_1/kernel']!.dataSync())).toEqual(Array.from(k));
  const ours = loaded.model.apply(loaded.params, { a: xa, b: xb });
  expect(maxGap(ours, theirs)).toBeLessThan(1e-6);
  tf.dispose([ours, theirs, xa, xb]);
  disposeAll(loaded);
  stock.dispose();
  // A graph model's input shape must be its declared one.
  await expect(toLayersArtifacts(model, variables, [3])).rejects.toThrow(/declared input shape/);
  disposeAll(variables);
  expect(tf.memory().numTensors).toBe(before);
});

it('a graph model with layers tfjs-layers cannot compute is one UnsupportedLayerError listing them all', async () => {
  const x = input({ name: 'x', shape: [4, 2] });
  const h1 = connect(gru({ units: 3 }), x);
  const h2 = connect(lstm({ units: 3, maskValue: 0 }), x);
  const model = graphModel({ inputs: [x], output: connect(dense({ units: 1 }), connect(add(), [h1, h2])) });
  const variables = model.init([4, 2], createRng(4));
  const before = tf.memory().numTensors;
  const error = await toLayersArtifacts(model, variables, [4, 2]).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnsupportedLayerError);
  expect((error as UnsupportedLayerError).layers.map((l) => l.name)).toEqual(['gru_1', 'lstm_1']);
  expect((error as UnsupportedLayerError).message).toMatch(/gru_1 \(gru\): .*reset_after.*lstm_1 \(lstm\): maskValue/);
  expect(tf.memory().numTensors).toBe(before);
  disposeAll(variables);
});

it('an input named like a layer is refused, since tfjs-layers needs one name per layer', async () => {
  const x = input({ name: 'dense_1', shape: [2] });
  const model = graphModel({ inputs: [x], output: connect(dense({ units: 1 }), x) });
  const variables = model.init([2], createRng(5));
  await expect(toLayersArtifacts(model, variables, [2])).rejects.toThrow(
    /input 'dense_1' shares a name with a layer, and tfjs-layers needs one name per layer; rename the input/,
  );
  disposeAll(variables);
});

it('a convolutional residual block (conv, batch norm, relu layer, add, global pooling) goes to stock tfjs-layers and back with the same predictions', async () => {
  const before = tf.memory().numTensors;
  const image = input({ name: 'image', shape: [6, 6, 3] });
  const h = connect(
    batchNorm(),
    connect(
      conv2d({ filters: 3, kernelSize: 3, padding: 'same' }),
      connect(conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }), image),
    ),
  );
  const block = connect(activationLayer('relu'), connect(add(), [image, h]));
  const model = graphModel({
    inputs: [image],
    output: connect(dense({ units: 3, activation: 'softmax' }), connect(globalAveragePool2d(), block)),
  });
  const variables = model.init([6, 6, 3], createRng(6));
  perturb(variables, 40);
  const artifacts = await toLayersArtifacts(model, variables, [6, 6, 3]);
  const stock = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  const data = random([2, 6, 6, 3], 9);
  const ours = model.apply(variables.params, data, { state: variables.state });
  const theirs = stock.predict(data) as tf.Tensor;
  expect(maxGap(ours, theirs)).toBeLessThan(1e-6);
  const imported = await importLayersModel(artifacts);
  expect(imported.model.names).toEqual(model.names);
  const back = imported.model.apply(imported.params, data, { state: imported.state });
  expect(maxGap(ours, back)).toBeLessThan(1e-6);
  tf.dispose([ours, theirs, back, data]);
  stock.dispose();
  disposeAll(variables);
  disposeAll(imported);
  expect(tf.memory().numTensors).toBe(before);
});
