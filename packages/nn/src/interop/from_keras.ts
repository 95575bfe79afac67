import type { ActivationName } from '../activations.js';
import { activationLayer } from '../layers/activation_layer.js';
import { batchNorm } from '../layers/batch_norm.js';
import { bidirectional } from '../layers/bidirectional.js';
import { conv1d } from '../layers/conv1d.js';
import { avgPool2d, conv2d, flatten, maxPool2d } from '../layers/conv2d.js';
import { dense } from '../layers/dense.js';
import { dropout } from '../layers/dropout_layer.js';
import { embedding } from '../layers/embedding.js';
import { globalAveragePool1d, globalAveragePool2d } from '../layers/global_average_pool.js';
import { gru } from '../layers/gru.js';
import type { Layer } from '../layers/layer.js';
import { layerNorm } from '../layers/layer_norm.js';
import { lstm } from '../layers/lstm.js';
import type { RecurrentLayer } from '../layers/recurrent.js';
import { simpleRnn } from '../layers/simple_rnn.js';
import { kerasWeightName, LEAKY_RELU_ALPHA } from './keras_layers.js';

/** Where an mlrecipe weight comes from in the file: a Keras weight key, and a row of it when Keras stacks two. */
export interface WeightSource {
  readonly key: string;
  readonly row?: number;
}

/** One Keras layer read into mlrecipe terms, built once activations that follow it are folded in. */
export interface ImportedLayer {
  /** Builds the mlrecipe layer with this activation (`linear` unless a later Activation layer folded in). */
  readonly make: (activation: ActivationName) => Layer;
  /** Its activation, for layers that take one; undefined for layers that have none. */
  activation?: ActivationName;
  /** mlrecipe parameter or state key → where it is in the file. */
  readonly weights: Readonly<Record<string, WeightSource>>;
  /** A problem only the input rank shows (a normalisation over another axis), or null. */
  readonly checkRank?: (rank: number) => string | null;
}

/**
 * What a Keras activation layer (Activation, ReLU, LeakyReLU, Softmax) computes: folded into the
 * layer before it when that one has a linear activation, else an `activationLayer` of its own.
 */
export type FoldedActivation = { readonly fold: ActivationName };

/** The mlrecipe layer for an activation that cannot fold into the layer before it. */
export const standaloneActivation = (name: ActivationName): ImportedLayer => ({
  make: () => activationLayer(name),
  weights: {},
});

const KERAS_ACTIVATIONS: Readonly<Record<string, ActivationName>> = {
  linear: 'linear',
  relu: 'relu',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  softmax: 'softmax',
};

type Config = Record<string, unknown>;

const pair = (v: unknown): [number, number] =>
  Array.isArray(v) ? [Number(v[0]), Number(v[1] ?? v[0])] : [Number(v), Number(v)];
const single = (v: unknown): number => Number(Array.isArray(v) ? v[0] : v);
const weights = (...keys: string[]): Record<string, WeightSource> =>
  Object.fromEntries(keys.map((k) => [k, { key: kerasWeightName(k) }]));
const isLastAxis = (axis: unknown) => (rank: number) => {
  const a = Array.isArray(axis) && axis.length === 1 ? axis[0] : axis;
  return a === -1 || a === rank - 1
    ? null
    : `normalises over axis ${JSON.stringify(axis)}; mlrecipe normalises over the last axis only`;
};

/**
 * Reads one Keras / tfjs-layers layer (`class_name` and `config`) into mlrecipe terms, or says why it
 * cannot be: every option that changes the computation is checked, none is dropped in silence
 * (regularisers, constraints and initialisers only matter for training from scratch and are ignored).
 */
