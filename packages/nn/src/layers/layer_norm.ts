import { tf } from '@mlrecipe/tensor';
import { NnError, NnShapeError } from '../errors.js';
import type { Layer } from './layer.js';

/**
 * Layer normalisation (Ba et al. 2016): each example is normalised over its last axis,
 * y = γ ⊙ (x − μ) / √(σ² + ε) + β with μ, σ² the mean and (biased) variance of that example's
 * features; `gamma` starts at 1 and `beta` at 0. Unlike batch norm it has no running statistics and
 * behaves the same in training and inference and for any batch size, which is why recurrent
 * networks use it. ε defaults to 1e-5 (PyTorch's `nn.LayerNorm`; Keras uses 1e-3).
 *
 * @example
 * const model = sequential([dense({ units: 64 }), layerNorm(), dense({ units: 10 })]);
 */
export function layerNorm({ epsilon = 1e-5 }: { epsilon?: number } = {}): Layer {
  if (!(epsilon > 0)) throw new NnError(`layerNorm: epsilon must be positive, got ${epsilon}; 1e-5 is usual`);
  return {
    kind: 'layerNorm',
    config: { epsilon },
    build(inputShape) {
      const features = inputShape[inputShape.length - 1];
      if (features === undefined)
        throw new NnShapeError('layerNorm: the input needs at least one axis besides the batch, got []');
      return {
        params: {
          gamma: { values: new Float32Array(features).fill(1), shape: [features] },
          beta: { values: new Float32Array(features), shape: [features] },
        },
        outputShape: [...inputShape],
      };
    },
    call(x, params) {
      return tf.tidy(() => {
        const { mean, variance } = tf.moments(x, -1, true);
        const normalised = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon)));
        return tf.add(tf.mul(normalised, params.gamma!), params.beta!);
      });
    },
  };
}
