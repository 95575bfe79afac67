import { createRng, MlrecipeError, requireBackend, tf } from '@mlrecipe/tensor';
import { NnError, NnShapeError } from './errors.js';
import { graphInputShapeToSave, MERGE_LAYER_FACTORIES, rebuildGraph } from './graph/graph_save_load.js';
import type { GraphLayer } from './graph/symbolic.js';
import { importLayersModel } from './interop/from_layers_model.js';
import { toLayersArtifacts } from './interop/to_layers_model.js';
import { activationLayer } from './layers/activation_layer.js';
import { batchNorm } from './layers/batch_norm.js';
import { avgPool2d, conv2d, flatten, maxPool2d } from './layers/conv2d.js';
import { dense } from './layers/dense.js';
import { dropout } from './layers/dropout_layer.js';
import { GRAPH_TRUNK_KIND } from './layers/graph_trunk.js';
import type { Layer } from './layers/layer.js';
import { SEQUENCE_LAYER_FACTORIES } from './layers/sequence_layer_factories.js';
import { OPTIMIZER_PREFIX, packOptimizerState, unpackOptimizerState } from './optimizer_state_weights.js';
import { type InputShape, type Model, type ModelVariables, sequential } from './sequential.js';
import { liveTensor, shown } from './validate.js';

const FORMAT = 'mlrecipe-sequential';
const STATE_PREFIX = 'state:';

// Rebuilds a layer from its saved config. Initialisers are not needed: the weights are loaded.
const FACTORIES: Record<string, (config: Record<string, unknown>) => GraphLayer> = {
  dense: ({ kernelInitializer: _, ...c }) => dense(c as unknown as Parameters<typeof dense>[0]),
  conv2d: ({ kernelInitializer: _, ...c }) => conv2d(c as unknown as Parameters<typeof conv2d>[0]),
  maxPool2d: (c) => maxPool2d(c as Parameters<typeof maxPool2d>[0]),
  avgPool2d: (c) => avgPool2d(c as Parameters<typeof avgPool2d>[0]),
  flatten: () => flatten(),
  batchNorm: (c) => batchNorm(c as Parameters<typeof batchNorm>[0]),
  dropout: (c) => dropout(c as unknown as Parameters<typeof dropout>[0]),
  activation: ({ activation }) => activationLayer(activation as Parameters<typeof activationLayer>[0]),
  ...SEQUENCE_LAYER_FACTORIES,
  ...MERGE_LAYER_FACTORIES,
};

/** Options of `saveModel`. */
export interface SaveOptions {
  /**
   * 'mlrecipe' (default): every mlrecipe layer, with a checksum. 'tfjs-layers': Keras' format, which
   * `tf.loadLayersModel` from `@tensorflow/tfjs-layers` loads and runs with the same predictions
   * (deploy with stock TensorFlow.js); layers it has no counterpart for are an `UnsupportedLayerError`.
   */
  format?: 'mlrecipe' | 'tfjs-layers';
  /**
   * The optimizer's state (`optimizer.state` from optim's createOptimizer: Adam's moments, step
   * counts), saved with the weights so training continues from the saved model as if it had not
   * stopped: `optimizer.setState(loaded.optimizerState)`. Format 'mlrecipe' only.
   */
  optimizerState?: unknown;
}

/**
 * Saves a model's configuration, parameters and state through a tfjs IO handler: a URL such as
 * 'indexeddb://my-model' in browsers, `fileHandler(dir)` from '@mlrecipe/nn/node' in Node, or any
 * `tf.io.IOHandler`. Weights are stored as float32 bytes, so loading gives back the exact values;
 * their SHA-256 is stored with the configuration, so a flipped byte is found on load. With
 * `{ format: 'tfjs-layers' }` it writes what `tf.loadLayersModel` reads instead.
 */
