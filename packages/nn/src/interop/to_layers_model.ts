import { tf } from '@mlrecipe/tensor';
import { NnError } from '../errors.js';
import type { InputShape, Model, ModelVariables } from '../sequential.js';
import { liveTensor, shown } from '../validate.js';
import { type UnsupportedLayer, UnsupportedLayerError } from './errors.js';
import { type KerasLayerJson, toKeras } from './keras_layers.js';

/** The tfjs-layers version whose format this writes and the tests load with `tf.loadLayersModel`. */
const TFJS_LAYERS_VERSION = 'tfjs-layers 4.22.0';

/**
 * A sequential model as tfjs-layers model artifacts (Keras' `Sequential` JSON and float32
 * weights named `layer/kernel`), which `tf.loadLayersModel` from `@tensorflow/tfjs-layers` loads and
 * runs with the same predictions: deploy an mlrecipe model with stock TensorFlow.js.
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
    throw new NnError(`${caller}: model must be what sequential([...]) returned, got ${shown(model)}`);
  if (typeof model.config === 'function' && model.config().graph !== undefined)
    throw new NnError(
      `${caller}: graph (functional) models are not exported to the tfjs-layers format yet, only sequential ones; save it with format 'mlrecipe' (the default)`,
    );
  if (variables === null || typeof variables !== 'object' || typeof variables.params !== 'object')
    throw new NnError(
      `${caller}: variables must be { params, state } as init() returned them, got ${shown(variables)}`,
    );
  if (!Array.isArray(inputShape) || !inputShape.every((d) => Number.isInteger(d) && d >= 1))
    throw new NnError(
      `${caller}: inputShape must be positive integers without the batch dimension, got ${shown(inputShape)}`,
    );
  const unsupported: UnsupportedLayer[] = [];
  const layers: KerasLayerJson[] = [];
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
    layers.push(...translated.layers);
  });
  if (unsupported.length > 0)
    throw new UnsupportedLayerError(
      caller,
      unsupported,
      "Save with the default format (saveModel's 'mlrecipe') to keep them, or replace them with layers tfjs-layers has",
    );
  // Keras reads the input shape from the first layer's batch_input_shape.
  layers[0]!.config = { ...layers[0]!.config, batch_input_shape: [null, ...inputShape], dtype: 'float32' };
  const { data, specs } = await tf.io.encodeWeights(named);
  return {
    modelTopology: {
      class_name: 'Sequential',
      config: { name: 'sequential', layers },
      keras_version: TFJS_LAYERS_VERSION,
      backend: 'tensor_flow.js',
    },
    format: 'layers-model',
    generatedBy: '@mlrecipe/nn',
    convertedBy: null,
    weightSpecs: specs,
    weightData: data,
  };
}
