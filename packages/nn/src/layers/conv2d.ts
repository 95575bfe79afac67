import { tf } from '@mlrecipe/tensor';
import { type ActivationName, activation } from '../activations.js';
import { NnError, NnShapeError } from '../errors.js';
import { type Initializer, initializer } from '../initializers.js';
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

const pair = (v: number | [number, number]): [number, number] => (typeof v === 'number' ? [v, v] : v);

/** 2-D convolution over NHWC inputs: filters of shape [kh, kw, c_in, filters], then bias and activation. */
export function conv2d({
  filters,
  kernelSize,
  strides = 1,
  padding = 'same',
  activation: act = 'linear',
  kernelInitializer,
}: Conv2dOptions): Layer {
  if (!(Number.isInteger(filters) && filters >= 1))
    throw new NnError(`conv2d: filters must be a positive integer, got ${filters}`);
  const [kh, kw] = pair(kernelSize);
  const [sh, sw] = pair(strides);
  const g = activation(act);
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
      if (inputShape.length !== 3)
        throw new NnShapeError(`conv2d: expects [height, width, channels] inputs, got [${inputShape.join(', ')}]`);
      const [h, w, c] = inputShape as [number, number, number];
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
    call(x, params) {
      return g(tf.add(tf.conv2d(x as tf.Tensor4D, params.kernel as tf.Tensor4D, [sh, sw], padding), params.bias!));
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
export function maxPool2d(options: PoolOptions = {}): Layer {
  return pooling('maxPool2d', options);
}

/** Average pooling over NHWC inputs. */
export function avgPool2d(options: PoolOptions = {}): Layer {
  return pooling('avgPool2d', options);
}

function pooling(
  kind: 'maxPool2d' | 'avgPool2d',
  { poolSize = 2, strides: stride, padding = 'valid' }: PoolOptions,
): Layer {
  const size = pair(poolSize);
  const strides = pair(stride ?? poolSize);
  return {
    kind,
    config: { poolSize: size, strides, padding },
    build(inputShape) {
      if (inputShape.length !== 3)
        throw new NnShapeError(`${kind}: expects [height, width, channels] inputs, got [${inputShape.join(', ')}]`);
      const [h, w, c] = inputShape as [number, number, number];
      const info = tf.backend_util.computePool2DInfo([1, h, w, c], size, strides, 1, padding);
      return { params: {}, outputShape: [info.outHeight, info.outWidth, c] };
    },
    call(x) {
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
      return tf.reshape(x, [x.shape[0]!, -1]);
    },
  };
}