export async function saveModel(
  model: Model,
  variables: ModelVariables,
  inputShape: InputShape,
  handler: string | tf.io.IOHandler,
  saveOptions: SaveOptions = {},
): Promise<tf.io.SaveResult> {
  const caller = 'saveModel';
  const { format = 'mlrecipe', optimizerState } = saveOptions ?? {};
  if (format !== 'mlrecipe' && format !== 'tfjs-layers')
    throw new NnError(`${caller}: format must be 'mlrecipe' or 'tfjs-layers', got ${shown(format)}`);
  if (format === 'tfjs-layers' && optimizerState !== undefined)
    throw new NnError(
      `${caller}: the 'tfjs-layers' format has no place for an mlrecipe optimizer state; save it with format 'mlrecipe' (the default), or leave optimizerState out`,
    );
  if (format === 'tfjs-layers')
    return resolve(handler, 'save').save!(await toLayersArtifacts(model, variables, inputShape));
  if (model === null || typeof model !== 'object' || typeof model.config !== 'function') {
    throw new NnError(`${caller}: model must be what sequential([...]) or graphModel(…) returned, got ${shown(model)}`);
  }
  if (
    variables === null ||
    typeof variables !== 'object' ||
    typeof variables.params !== 'object' ||
    variables.params === null
  ) {
    throw new NnError(
      `${caller}: variables must be { params, state } as init() returned them, got ${shown(variables)}`,
    );
  }
  const trunk = model.layers.findIndex((layer) => layer.kind === GRAPH_TRUNK_KIND);
  if (trunk >= 0)
    throw new NnError(
      `${caller}: layer ${model.names[trunk]} is a graph-model trunk, whose weights live in its GraphModel and are not saved; save the head (the layers after it) as its own model and load the graph model again with tf.loadGraphModel`,
    );
  const config = model.config();
  const savedShape = config.graph
    ? graphInputShapeToSave(config, inputShape, caller)
    : validInputShape(inputShape, caller);
  const io = resolve(handler, 'save');
  const named: tf.NamedTensorMap = {};
  for (const [name, t] of Object.entries(variables.params)) named[name] = liveTensor(t, `params['${name}']`, caller);
  for (const [name, t] of Object.entries(variables.state ?? {}))
    named[`${STATE_PREFIX}${name}`] = liveTensor(t, `state['${name}']`, caller);
  const optimizer = optimizerState === undefined ? undefined : packOptimizerState(optimizerState, caller);
  Object.assign(named, optimizer?.tensors);
  const { data, specs } = await tf.io.encodeWeights(named);
  const bytes = data instanceof ArrayBuffer ? data : tf.io.concatenateArrayBuffers(data as unknown as ArrayBuffer[]);
  const weightsSha256 = await sha256(bytes);
  return io.save!({
    modelTopology: {
      format: FORMAT,
      version: 1,
      inputShape: savedShape,
      ...config,
      ...(optimizer === undefined ? {} : { optimizerState: optimizer.tree }),
      ...(weightsSha256 === null ? {} : { weightsSha256 }),
    },
    weightSpecs: specs,
    weightData: bytes,
    format: FORMAT,
    generatedBy: '@mlrecipe/nn',
  });
}

/**
 * Loads what `saveModel` saved: the rebuilt model, its parameters (trainable variables) and state.
 * A tfjs-layers (Keras) sequential or functional model.json is imported as `importLayersModel` does.
 * Everything is checked before a variable is made: the format, each layer's configuration, the
 * weights' names and shapes against the rebuilt model, their byte length (a truncated file), their
 * checksum (a flipped byte) and their finiteness. Any failure is an `NnError` that says which.
 */
export async function loadModel(
  handler: string | tf.io.IOHandler,
): Promise<ModelVariables & { model: Model; inputShape: InputShape; optimizerState?: unknown }> {
  const caller = 'loadModel';
  const io = resolve(handler, 'load');
  requireBackend(caller);
  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = await io.load!();
  } catch (error) {
    if (error instanceof MlrecipeError) throw error;
    throw new NnError(`${caller}: cannot read the saved model: ${(error as Error)?.message ?? error}`, {
      cause: error,
    });
  }
  const topology = artifacts?.modelTopology as Topology | undefined;
  if (isLayersTopology(topology)) return importLayersModel(artifacts);
  if (
    topology === null ||
    typeof topology !== 'object' ||
    topology.format !== FORMAT ||
    !Array.isArray(topology.layers)
  ) {
    throw new NnError(`${caller}: not a model saved by @mlrecipe/nn saveModel (format ${shown(topology?.format)})`);
  }
  const layers = topology.layers.map((entry, i) => {
    const { kind, config } = (entry ?? {}) as { kind?: unknown; config?: unknown };
    const make = typeof kind === 'string' && Object.hasOwn(FACTORIES, kind) ? FACTORIES[kind] : undefined;
    if (make === undefined) throw new NnError(`${caller}: layer ${i} has an unknown kind ${shown(kind)}`);
    if (config === null || typeof config !== 'object')
      throw new NnError(`${caller}: layer ${i} (${kind}) has no config`);
    try {
      return make(config as Record<string, unknown>);
    } catch (error) {
      throw new NnError(`${caller}: layer ${i} (${kind}) has a bad config: ${(error as Error).message}`, {
        cause: error,
      });
    }
  });
  const { model, inputShape } =
    topology.graph === undefined
      ? {
          model: sequential(layers as Layer[]),
          inputShape: validInputShape(topology.inputShape, `${caller}: the saved inputShape`),
        }
      : rebuildGraph(layers, topology.graph, caller);
  const specs = artifacts.weightSpecs;
  if (!Array.isArray(specs) || artifacts.weightData === undefined) {
    throw new NnError(`${caller}: the saved model has no weights (weightSpecs or weightData missing)`);
  }
  const bytes = Array.isArray(artifacts.weightData)
    ? tf.io.concatenateArrayBuffers(artifacts.weightData as ArrayBuffer[])
    : (artifacts.weightData as ArrayBuffer);
  if (!(bytes instanceof ArrayBuffer)) throw new NnError(`${caller}: weightData is not bytes, got ${shown(bytes)}`);
  const expectedBytes = specs.reduce((sum, spec) => sum + 4 * size(spec, caller), 0);
  if (bytes.byteLength !== expectedBytes) {
    throw new NnError(
      `${caller}: the weights hold ${bytes.byteLength} bytes but their specs describe ${expectedBytes}; the weights file is truncated or belongs to another model`,
    );
  }
  if (typeof topology.weightsSha256 === 'string') {
    const actual = await sha256(bytes);
    if (actual !== null && actual !== topology.weightsSha256) {
      throw new NnError(
        `${caller}: the weights' SHA-256 is ${actual}, the model says ${topology.weightsSha256}; the weights file is corrupt`,
      );
    }
  }
  let offset = 0;
  for (const spec of specs) {
    const count = size(spec, caller);
    if (spec.dtype === 'float32') {
      const floats = new Float32Array(bytes, offset, count);
      const bad = floats.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0)
        throw new NnError(
          `${caller}: weight value ${floats[bad]} at byte ${offset + 4 * bad}; the saved weights are not finite`,
        );
    }
    offset += 4 * count;
  }
  const modelSpecs = specs.filter((spec) => !spec.name.startsWith(OPTIMIZER_PREFIX));

  // Rebuild at the saved input shape and overwrite: names and shapes must match one for one.
  const fresh = model.init(inputShape, createRng(0));
  const targets: Record<string, tf.Variable> = { ...fresh.params };
  for (const [name, v] of Object.entries(fresh.state)) targets[`${STATE_PREFIX}${name}`] = v;
  const dispose = () => tf.dispose([...Object.values(fresh.params), ...Object.values(fresh.state)]);
  const problem = mismatch(targets, modelSpecs);
  if (problem !== null) {
    dispose();
    throw new NnError(`${caller}: the weights do not fit the saved layers: ${problem}`);
  }
  const weights = tf.io.decodeWeights(bytes, specs);
  const optimizerTensors: tf.NamedTensorMap = {};
  for (const [name, t] of Object.entries(weights)) {
    if (name.startsWith(OPTIMIZER_PREFIX)) optimizerTensors[name] = t;
    else {
      targets[name]!.assign(t);
      t.dispose();
    }
  }
  if (topology.optimizerState === undefined) {
    tf.dispose(Object.values(optimizerTensors));
    return { model, params: fresh.params, state: fresh.state, inputShape };
  }
  let optimizerState: unknown;
  try {
    optimizerState = unpackOptimizerState(topology.optimizerState, optimizerTensors, caller);
  } catch (error) {
    dispose();
    tf.dispose(Object.values(optimizerTensors));
    throw error;
  }
  return { model, params: fresh.params, state: fresh.state, inputShape, optimizerState };
}