export function fromKeras(className: string, c: Config): ImportedLayer | FoldedActivation | { unsupported: string } {
  const problems: string[] = [];
  const expect = (key: string, ok: (v: unknown) => boolean, why: string) => {
    if (c[key] !== undefined && c[key] !== null && !ok(c[key]))
      problems.push(`${key} ${JSON.stringify(c[key])}: ${why}`);
  };
  const activationOf = (key = 'activation'): ActivationName => {
    const name = c[key] ?? 'linear';
    const found = typeof name === 'string' ? KERAS_ACTIVATIONS[name] : undefined;
    if (found === undefined)
      problems.push(`${key} ${JSON.stringify(name)} is not one of ${Object.keys(KERAS_ACTIVATIONS).join(', ')}`);
    return found ?? 'linear';
  };
  const channelsLast = () => expect('data_format', (v) => v === 'channels_last', 'only channels_last (NHWC) images');
  const noDilation = () =>
    expect('dilation_rate', (v) => [v].flat().every((d) => d === 1), 'dilated convolutions are not supported');
  const recurrentChecks = () => {
    expect('activation', (v) => v === 'tanh', 'mlrecipe recurrent layers use tanh');
    expect('use_bias', (v) => v === true, 'mlrecipe recurrent layers have a bias');
    for (const flag of ['return_state', 'go_backwards', 'stateful'])
      expect(flag, (v) => v === false, `${flag} is not supported in a sequential model`);
    for (const rate of ['dropout', 'recurrent_dropout'])
      expect(rate, (v) => v === 0, 'recurrent dropout is not supported (add a dropout layer instead)');
  };
  const result = (imported: ImportedLayer): ImportedLayer | { unsupported: string } =>
    problems.length > 0 ? { unsupported: problems.join('; ') } : imported;
  const returnSequences = c.return_sequences === true;

  switch (className) {
    case 'Dense': {
      const useBias = c.use_bias !== false;
      const units = Number(c.units);
      return result({
        activation: activationOf(),
        make: (activation) => dense({ units, activation, useBias }),
        weights: useBias ? weights('kernel', 'bias') : weights('kernel'),
      });
    }
    case 'Conv2D': {
      channelsLast();
      noDilation();
      expect('use_bias', (v) => v === true, 'mlrecipe conv2d always has a bias');
      expect('groups', (v) => v === 1, 'grouped convolutions are not supported');
      expect('padding', (v) => v === 'same' || v === 'valid', "only 'same' or 'valid' padding");
      const filters = Number(c.filters);
      const kernelSize = pair(c.kernel_size);
      const strides = pair(c.strides ?? 1);
      const padding = c.padding as 'same' | 'valid';
      return result({
        activation: activationOf(),
        make: (activation) => conv2d({ filters, kernelSize, strides, padding, activation }),
        weights: weights('kernel', 'bias'),
      });
    }
    case 'Conv1D': {
      noDilation();
      expect('use_bias', (v) => v === true, 'mlrecipe conv1d always has a bias');
      expect('groups', (v) => v === 1, 'grouped convolutions are not supported');
      expect(
        'padding',
        (v) => v === 'same' || v === 'valid',
        "only 'same' or 'valid' padding ('causal' is not supported)",
      );
      const filters = Number(c.filters);
      const kernelSize = single(c.kernel_size);
      const strides = single(c.strides ?? 1);
      const padding = c.padding as 'same' | 'valid';
      return result({
        activation: activationOf(),
        make: (activation) => conv1d({ filters, kernelSize, strides, padding, activation }),
        weights: weights('kernel', 'bias'),
      });
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      channelsLast();
      expect('padding', (v) => v === 'same' || v === 'valid', "only 'same' or 'valid' padding");
      const poolSize = pair(c.pool_size ?? 2);
      const strides = c.strides === null || c.strides === undefined ? poolSize : pair(c.strides);
      const padding = (c.padding ?? 'valid') as 'same' | 'valid';
      const pool = className === 'MaxPooling2D' ? maxPool2d : avgPool2d;
      return result({ make: () => pool({ poolSize, strides, padding }), weights: {} });
    }
    case 'Flatten':
      channelsLast();
      return result({ make: () => flatten(), weights: {} });
    case 'GlobalAveragePooling1D':
    case 'GlobalAveragePooling2D':
      channelsLast();
      expect('keepdims', (v) => v === false, 'keepdims is not supported');
      return result({
        make: () => (className === 'GlobalAveragePooling1D' ? globalAveragePool1d() : globalAveragePool2d()),
        weights: {},
      });
    case 'Dropout': {
      expect('noise_shape', () => false, 'a noise shape is not supported');
      const keepProb = 1 - Number(c.rate ?? 0);
      return result({ make: () => dropout({ keepProb }), weights: {} });
    }
    case 'BatchNormalization': {
      for (const flag of ['center', 'scale'])
        expect(flag, (v) => v === true, `mlrecipe batch norm has both gamma and beta`);
      const momentum = Number(c.momentum ?? 0.99);
      const epsilon = Number(c.epsilon ?? 1e-3);
      return result({
        make: () => batchNorm({ momentum, epsilon }),
        weights: weights('gamma', 'beta', 'movingMean', 'movingVariance'),
        checkRank: isLastAxis(c.axis ?? -1),
      });
    }
    case 'LayerNormalization': {
      for (const flag of ['center', 'scale'])
        expect(flag, (v) => v === true, `mlrecipe layer norm has both gamma and beta`);
      const epsilon = Number(c.epsilon ?? 1e-3);
      return result({
        make: () => layerNorm({ epsilon }),
        weights: weights('gamma', 'beta'),
        checkRank: isLastAxis(c.axis ?? -1),
      });
    }
    case 'Embedding': {
      expect('mask_zero', (v) => v === false, 'masking index 0 is not supported');
      const inputDim = Number(c.input_dim);
      const outputDim = Number(c.output_dim);
      return result({ make: () => embedding({ inputDim, outputDim }), weights: weights('embeddings') });
    }
    case 'SimpleRNN': {
      recurrentChecks();
      const units = Number(c.units);
      return result({
        make: () => simpleRnn({ units, returnSequences }),
        weights: weights('kernel', 'recurrentKernel', 'bias'),
      });
    }
    case 'LSTM': {
      recurrentChecks();
      // tfjs-layers writes hard_sigmoid by default; it is a different function from mlrecipe's sigmoid gates.
      expect('recurrent_activation', (v) => v === 'sigmoid', 'mlrecipe lstm gates use sigmoid');
      const units = Number(c.units);
      return result({
        make: () => lstm({ units, returnSequences }),
        weights: weights('kernel', 'recurrentKernel', 'bias'),
      });
    }
    case 'GRU': {
      recurrentChecks();
      expect('recurrent_activation', (v) => v === 'sigmoid', 'mlrecipe gru gates use sigmoid');
      if (c.reset_after !== true)
        problems.push(
          'reset_after false (the reset gate before the recurrent matmul) is a different function from mlrecipe gru (reset_after true, as Keras 2.x+ and PyTorch default)',
        );
      const units = Number(c.units);
      // Keras' reset_after bias is [2, 3·units]: the input bias, then the recurrent bias.
      return result({
        make: () => gru({ units, returnSequences }),
        weights: {
          kernel: { key: 'kernel' },
          recurrentKernel: { key: 'recurrent_kernel' },
          bias: { key: 'bias', row: 0 },
          recurrentBias: { key: 'bias', row: 1 },
        },
      });
    }
    case 'Bidirectional': {
      const innerJson = (c.layer ?? {}) as { class_name?: string; config?: Config };
      const innerClass = String(innerJson.class_name);
      const innerConfig = innerJson.config ?? {};
      expect('merge_mode', (v) => v === 'concat' || v === 'sum', "only 'concat' or 'sum' merging");
      if (!['SimpleRNN', 'LSTM', 'GRU'].includes(innerClass))
        problems.push(`wraps ${innerClass}, not a recurrent layer`);
      const inner = fromKeras(innerClass, innerConfig);
      if ('unsupported' in inner) problems.push(`its ${innerClass}: ${inner.unsupported}`);
      if (problems.length > 0 || !('make' in inner)) return { unsupported: problems.join('; ') };
      const innerName = String(innerConfig.name ?? innerClass.toLowerCase());
      const merge = (c.merge_mode ?? 'concat') as 'concat' | 'sum';
      const sides: Record<string, WeightSource> = {};
      for (const side of ['forward', 'backward'])
        for (const [key, from] of Object.entries(inner.weights))
          sides[`${side}/${key}`] = { ...from, key: `${side}_${innerName}/${from.key}` };
      return { make: () => bidirectional(inner.make('linear') as RecurrentLayer, { merge }), weights: sides };
    }
    case 'Activation': {
      const fold = activationOf();
      return problems.length > 0 ? { unsupported: problems.join('; ') } : { fold };
    }
    case 'ReLU':
      expect('max_value', () => false, 'a capped relu is not supported');
      expect('negative_slope', (v) => v === 0, 'use LeakyReLU');
      expect('threshold', (v) => v === 0, 'a shifted relu is not supported');
      return problems.length > 0 ? { unsupported: problems.join('; ') } : { fold: 'relu' };
    case 'Softmax':
      expect('axis', (v) => v === -1, 'softmax over the last axis only');
      return problems.length > 0 ? { unsupported: problems.join('; ') } : { fold: 'softmax' };
    case 'LeakyReLU': {
      const alpha = Number(c.alpha ?? c.negative_slope ?? 0.3);
      return Math.abs(alpha - LEAKY_RELU_ALPHA) < 1e-7
        ? { fold: 'leakyRelu' }
        : { unsupported: `alpha ${alpha}: mlrecipe's leakyRelu has slope ${LEAKY_RELU_ALPHA}` };
    }
    case 'Masking':
      return {
        unsupported:
          "Keras' Masking repeats the previous output on padded steps where mlrecipe's maskValue outputs 0; remove it and pass maskValue to the recurrent layer",
      };
    default:
      return { unsupported: 'mlrecipe has no layer that computes it' };
  }
}
