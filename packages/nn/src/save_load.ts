import { tf } from '@mlrecipe/tensor';
import { NnError } from './errors.js';
import { batchNorm } from './layers/batch_norm.js';
import { avgPool2d, conv2d, flatten, maxPool2d } from './layers/conv2d.js';
import { dense } from './layers/dense.js';
import { dropout } from './layers/dropout_layer.js';
import type { Layer } from './layers/layer.js';
import { SEQUENCE_LAYER_FACTORIES } from './layers/sequence_layer_factories.js';
import { type Model, type ModelVariables, sequential } from './sequential.js';

const FORMAT = 'mlrecipe-sequential';
const STATE_PREFIX = 'state:';

// Rebuilds a layer from its saved config. Initialisers are not needed: the weights are loaded.
const FACTORIES: Record<string, (config: Record<string, unknown>) => Layer> = {
  dense: ({ kernelInitializer: _, ...c }) => dense(c as unknown as Parameters<typeof dense>[0]),
  conv2d: ({ kernelInitializer: _, ...c }) => conv2d(c as unknown as Parameters<typeof conv2d>[0]),
  maxPool2d: (c) => maxPool2d(c as Parameters<typeof maxPool2d>[0]),
  avgPool2d: (c) => avgPool2d(c as Parameters<typeof avgPool2d>[0]),
  flatten: () => flatten(),
  batchNorm: (c) => batchNorm(c as Parameters<typeof batchNorm>[0]),
  dropout: (c) => dropout(c as unknown as Parameters<typeof dropout>[0]),
  ...SEQUENCE_LAYER_FACTORIES,
};

/**
 * Saves a model's configuration, parameters and state through a tfjs IO handler: a URL such as
 * 'indexeddb://my-model' in browsers, `fileHandler(dir)` from '@mlrecipe/nn/node' in Node, or any
 * `tf.io.IOHandler`. Weights are stored as float32 bytes, so loading gives back the exact values.
 */
export async function saveModel(
  model: Model,
  variables: ModelVariables,
  inputShape: readonly number[],
  handler: string | tf.io.IOHandler,
): Promise<tf.io.SaveResult> {
  const io = resolve(handler, 'save');
  const named: tf.NamedTensorMap = { ...variables.params };
  for (const [name, t] of Object.entries(variables.state)) named[`${STATE_PREFIX}${name}`] = t;
  const { data, specs } = await tf.io.encodeWeights(named);
  return io.save!({
    modelTopology: { format: FORMAT, version: 1, inputShape: [...inputShape], ...model.config() },
    weightSpecs: specs,
    weightData: data,
    format: FORMAT,
    generatedBy: '@mlrecipe/nn',
  });
}

/** Loads what `saveModel` saved: the rebuilt model, its parameters (trainable variables) and state. */
export async function loadModel(
  handler: string | tf.io.IOHandler,
): Promise<ModelVariables & { model: Model; inputShape: number[] }> {
  const artifacts = await resolve(handler, 'load').load!();
  const topology = artifacts.modelTopology as {
    format?: string;
    inputShape?: number[];
    layers?: Array<{ kind: string; config: Record<string, unknown> }>;
  };
  if (
    topology?.format !== FORMAT ||
    !Array.isArray(topology.layers) ||
    artifacts.weightSpecs === undefined ||
    artifacts.weightData === undefined
  ) {
    throw new NnError(
      `loadModel: not a model saved by @mlrecipe/nn saveModel (format ${JSON.stringify(topology?.format)})`,
    );
  }
  const layers = topology.layers.map(({ kind, config }) => {
    const make = FACTORIES[kind];
    if (make === undefined) throw new NnError(`loadModel: unknown layer kind '${kind}'`);
    return make(config);
  });
  const weights = tf.io.decodeWeights(artifacts.weightData as ArrayBuffer, artifacts.weightSpecs);
  const params: Record<string, tf.Variable> = {};
  const state: Record<string, tf.Variable> = {};
  for (const [name, t] of Object.entries(weights)) {
    if (name.startsWith(STATE_PREFIX)) state[name.slice(STATE_PREFIX.length)] = tf.variable(t, false);
    else params[name] = tf.variable(t, true);
    t.dispose();
  }
  return { model: sequential(layers), params, state, inputShape: topology.inputShape ?? [] };
}

function resolve(handler: string | tf.io.IOHandler, mode: 'save' | 'load'): tf.io.IOHandler {
  if (typeof handler !== 'string') {
    if (typeof handler?.[mode] !== 'function')
      throw new NnError(`${mode}Model: the IO handler has no ${mode}() method`);
    return handler;
  }
  const found = mode === 'save' ? tf.io.getSaveHandlers(handler) : tf.io.getLoadHandlers(handler);
  if (found.length === 0) {
    throw new NnError(
      `${mode}Model: no IO handler for '${handler}'; in browsers use 'indexeddb://name', in Node fileHandler(dir) from '@mlrecipe/nn/node'`,
    );
  }
  return found[0]!;
}
