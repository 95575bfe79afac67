import { createRng, MlrecipeError, requireBackend, tf } from '@mlrecipe/tensor';
import { NnError } from '../errors.js';
import type { Layer } from '../layers/layer.js';
import { type InputShape, type Model, type ModelVariables, sequential } from '../sequential.js';
import { shown } from '../validate.js';
import { type UnsupportedLayer, UnsupportedLayerError } from './errors.js';
import { functionalFromKeras, type KerasImport } from './from_functional.js';
import { fromKeras, type ImportedLayer, standaloneActivation } from './from_keras.js';
import type { KerasLayerJson } from './keras_layers.js';

/** What `importLayersModel` returns: an mlrecipe model with named parameters and state, like `loadModel`. */
export interface ImportedModel extends ModelVariables {
  readonly model: Model;
  /**
   * The input shape without the batch dimension, from the file's batch_input_shape: one array, or
   * for a functional model with several inputs `{ name: shape }` (what `init` and `saveModel` take).
   */
  readonly inputShape: InputShape;
  /** mlrecipe layer name (`dense_1`) → the layer's name in the file (`dense_Dense1`, `predictions`). */
  readonly sourceNames: Readonly<Record<string, string>>;
}

/**
 * Imports a tfjs-layers (Keras) sequential or functional model — the `model.json` and weights that
 * Keras models are converted to for TensorFlow.js, or what `tf.model({ inputs, outputs })` saves —
 * as an mlrecipe model (`sequential`, or `graphModel` with the file's named inputs in its order,
 * shared layers and `Add` / `Concatenate` merges) with explicit, named parameters, so it
 * can be fine-tuned, frozen, transferred, checkpointed and diagnosed like any other. The source is an
 * IO handler (`fileHandler(dir)` from '@mlrecipe/nn/node', 'indexeddb://name'), or artifacts (what
 * `tf.io.fromMemory` wraps, or a tfjs-layers `model.save` gives a handler). In a sequential model
 * activation layers fold into the layer before them; in a functional one they stay layers. Layers or options mlrecipe does not compute the same way are an
 * `UnsupportedLayerError` listing all of them.
 *
 * @example
 * const { model, params, state, inputShape } = await importLayersModel(fileHandler('keras-model'));
 */
export async function importLayersModel(
  source: string | tf.io.IOHandler | tf.io.ModelArtifacts,
): Promise<ImportedModel> {
  const caller = 'importLayersModel';
  requireBackend(caller);
  const artifacts = await read(source, caller);
  const topology = topologyOf(artifacts.modelTopology, caller);
  const { model, sources, inputShape } =
    'functional' in topology ? functionalFromKeras(topology.functional, caller) : sequentialFromKeras(topology, caller);
  const fresh = model.init(inputShape, createRng(0));
  const disposeFresh = () => tf.dispose([...Object.values(fresh.params), ...Object.values(fresh.state)]);
  try {
    assignWeights(artifacts, sources, model, fresh, caller);
  } catch (error) {
    disposeFresh();
    throw error;
  }
  return {
    model,
    params: fresh.params,
    state: fresh.state,
    inputShape,
    sourceNames: Object.fromEntries(model.names.map((n, i) => [n, sources[i]!.name])),
  };
}

/** A Sequential model's layers read into mlrecipe terms, activation layers folded into the layer before. */
function sequentialFromKeras(
  { layers, inputShape }: { layers: KerasLayerJson[]; inputShape: number[] },
  caller: string,
): KerasImport {
  const unsupported: UnsupportedLayer[] = [];
  const imported: Array<{ name: string; layer: ImportedLayer }> = [];
  for (const { class_name: kind, config } of layers) {
    const name = typeof config?.name === 'string' ? config.name : kind;
    const read = fromKeras(kind, config ?? {});
    if ('unsupported' in read) {
      unsupported.push({ name, kind, reason: read.unsupported });
    } else if ('fold' in read) {
      // Folded into a dense or convolution with no activation of its own; else a layer of its own
      // (after batch norm or pooling, the usual Keras order conv → batch norm → relu).
      const previous = imported[imported.length - 1]?.layer;
      if (previous?.activation === 'linear') previous.activation = read.fold;
      else imported.push({ name, layer: standaloneActivation(read.fold) });
    } else {
      imported.push({ name, layer: read });
    }
  }
  // Build to learn each layer's input rank (normalisation axes) and to find shape errors early.
  const built: Layer[] = [];
  let shape = inputShape;
  for (const { name, layer } of imported) {
    try {
      const made = layer.make(layer.activation ?? 'linear');
      const rankProblem = layer.checkRank?.(shape.length + 1);
      if (rankProblem) unsupported.push({ name, kind: made.kind, reason: rankProblem });
      shape = made.build(shape, createRng(0)).outputShape;
      built.push(made);
    } catch (error) {
      // A bad size in the file (units 0, a kernel larger than its input) is reported with the rest.
      if (!(error instanceof MlrecipeError)) throw error;
      unsupported.push({ name, kind: 'config', reason: error.message });
    }
  }
  if (unsupported.length > 0)
    throw new UnsupportedLayerError(
      caller,
      unsupported,
      'Replace them in the source model, or rebuild those layers in mlrecipe',
    );
  if (built.length === 0) throw new NnError(`${caller}: the model has no layers with a computation`);

  return {
    model: sequential(built),
    sources: imported.map(({ name, layer }) => ({ name, weights: layer.weights })),
    inputShape,
  };
}

