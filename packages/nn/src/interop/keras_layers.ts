import type { Layer } from '../layers/layer.js';

/** A layer as tfjs-layers and Keras write it in model.json: `{ class_name, config }`. */
export interface KerasLayerJson {
  class_name: string;
  config: Record<string, unknown>;
}

/** How one mlrecipe layer is written in the tfjs-layers format: one Keras layer, or two (an activation split off). */
export interface KerasTranslation {
  readonly layers: KerasLayerJson[];
  /** mlrecipe parameter or state key (`recurrentKernel`) → the Keras weight key (`recurrent_kernel`). */
  readonly weights: Readonly<Record<string, string>>;
}

/** The activations both sides compute the same way, by mlrecipe name → Keras name. */
const ACTIVATIONS: Readonly<Record<string, string>> = {
  linear: 'linear',
  relu: 'relu',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  softmax: 'softmax',
};

/** mlrecipe's leaky relu slope (activations.ts); tfjs-layers' LeakyReLU defaults to 0.3, so it is written out. */
export const LEAKY_RELU_ALPHA = 0.01;

/** `recurrentKernel` → `recurrent_kernel`, `movingMean` → `moving_mean`: Keras' weight names. */
export const kerasWeightName = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const channelsLast = { data_format: 'channels_last' };

/**
 * The tfjs-layers form of one mlrecipe layer named `name`, or why there is none. Each entry is
 * the same function on both sides: a layer whose computation differs (mlrecipe's GRU resets after
 * the recurrent matmul, tfjs-layers' GRU cannot) is refused rather than approximated.
 */
export function toKeras(
  layer: Pick<Layer, 'kind' | 'config'>,
  name: string,
): KerasTranslation | { unsupported: string } {
  const c = layer.config as Record<string, unknown>;
  const identity = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, kerasWeightName(k)]));
  // An activation tfjs-layers has as a string goes in the layer; leaky relu becomes a LeakyReLU layer after it.
  const withActivation = (className: string, config: Record<string, unknown>, weights: readonly string[]) => {
    const act = String(c.activation ?? 'linear');
    const own = ACTIVATIONS[act];
    if (own === undefined && act !== 'leakyRelu') return { unsupported: `activation '${act}' has no tfjs-layers form` };
    const main = { class_name: className, config: { name, ...config, activation: own ?? 'linear' } };
    const extra =
      act === 'leakyRelu'
        ? [{ class_name: 'LeakyReLU', config: { name: `${name}_leaky_relu`, alpha: LEAKY_RELU_ALPHA } }]
        : [];
    return { layers: [main, ...extra], weights: identity(weights) };
  };
  const one = (className: string, config: Record<string, unknown>, weights: readonly string[] = []) => ({
    layers: [{ class_name: className, config: { name, ...config } }],
    weights: identity(weights),
  });
  const recurrentOptions = () => {
    if (c.maskValue !== undefined)
      return {
        unsupported:
          "maskValue: Keras' Masking repeats the previous output on padded steps where mlrecipe outputs 0; export a model without maskValue",
      };
    return null;
  };
  switch (layer.kind) {
    case 'dense':
      return withActivation(
        'Dense',
        { units: c.units, use_bias: c.useBias !== false },
        c.useBias === false ? ['kernel'] : ['kernel', 'bias'],
      );
    case 'conv2d':
      return withActivation(
        'Conv2D',
        {
          filters: c.filters,
          kernel_size: c.kernelSize,
          strides: c.strides,
          padding: c.padding,
          dilation_rate: [1, 1],
          use_bias: true,
          ...channelsLast,
        },
        ['kernel', 'bias'],
      );
    case 'conv1d':
      return withActivation(
        'Conv1D',
        {
          filters: c.filters,
          kernel_size: [c.kernelSize],
          strides: [c.strides],
          padding: c.padding,
          dilation_rate: [1],
          use_bias: true,
        },
        ['kernel', 'bias'],
      );
    case 'maxPool2d':
    case 'avgPool2d':
      return one(layer.kind === 'maxPool2d' ? 'MaxPooling2D' : 'AveragePooling2D', {
        pool_size: c.poolSize,
        strides: c.strides,
        padding: c.padding,
        ...channelsLast,
      });
    case 'flatten':
      return one('Flatten', { ...channelsLast });
    case 'globalAveragePool1d':
      return one('GlobalAveragePooling1D', {});
    case 'globalAveragePool2d':
      return one('GlobalAveragePooling2D', { ...channelsLast });
    case 'activation': {
      const act = String(c.activation);
      if (act === 'leakyRelu') return one('LeakyReLU', { alpha: LEAKY_RELU_ALPHA });
      const own = ACTIVATIONS[act];
      return own === undefined
        ? { unsupported: `activation '${act}' has no tfjs-layers form` }
        : one('Activation', { activation: own });
    }
    case 'dropout':
      return one('Dropout', { rate: 1 - Number(c.keepProb) });
    case 'batchNorm':
      return one(
        'BatchNormalization',
        { axis: -1, momentum: c.momentum, epsilon: c.epsilon, center: true, scale: true },
        ['gamma', 'beta', 'movingMean', 'movingVariance'],
      );
    case 'layerNorm':
      return one('LayerNormalization', { axis: -1, epsilon: c.epsilon, center: true, scale: true }, ['gamma', 'beta']);
    case 'embedding':
      return one('Embedding', { input_dim: c.inputDim, output_dim: c.outputDim, mask_zero: false }, ['embeddings']);
    case 'simpleRnn':
      return (
        recurrentOptions() ??
        one('SimpleRNN', { units: c.units, activation: 'tanh', use_bias: true, return_sequences: c.returnSequences }, [
          'kernel',
          'recurrentKernel',
          'bias',
        ])
      );
    case 'lstm':
      // tfjs-layers' LSTM defaults to hard_sigmoid gates; mlrecipe's are sigmoid, so it is written out.
      return (
        recurrentOptions() ??
        one(
          'LSTM',
          {
            units: c.units,
            activation: 'tanh',
            recurrent_activation: 'sigmoid',
            use_bias: true,
            unit_forget_bias: true,
            return_sequences: c.returnSequences,
          },
          ['kernel', 'recurrentKernel', 'bias'],
        )
      );
    case 'bidirectional': {
      // tfjs-layers names the copies' weights <name>/forward_<inner>/kernel and <name>/backward_<inner>/kernel.
      const inner = c.layer as { kind: string; config: Record<string, unknown> };
      const innerName = inner.kind.toLowerCase();
      const translated = toKeras(inner, innerName);
      if ('unsupported' in translated) return { unsupported: `its ${inner.kind}: ${translated.unsupported}` };
      const weights: Record<string, string> = {};
      for (const side of ['forward', 'backward'])
        for (const [key, kerasKey] of Object.entries(translated.weights))
          weights[`${side}/${key}`] = `${side}_${innerName}/${kerasKey}`;
      return {
        layers: [{ class_name: 'Bidirectional', config: { name, merge_mode: c.merge, layer: translated.layers[0]! } }],
        weights,
      };
    }
    case 'add':
      return one('Add', {});
    case 'concatenate':
      return one('Concatenate', { axis: c.axis });
    case 'gru':
      return {
        unsupported:
          "mlrecipe's GRU applies the reset gate after the recurrent matmul (Keras reset_after=True, PyTorch's form) and tfjs-layers 4.x supports only reset_after=False, a different function; use lstm or simpleRnn for a model to deploy with tfjs-layers",
      };
    default:
      return { unsupported: `no tfjs-layers counterpart is known for '${layer.kind}'` };
  }
}
