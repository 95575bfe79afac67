import { tf } from '@mlrecipe/tensor';
import { type ActivationName, activation } from '../activations.js';
import { NnError, NnShapeError } from '../errors.js';
import { type Initializer, initializer, warnIfZeroKernel } from '../initializers.js';
import type { Layer } from './layer.js';

/** Options of `conv1d`: filters, kernel size, strides, padding, activation and initialiser. */
export interface Conv1dOptions {
  filters: number;
  kernelSize: number;
  strides?: number;
  padding?: 'same' | 'valid';
  activation?: ActivationName;
  kernelInitializer?: string | Initializer;
}

/**
 * 1-D convolution over [batch, steps, channels] inputs (audio frames, sequences): `kernel`
 * [kernelSize, channels, filters] (PyTorch's `Conv1d.weight` [filters, channels, kernelSize]
 * transposed by (2, 1, 0)), then `bias` [filters] and the activation.
 *
 * @example
 * const frontEnd = sequential([conv1d({ filters: 32, kernelSize: 5, activation: 'relu' }), gru({ units: 64 })]);
 */
export function conv1d({
  filters,
  kernelSize,
  strides = 1,
  padding = 'same',
  activation: act = 'linear',
  kernelInitializer,
}: Conv1dOptions): Layer {
  for (const [name, value] of [
    ['filters', filters],
    ['kernelSize', kernelSize],
    ['strides', strides],
  ] as const)
    if (!(Number.isInteger(value) && value >= 1))
      throw new NnError(`conv1d: ${name} must be a positive integer, got ${value}`);
  if (padding !== 'same' && padding !== 'valid')
    throw new NnError(`conv1d: padding must be 'same' or 'valid', got ${JSON.stringify(padding)}`);
  const g = activation(act);
  const init = initializer(kernelInitializer ?? (act === 'relu' || act === 'leakyRelu' ? 'he' : 'glorotUniform'));
  return {
    kind: 'conv1d',
    config: { filters, kernelSize, strides, padding, activation: act, kernelInitializer: init.name },
    build(inputShape, rng) {
      warnIfZeroKernel(init, 'conv1d');
      if (inputShape.length !== 2)
        throw new NnShapeError(`conv1d: expects [steps, channels] inputs, got [${inputShape.join(', ')}]`);
      const [steps, channels] = inputShape as [number, number];
      const span = kernelSize;
      const outSteps = padding === 'same' ? Math.ceil(steps / strides) : Math.floor((steps - span) / strides) + 1;
      if (outSteps < 1)
        throw new NnShapeError(
          `conv1d: ${steps} steps are fewer than the kernel's span ${span} with 'valid' padding; use padding 'same' or a smaller kernel`,
        );
      return {
        params: {
          kernel: {
            values: init(
              kernelSize * channels * filters,
              { fanIn: kernelSize * channels, fanOut: kernelSize * filters },
              rng,
            ),
            shape: [kernelSize, channels, filters],
          },
          bias: { values: new Float32Array(filters), shape: [filters] },
        },
        outputShape: [outSteps, filters],
      };
    },
    call(x, params) {
      if (x.rank !== 3)
        throw new NnShapeError(`conv1d: expects inputs [batch, steps, channels], got [${x.shape.join(', ')}]`);
      return tf.tidy(() =>
        g(tf.add(tf.conv1d(x as tf.Tensor3D, params.kernel as tf.Tensor3D, strides, padding), params.bias!)),
      );
    },
  };
}
