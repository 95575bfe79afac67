import { tf } from '@mlrecipe/tensor';
import { NnError } from '../errors.js';
import { graphInputShapeToSave } from '../graph/graph_save_load.js';
import type { InputShape, Model, ModelVariables } from '../sequential.js';
import { liveTensor, shown } from '../validate.js';
import { type UnsupportedLayer, UnsupportedLayerError } from './errors.js';
import { type KerasLayerJson, type KerasTranslation, toKeras } from './keras_layers.js';
import { functionalConfig } from './to_functional.js';

/** The tfjs-layers version whose format this writes and the tests load with `tf.loadLayersModel`. */
const TFJS_LAYERS_VERSION = 'tfjs-layers 4.22.0';

/**
 * A sequential or graph model as tfjs-layers model artifacts (Keras' `Sequential` JSON, or for a
 * graph model the functional `Model` JSON with InputLayers, `inbound_nodes` for every layer call
 * and `input_layers` in the model's input order; float32 weights named `layer/kernel`, a shared
 * layer's once), which `tf.loadLayersModel` from `@tensorflow/tfjs-layers` loads and runs with the
 * same predictions (`predict([a, b])` with the inputs in the order `graphModel` was given them):
 * deploy an mlrecipe model with stock TensorFlow.js. For a graph model `inputShape` is its
 * declared input shape (`{ name: shape }` for several inputs), as `saveModel` takes it.
 * Layers are named as in mlrecipe (`dense_1`), weights as in Keras (`dense_1/recurrent_kernel`).
 * A layer tfjs-layers cannot compute the same way (`gru`, masking) is an `UnsupportedLayerError`
 * listing every such layer. `saveModel(…, { format: 'tfjs-layers' })` writes the same artifacts.
 *
 * @example
 * const artifacts = await toLayersArtifacts(model, { params, state }, [28, 28, 1]);
 * const deployed = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
 */
export async function toLayersArtifacts(
  model: Model,
  variables: ModelVariables,
  inputShape: InputShape,
): Promise<tf.io.ModelArtifacts> {
  const caller = 'toLayersArtifacts';
  if (model === null || typeof model !== 'object' || !Array.isArray(model.layers) || !Array.isArray(model.names))
    throw new NnError(`${caller}: model must be what sequential([...]) or graphModel(…) returned, got ${shown(model)}`);
  const config = typeof model.config === 'function' ? model.config() : undefined;
  const graph = config?.graph;
  if (variables === null || typeof variables !== 'object' || typeof variables.params !== 'object')
    throw new NnError(
      `${caller}: variables must be { params, state } as init() returned them, got ${shown(variables)}`,
    );
  if (graph !== undefined) graphInputShapeToSave(config!, inputShape, caller);
  else if (!Array.isArray(inputShape) || !inputShape.every((d) => Number.isInteger(d) && d >= 1))
    throw new NnError(
      `${caller}: inputShape must be positive integers without the batch dimension, got ${shown(inputShape)}`,
    );
  const unsupported: UnsupportedLayer[] = [];
  const translations: KerasTranslation[] = [];
  const named: tf.NamedTensorMap = {};
  const trees = { ...variables.params, ...(variables.state ?? {}) };
  model.layers.forEach((layer, i) => {
    const name = model.names[i]!;
    const translated = toKeras(layer, name);
    if ('unsupported' in translated) {
      unsupported.push({ name, kind: layer.kind, reason: translated.unsupported });
      return;
    }
    for (const [key, kerasKey] of Object.entries(translated.weights)) {
      const value = trees[`${name}/${key}`];
      if (value === undefined)
        throw new NnError(
          `${caller}: variables have no '${name}/${key}'; give the variables init() made for this model`,
        );
      named[`${name}/${kerasKey}`] = liveTensor(value, `'${name}/${key}'`, caller);
    }
    translations.push(translated);
  });
  if (unsupported.length > 0)
    throw new UnsupportedLayerError(
      caller,
      unsupported,
      "Save with the default format (saveModel's 'mlrecipe') to keep them, or replace them with layers tfjs-layers has",
    );
  const modelTopology =
    graph === undefined
      ? { class_name: 'Sequential', config: { name: 'sequential', layers: sequentialLayers(translations, inputShape) } }
      : { class_name: 'Model', config: functionalConfig(graph, model.layers, translations, caller) };
  const { data, specs } = await tf.io.encodeWeights(named);
  return {
    modelTopology: { ...modelTopology, keras_version: TFJS_LAYERS_VERSION, backend: 'tensor_flow.js' },
    format: 'layers-model',
    generatedBy: '@mlrecipe/nn',
    convertedBy: null,
    weightSpecs: specs,
    weightData: data,
  };
}

/** A sequential model's Keras layers; Keras reads the input shape from the first one's batch_input_shape. */
function sequentialLayers(translations: readonly KerasTranslation[], inputShape: InputShape): KerasLayerJson[] {
  const layers = translations.flatMap((t) => t.layers);
  layers[0] = {
    ...layers[0]!,
    config: { ...layers[0]!.config, batch_input_shape: [null, ...(inputShape as number[])], dtype: 'float32' },
  };
  return layers;
}