async function read(
  source: string | tf.io.IOHandler | tf.io.ModelArtifacts,
  caller: string,
): Promise<tf.io.ModelArtifacts> {
  if (source === null || typeof source !== 'object') {
    if (typeof source !== 'string')
      throw new NnError(
        `${caller}: give an IO handler, a URL such as 'indexeddb://name', or model artifacts; got ${shown(source)}`,
      );
    const found = tf.io.getLoadHandlers(source);
    if (found.length === 0)
      throw new NnError(
        `${caller}: no IO handler for '${source}'; in Node use fileHandler(dir) from '@mlrecipe/nn/node'`,
      );
    return read(found[0]!, caller);
  }
  if ('load' in source && typeof source.load === 'function') {
    try {
      return await source.load();
    } catch (error) {
      throw new NnError(`${caller}: cannot read the model: ${(error as Error)?.message ?? error}`, { cause: error });
    }
  }
  if ('modelTopology' in source) return source as tf.io.ModelArtifacts;
  throw new NnError(`${caller}: the source has neither load() nor modelTopology, got ${shown(source)}`);
}

function topologyOf(
  topology: unknown,
  caller: string,
): { layers: KerasLayerJson[]; inputShape: number[] } | { functional: unknown } {
  // Converted Keras files wrap the model in model_config; tfjs-layers' own saves do not.
  const outer = topology as { model_config?: unknown } | null;
  const root = (outer?.model_config ?? outer) as { class_name?: unknown; config?: unknown } | null;
  if (root !== null && typeof root === 'object' && (root.class_name === 'Model' || root.class_name === 'Functional'))
    return { functional: root.config };
  if (root === null || typeof root !== 'object' || root.class_name !== 'Sequential')
    throw new NnError(
      `${caller}: expects a tfjs-layers Sequential or functional (Model) model, got class_name ${shown(root?.class_name)}`,
    );
  const config = root.config as { layers?: unknown } | unknown[];
  const list = (Array.isArray(config) ? config : (config as { layers?: unknown })?.layers) as
    | KerasLayerJson[]
    | undefined;
  if (!Array.isArray(list) || list.length === 0) throw new NnError(`${caller}: the Sequential model lists no layers`);
  const first = list[0]?.config ?? {};
  const batchShape = (first.batch_input_shape ?? first.batch_shape) as unknown;
  if (!Array.isArray(batchShape) || !batchShape.slice(1).every((d) => Number.isInteger(d) && d >= 1))
    throw new NnError(
      `${caller}: the first layer's batch_input_shape must give every size but the batch, got ${shown(batchShape)}`,
    );
  const layers = list[0]?.class_name === 'InputLayer' ? list.slice(1) : list;
  return { layers, inputShape: batchShape.slice(1) as number[] };
}

function assignWeights(
  artifacts: tf.io.ModelArtifacts,
  imported: KerasImport['sources'],
  model: Model,
  fresh: ModelVariables,
  caller: string,
): void {
  const specs = artifacts.weightSpecs;
  if (!Array.isArray(specs) || artifacts.weightData === undefined)
    throw new NnError(`${caller}: the model has no weights (weightSpecs or weightData missing)`);
  const bytes = Array.isArray(artifacts.weightData)
    ? tf.io.concatenateArrayBuffers(artifacts.weightData as ArrayBuffer[])
    : (artifacts.weightData as ArrayBuffer);
  tf.tidy(() => {
    let decoded: tf.NamedTensorMap;
    try {
      decoded = tf.io.decodeWeights(bytes, specs);
    } catch (error) {
      // tfjs throws a RangeError or a bare Error for bytes that do not fill the specs.
      throw new NnError(
        `${caller}: the weights cannot be read (${(error as Error)?.message ?? error}); weightData holds ${bytes?.byteLength} bytes for ${specs.length} weight specs, so the weights file is truncated or belongs to another model`,
        { cause: error },
      );
    }
    // Keras writes 'dense/kernel', converted RNNs 'lstm/lstm_cell/kernel', some tools a ':0' suffix.
    const byName = new Map(Object.entries(decoded).map(([k, v]) => [k.replace(/:0$/, ''), v]));
    imported.forEach(({ name, weights }, i) => {
      const mlName = model.names[i]!;
      for (const [key, from] of Object.entries(weights)) {
        // 'forward_lstm/kernel' matches 'bidirectional/forward_lstm/lstm_cell/kernel' too.
        const slash = from.key.lastIndexOf('/');
        const head = `${name}/${from.key.slice(0, slash + 1)}`;
        const leaf = `/${from.key.slice(slash + 1)}`;
        const found =
          byName.get(`${name}/${from.key}`) ?? [...byName].find(([k]) => k.startsWith(head) && k.endsWith(leaf))?.[1];
        if (found === undefined)
          throw new NnError(
            `${caller}: layer '${name}' has no weight '${from.key}' in the file (weights: ${[...byName.keys()].join(', ')})`,
          );
        const value = from.row === undefined ? found : tf.gather(found, from.row);
        const target = fresh.params[`${mlName}/${key}`] ?? fresh.state[`${mlName}/${key}`];
        if (target === undefined || target.shape.join() !== value.shape.join())
          throw new NnError(
            `${caller}: weight '${name}/${from.key}' is [${value.shape}] but mlrecipe's ${mlName}/${key} is [${target?.shape ?? 'absent'}]`,
          );
        if (!tf.all(tf.isFinite(value)).dataSync()[0])
          throw new NnError(`${caller}: weight '${name}/${from.key}' holds NaN or infinite values`);
        target.assign(value.toFloat());
      }
    });
  });
}
