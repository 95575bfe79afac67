import { tf } from '@mlrecipe/tensor';
import { RegularizerError } from './errors.js';

/** Named parameters, as models hand them out (`dense_1/kernel`, `dense_1/bias`). */
export type Params = Readonly<Record<string, tf.Tensor>>;

/** A penalty term added to the loss. `batchSize` is m in the course's λ/(2m)·Σ‖W‖². */
export type Penalty = (params: Params, options: { batchSize: number }) => tf.Scalar;

/** Options of `l2` and `l1`: the strength λ and which parameters the penalty covers. */
export interface PenaltyOptions {
  lambda: number;
  /** Which parameters the penalty covers. Default: weights only (names ending in /kernel), not biases. */
  include?: (name: string) => boolean;
}

const weightsOnly = (name: string) => name.endsWith('/kernel') || name === 'kernel';

function covered(params: Params, include: (name: string) => boolean, caller: string): tf.Tensor[] {
  const chosen = Object.keys(params).filter(include);
  if (chosen.length === 0) {
    throw new RegularizerError(
      `${caller}: no parameter to penalise among ${Object.keys(params).join(', ') || 'none'}; weights are named …/kernel (pass include to choose)`,
    );
  }
  return chosen.map((name) => params[name]!);
}

function checkLambda(lambda: number, caller: string): void {
  if (!(Number.isFinite(lambda) && lambda >= 0))
    throw new RegularizerError(`${caller}: lambda must be a finite number ≥ 0, got ${lambda}`);
}

function checkBatch(batchSize: number, caller: string): void {
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) {
    throw new RegularizerError(`${caller}: batchSize (m) must be a positive integer, got ${batchSize}`);
  }
}

/**
 * L2 regularisation ("weight decay"), the course's λ/(2m)·Σ_l ‖W^[l]‖²_F over the weights.
 * @example const loss = tf.add(dataLoss, l2({ lambda: 0.7 })(params, { batchSize: 64 }));
 */
export function l2({ lambda, include = weightsOnly }: PenaltyOptions): Penalty {
  checkLambda(lambda, 'l2');
  return (params, { batchSize }) => {
    checkBatch(batchSize, 'l2');
    return tf.tidy(() =>
      tf.mul(lambda / (2 * batchSize), tf.addN(covered(params, include, 'l2').map((w) => tf.sum(tf.square(w))))),
    ) as tf.Scalar;
  };
}

/** L1 regularisation λ/m·Σ|W|: drives weights to exactly zero (sparse models). */
export function l1({ lambda, include = weightsOnly }: PenaltyOptions): Penalty {
  checkLambda(lambda, 'l1');
  return (params, { batchSize }) => {
    checkBatch(batchSize, 'l1');
    return tf.tidy(() =>
      tf.mul(lambda / batchSize, tf.addN(covered(params, include, 'l1').map((w) => tf.sum(tf.abs(w))))),
    ) as tf.Scalar;
  };
}

/** Elastic net: l1 + l2 with their own λ. */
export function elasticNet({
  l1: lambda1,
  l2: lambda2,
  include = weightsOnly,
}: {
  l1: number;
  l2: number;
  include?: (name: string) => boolean;
}): Penalty {
  const a = l1({ lambda: lambda1, include });
  const b = l2({ lambda: lambda2, include });
  return (params, options) => tf.tidy(() => tf.add(a(params, options), b(params, options))) as tf.Scalar;
}

/**
 * Max-norm constraint (Srebro et al.; used with dropout by Srivastava et al. 2014): after each
 * update, rescale every unit's incoming weight vector whose L2 norm exceeds maxNorm. For a dense
 * kernel [in, out] that is each column (axis 0); for a conv kernel [h, w, in, out], axes [0, 1, 2].
 */
export function maxNorm({
  maxNorm: limit,
  include = weightsOnly,
}: {
  maxNorm: number;
  include?: (name: string) => boolean;
}) {
  if (!(Number.isFinite(limit) && limit > 0))
    throw new RegularizerError(`maxNorm: maxNorm must be positive, got ${limit}`);
  return (params: Readonly<Record<string, tf.Variable>>): void => {
    for (const name of Object.keys(params).filter(include)) {
      const w = params[name]!;
      tf.tidy(() => {
        const axes = w.rank <= 1 ? [0] : [...Array(w.rank - 1).keys()];
        const norms = tf.sqrt(tf.sum(tf.square(w), axes, true));
        w.assign(tf.mul(w, tf.minimum(1, tf.div(limit, tf.maximum(norms, 1e-12)))));
      });
    }
  };
}
