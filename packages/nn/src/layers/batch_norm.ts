import { BATCH_NORM_EPSILON, tf } from '@mlrecipe/tensor';
import { NnShapeError } from '../errors.js';
import { inRange, options, param } from '../validate.js';
import type { Layer } from './layer.js';

/**
 * Batch normalisation (Ioffe & Szegedy 2015): in training, z̃ = γ·(z − μ_B)/√(σ²_B + ε) + β with the
 * mini-batch statistics, and running averages μ ← m·μ + (1 − m)·μ_B (same for σ²) kept as state;
 * at inference the running averages replace the batch statistics. Normalises over every axis but
 * the last (features, or channels of NHWC images).
 */
export function batchNorm(normOptions?: { momentum?: number; epsilon?: number }): Layer {
  const { momentum = 0.99, epsilon = BATCH_NORM_EPSILON } = options(normOptions, 'batchNorm');
  inRange(momentum, 'momentum', 'batchNorm', { low: 0, high: 1, includeHigh: false });
  inRange(epsilon, 'epsilon', 'batchNorm', { low: 0, high: 1, includeLow: false });
  return {
    kind: 'batchNorm',
    config: { momentum, epsilon },
    build(inputShape) {
      const features = inputShape[inputShape.length - 1]!;
      const ones = { values: new Float32Array(features).fill(1), shape: [features] };
      const zero = { values: new Float32Array(features), shape: [features] };
      return {
        params: { gamma: ones, beta: zero },
        state: { movingMean: zero, movingVariance: ones },
        outputShape: [...inputShape],
      };
    },
    call(x, params, { training, state, frozen = false }) {
      const features = param(params, 'gamma', 'batchNorm').shape[0];
      if (x.rank < 2 || x.shape[x.rank - 1] !== features) {
        throw new NnShapeError(`batchNorm: expects inputs [batch, …, ${features}], got [${x.shape}]`);
      }
      param(params, 'beta', 'batchNorm');
      param(state, 'movingMean', 'batchNorm (state)');
      param(state, 'movingVariance', 'batchNorm (state)');
      // A frozen layer keeps its statistics fixed and normalises with them (Keras' behaviour since
      // TF 2.0): updating them would shift the features the layers above were trained on.
      if (!training || frozen)
        return tf.batchNorm(x, state.movingMean!, state.movingVariance!, params.beta!, params.gamma!, epsilon);
      const axes = [...Array(x.rank - 1).keys()];
      const { mean, variance } = tf.moments(x, axes);
      // The running statistics are not differentiated: they are state, updated in place.
      tf.tidy(() => {
        state.movingMean!.assign(tf.add(tf.mul(state.movingMean!, momentum), tf.mul(mean, 1 - momentum)));
        state.movingVariance!.assign(tf.add(tf.mul(state.movingVariance!, momentum), tf.mul(variance, 1 - momentum)));
      });
      return tf.batchNorm(x, mean, variance, params.beta!, params.gamma!, epsilon);
    },
  };
}
