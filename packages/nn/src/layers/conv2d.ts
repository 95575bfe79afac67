import { tf } from '@mlrecipe/tensor';
import { type ActivationName, activation, fusableActivation } from '../activations.js';
import { NnError, NnShapeError } from '../errors.js';
import { type Initializer, initializer, warnIfZeroKernel } from '../initializers.js';
import { oneOf, options, param, positiveInteger, positivePair } from '../validate.js';
import type { Layer } from './layer.js';

/** Options of `conv2d`: filters, kernel size, strides, padding, activation and kernel initialiser. */
export interface Conv2dOptions {
  filters: number;
  kernelSize: number | [number, number];
  strides?: number | [number, number];
  padding?: 'same' | 'valid';
  activation?: ActivationName;
  kernelInitializer?: string | Initializer;
}

const PADDINGS = ['same', 'valid'] as const;

/** 2-D convolution over NHWC inputs: filters of shape [kh, kw, c_in, filters], then bias and activation. */
export function conv2d(convOptions: Conv2dOptions): Layer {
  if (convOptions === undefined)
    throw new NnError('conv2d: give the options, e.g. conv2d({ filters: 8, kernelSize: 3 })');
  const {
    filters,
    kernelSize,
    strides = 1,
    padding = 'same',
    activation: act = 'linear',
    kernelInitializer,
  } = options(convOptions, 'conv2d');
  positiveInteger(filters, 'filters', 'conv2d');
  const [kh, kw] = positivePair(kernelSize, 'kernelSize', 'conv2d');
  const [sh, sw] = positivePair(strides, 'strides', 'conv2d');
  oneOf(padding, PADDINGS, 'padding', 'conv2d');
  const g = activation(act);
  const fused = fusableActivation(act);
  const init = initializer(kernelInitializer ?? (act === 'relu' || act === 'leakyRelu' ? 'he' : 'glorotUniform'));
  return {
    kind: 'conv2d',
    config: {
      filters,
      kernelSize: [kh, kw],
      strides: [sh, sw],
      padding,
      activation: act,
      kernelInitializer: init.name,
    },
    build(inputShape, rng) {
      warnIfZeroKernel(init, 'conv2d');
      if (inputShape.length !== 3)
        throw new NnShapeError(`conv2d: expects [height, width, channels] inputs, got [${inputShape.join(', ')}]`);
      const [h, w, c] = inputShape as [number, number, number];
      if (padding === 'valid' && (h < kh || w < kw)) {
        throw new NnShapeError(
          `conv2d: a ${kh}×${kw} kernel with 'valid' padding does not fit ${h}×${w} inputs; use padding 'same' or a smaller kernel`,
        );
      }
      const info = tf.backend_util.computeConv2DInfo([1, h, w, c], [kh, kw, c, filters], [sh, sw], 1, padding);
      return {
        params: {
          kernel: {
            values: init(kh * kw * c * filters, { fanIn: kh * kw * c, fanOut: kh * kw * filters }, rng),
            shape: [kh, kw, c, filters],
          },
          bias: { values: new Float32Array(filters), shape: [filters] },
        },
        outputShape: [info.outHeight, info.outWidth, filters],
      };
    },
    expectedInput(params) {
      return [null, null, null, param(params, 'kernel', 'conv2d').shape[2]!];
    },
    call(x, params) {
      const kernel = param(params, 'kernel', 'conv2d') as tf.Tensor4D;
      const bias = param(params, 'bias', 'conv2d');
      // Convolution, bias and relu in one kernel where tfjs can differentiate the fused form (see dense).
      if (fused !== null) {
        return tf.fused.conv2d({
          x: x as tf.Tensor4D,
          filter: kernel,
          strides: [sh, sw],
          pad: padding,
          bias,
          activation: fused,
        });
      }
      return g(tf.add(tf.conv2d(x as tf.Tensor4D, kernel, [sh, sw], padding), bias));
    },
  };
}

/** Options of `maxPool2d` and `avgPool2d`: window size, strides and padding. */
export interface PoolOptions {
  poolSize?: number | [number, number];
  /** Default: the pool size (non-overlapping windows). */
  strides?: number | [number, number];
  padding?: 'same' | 'valid';
}

/** Max pooling over NHWC inputs. */
export function maxPool2d(poolOptions?: PoolOptions): Layer {
  return pooling('maxPool2d', poolOptions);
}

/** Average pooling over NHWC inputs. */
export function avgPool2d(poolOptions?: PoolOptions): Layer {
  return pooling('avgPool2d', poolOptions);
}

function pooling(kind: 'maxPool2d' | 'avgPool2d', poolOptions: PoolOptions | undefined): Layer {
  const { poolSize = 2, strides: stride, padding = 'valid' } = options(poolOptions, kind);
  // A fractional size made tfjs' wasm pooling loop forever (and cpu return NaN): integers only.
  const size = positivePair(poolSize, 'poolSize', kind);
  const strides = positivePair(stride === undefined ? poolSize : stride, 'strides', kind);
  oneOf(padding, PADDINGS, 'padding', kind);
  return {
    kind,
    config: { poolSize: size, strides, padding },
    build(inputShape) {
      if (inputShape.length !== 3)
        throw new NnShapeError(`${kind}: expects [height, width, channels] inputs, got [${inputShape.join(', ')}]`);
      const [h, w, c] = inputShape as [number, number, number];
      if (padding === 'valid' && (h < size[0] || w < size[1])) {
        throw new NnShapeError(
          `${kind}: a ${size[0]}×${size[1]} window with 'valid' padding does not fit ${h}×${w} inputs; use padding 'same' or a smaller poolSize`,
        );
      }
      const info = tf.backend_util.computePool2DInfo([1, h, w, c], size, strides, 1, padding);
      return { params: {}, outputShape: [info.outHeight, info.outWidth, c] };
    },
    expectedInput() {
      return [null, null, null, null];
    },
    call(x) {
      if (padding === 'valid' && (x.shape[1]! < size[0] || x.shape[2]! < size[1])) {
        throw new NnShapeError(
          `${kind}: a ${size[0]}×${size[1]} window with 'valid' padding does not fit inputs of shape [${x.shape}]`,
        );
      }
      return (kind === 'maxPool2d' ? tf.maxPool : tf.avgPool)(x as tf.Tensor4D, size, strides, padding);
    },
  };
}

/** Flattens every input to a vector, keeping the batch dimension. */
export function flatten(): Layer {
  return {
    kind: 'flatten',
    config: {},
    build(inputShape) {
      return { params: {}, outputShape: [inputShape.reduce((a, b) => a * b, 1)] };
    },
    call(x) {
      if (x.rank < 2) throw new NnShapeError(`flatten: expects [batch, …] inputs, got [${x.shape}]`);
      return tf.reshape(x, [x.shape[0]!, -1]);
    },
  };
}