function isLayersTopology(topology: unknown): boolean {
  const t = topology as { class_name?: unknown; model_config?: unknown } | null | undefined;
  return (
    typeof t === 'object' && t !== null && (typeof t.class_name === 'string' || typeof t.model_config === 'object')
  );
}

interface Topology {
  format?: unknown;
  inputShape?: unknown;
  layers?: unknown[];
  graph?: unknown;
  weightsSha256?: unknown;
  optimizerState?: unknown;
}

function size(spec: tf.io.WeightsManifestEntry, caller: string): number {
  if (
    spec === null ||
    typeof spec !== 'object' ||
    typeof spec.name !== 'string' ||
    !(spec.dtype === 'float32' || (spec.dtype === 'int32' && spec.name.startsWith(OPTIMIZER_PREFIX))) ||
    !Array.isArray(spec.shape) ||
    !spec.shape.every((d) => Number.isInteger(d) && d >= 0)
  ) {
    throw new NnError(
      `${caller}: a weight spec is malformed (name, float32 dtype and integer shape needed), got ${shown(spec)}`,
    );
  }
  return spec.shape.reduce((a, b) => a * b, 1);
}

function mismatch(targets: Record<string, tf.Variable>, specs: tf.io.WeightsManifestEntry[]): string | null {
  const seen = new Set<string>();
  for (const spec of specs) {
    const target = targets[spec.name];
    if (target === undefined || seen.has(spec.name))
      return `'${spec.name}' is ${target === undefined ? 'not a weight of this model' : 'saved twice'}`;
    seen.add(spec.name);
    if (target.shape.join() !== spec.shape.join()) {
      return `'${spec.name}' is saved as [${spec.shape}] but the layers make it [${target.shape}]`;
    }
  }
  const missing = Object.keys(targets).filter((name) => !seen.has(name));
  return missing.length === 0 ? null : `missing ${missing.map((m) => `'${m}'`).join(', ')}`;
}

function validInputShape(value: unknown, caller: string): number[] {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 1 && d <= 2 ** 31 - 1)
  ) {
    throw new NnShapeError(
      `${caller}: inputShape must be positive integers without the batch dimension, got ${shown(value)}`,
    );
  }
  return [...value];
}

/** Hex SHA-256 through WebCrypto (Node ≥ 19 and secure browser pages); null where there is none. */
async function sha256(bytes: ArrayBuffer): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) return null;
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function resolve(handler: string | tf.io.IOHandler, mode: 'save' | 'load'): tf.io.IOHandler {
  if (typeof handler !== 'string') {
    if (handler === null || typeof handler !== 'object' || typeof handler[mode] !== 'function')
      throw new NnError(`${mode}Model: the IO handler has no ${mode}() method, got ${shown(handler)}`);
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
