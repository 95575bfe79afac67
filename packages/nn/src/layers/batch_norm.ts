import { BATCH_NORM_EPSILON, tf } from '@mlrecipe/tensor';
import { NnError } from '../errors.js';
import type { Layer } from './layer.js';

/**
 * Batch normalisation (Ioffe & Szegedy 2015): in training, z̃ = γ·(z − μ_B)/√(σ²_B + ε) + β with the
 * mini-batch statistics, and running averages μ ← m·μ + (1 − m)·μ_B (same for σ²) kept as state;
 * at inference the running averages replace the batch statistics. Normalises over every axis but
 * the last (features, or channels of NHWC images).
 */
export function batchNorm({
  momentum = 0.99,
  epsilon = BATCH_NORM_EPSILON,
}: {
  momentum?: number;
  epsilon?: number;
} = {}): Layer {
  if (!(momentum >= 0 && momentum < 1)) throw new NnError(`batchNorm: momentum must be in [0, 1), got ${momentum}`);
  if (!(epsilon > 0)) throw new NnError(`batchNorm: epsilon must be positive, got ${epsilon}`);
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
