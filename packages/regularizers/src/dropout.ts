import { type Rng, tf } from '@mlrecipe/tensor';
import { RegularizerError } from './errors.js';
import { liveTensor, numberIn, options, rngLike, shown } from './validate.js';

/**
 * Inverted dropout (the course's form): during training keep each unit with probability keepProb
 * and divide by keepProb, so the expected activation is unchanged and nothing needs rescaling at
 * test time; at inference it is the identity. The mask is seeded from `rng` (same seed, same mask).
 *
 * @example const h = dropout(a, { keepProb: 0.8, rng: rng.fork('dropout-1'), training: true });
 */
export function dropout(x: tf.Tensor, dropoutOptions: { keepProb: number; rng?: Rng; training: boolean }): tf.Tensor {
  liveTensor(x, 'x', 'dropout');
  const { keepProb, rng, training } = options(dropoutOptions, 'dropout', true);
  // keepProb is the share of units kept.
  numberIn(keepProb, 'keepProb', 'dropout', 0, 1, { low: true });
  if (typeof training !== 'boolean')
    throw new RegularizerError(`dropout: training must be true or false, got ${shown(training)}`);
  if (training && keepProb !== 1 && rng !== undefined) rngLike(rng, 'dropout');
  if (!training || keepProb === 1) return tf.clone(x);
  if (rng === undefined)
    throw new RegularizerError('dropout: training needs an rng for a reproducible mask (createRng(seed).fork(…))');
  return tf.tidy(() => {
    // tfjs draws uniforms on the host from this seed: identical on every backend.
    const keep = tf.less(tf.randomUniform(x.shape, 0, 1, 'float32', rng.next()), keepProb);
    return tf.div(tf.mul(x, tf.cast(keep, x.dtype)), keepProb);
  });
}
