import { tf } from '@mlrecipe/tensor';
import { NnError, NnShapeError } from './errors.js';

/**
 * Weights for imbalanced data, as Keras' `fit(class_weight=…, sample_weight=…)` and
 * scikit-learn's `sample_weight`.
 */
export interface LossWeights {
  /** One weight per example (sample_weight), [batch]; e.g. lower for noisily labelled rows. */
  sampleWeights?: tf.Tensor | ArrayLike<number>;
  /**
   * One weight per class (class_weight): an example of class c counts w_c times. For a minority
   * class of share p, w = 1/(classes·p) ("balanced") makes every class weigh the same in total.
   * Binary losses take [w_0, w_1].
   */
  classWeights?: ArrayLike<number>;
  /**
   * What the weighted sum Σ wᵢ·lossᵢ is divided by. 'batch' (default): the number of examples, as
   * Keras (sum over batch size) and PyTorch's `binary_cross_entropy_with_logits(weight=…)`, so
   * weights also scale the learning rate's effect. 'weights': Σ wᵢ, a weighted mean, as
   * scikit-learn's `log_loss(sample_weight=…)` and PyTorch's `cross_entropy(weight=…)`.
   */
  normalize?: 'batch' | 'weights';
}

function weightVector(caller: string, what: string, values: ArrayLike<number>, length: number): Float32Array {
  if (values.length !== length)
    throw new NnShapeError(`${caller}: ${what} has ${values.length} entries, expected ${length}`);
  const out = Float32Array.from(values);
  out.forEach((w, i) => {
    if (!(Number.isFinite(w) && w >= 0))
      throw new NnError(`${caller}: ${what}[${i}] is ${w}; weights must be finite and ≥ 0`);
  });
  return out;
}

/** Per-example weights [batch] from class weights (indexed by the labels) times sample weights. */
function exampleWeights(
  caller: string,
  perExampleClass: (classWeights: tf.Tensor1D) => tf.Tensor,
  batch: number,
  classes: number,
  { sampleWeights, classWeights, normalize = 'batch' }: LossWeights,
): tf.Tensor | undefined {
  if (normalize !== 'batch' && normalize !== 'weights')
    throw new NnError(`${caller}: normalize must be 'batch' or 'weights', got ${JSON.stringify(normalize)}`);
  let weights: tf.Tensor | undefined;
  if (classWeights !== undefined)
    weights = perExampleClass(tf.tensor1d(weightVector(caller, 'classWeights', classWeights, classes)));
  if (sampleWeights !== undefined) {
    const sample =
      sampleWeights instanceof tf.Tensor
        ? sampleWeights
        : tf.tensor1d(weightVector(caller, 'sampleWeights', sampleWeights, batch));
    if (!tf.util.arraysEqual(sample.shape, [batch]))
      throw new NnShapeError(`${caller}: sampleWeights must be [batch] = [${batch}], got [${sample.shape.join(', ')}]`);
    weights = weights === undefined ? sample : tf.mul(weights, sample);
  }
  return weights;
}

function reduce(perExample: tf.Tensor, weights: tf.Tensor | undefined, normalize: LossWeights['normalize']): tf.Scalar {
  if (weights === undefined) return tf.mean(perExample);
  const total = tf.sum(tf.mul(perExample, weights));
  // A batch whose weights are all 0 contributes nothing (rather than 0/0 = NaN).
  return (
    normalize === 'weights' ? tf.div(total, tf.maximum(tf.sum(weights), 1e-12)) : tf.div(total, perExample.size)
  ) as tf.Scalar;
}

/**
 * Softmax cross-entropy with class and sample weights: Σᵢ wᵢ·(−Σ_c y_ic log softmax(z_i)_c) divided
 * by the batch size (Keras) or by Σᵢ wᵢ (scikit-learn, PyTorch's `cross_entropy(weight=…)`), where
 * wᵢ = class_weight[yᵢ]·sample_weightᵢ. Labels are integer classes [batch] or one-hot [batch,
 * classes] (a soft label's class weight is Σ_c y_c·w_c).
 *
 * @example
 * const loss = weightedSoftmaxCrossEntropy(labels, logits, { classWeights: [1, 19] }); // 95/5 data
 */
export function weightedSoftmaxCrossEntropy(
  labels: tf.Tensor,
  logits: tf.Tensor,
  weights: LossWeights = {},
): tf.Scalar {
  if (logits.rank !== 2)
    throw new NnShapeError(`weightedSoftmaxCrossEntropy: logits must be [batch, classes], got [${logits.shape}]`);
  const [batch, classes] = logits.shape as [number, number];
  return tf.tidy(() => {
    const oneHot = labels.rank === 1 ? tf.oneHot(tf.cast(labels, 'int32') as tf.Tensor1D, classes).toFloat() : labels;
    if (!tf.util.arraysEqual(oneHot.shape, logits.shape))
      throw new NnShapeError(
        `weightedSoftmaxCrossEntropy: labels must be [batch] class indices or [batch, classes] = [${batch}, ${classes}], got [${labels.shape}]`,
      );
    const perExample = tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), -1));
    const w = exampleWeights(
      'weightedSoftmaxCrossEntropy',
      (classWeights) => tf.sum(tf.mul(oneHot, classWeights), -1),
      batch,
      classes,
      weights,
    );
    return reduce(perExample, w, weights.normalize);
  });
}

/**
 * Binary cross-entropy with class and sample weights, from probabilities (default, as
 * binaryCrossEntropy and Keras) or, with `fromLogits: true`, from logits (stable:
 * max(z, 0) − z·y + log(1 + e^−|z|)). Each entry's weight is
 * (y·w_1 + (1 − y)·w_0)·sample_weight of its row; the weighted sum is divided by the number of
 * entries (Keras, PyTorch's `binary_cross_entropy_with_logits(weight=…)`) or by the sum of the
 * weights (scikit-learn's `log_loss(sample_weight=…)`). Labels and predictions are [batch] or
 * [batch, outputs].
 *
 * @example
 * const loss = weightedBinaryCrossEntropy(y, logits, { classWeights: [1, 19], normalize: 'weights', fromLogits: true });
 */
export function weightedBinaryCrossEntropy(
  labels: tf.Tensor,
  predictions: tf.Tensor,
  { fromLogits = false, ...weights }: LossWeights & { fromLogits?: boolean } = {},
): tf.Scalar {
  if (!tf.util.arraysEqual(labels.shape, predictions.shape) || predictions.rank < 1 || predictions.rank > 2)
    throw new NnShapeError(
      `weightedBinaryCrossEntropy: labels [${labels.shape}] and predictions [${predictions.shape}] must have the same shape, [batch] or [batch, outputs]`,
    );
  const batch = predictions.shape[0]!;
  return tf.tidy(() => {
    const y = labels.toFloat();
    let perEntry: tf.Tensor;
    if (fromLogits) {
      const z = predictions;
      perEntry = tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
    } else {
      const p = tf.clipByValue(predictions, 1e-7, 1 - 1e-7);
      perEntry = tf.neg(tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p)))));
    }
    const byClass = (classWeights: tf.Tensor1D) => {
      const [w0, w1] = tf.unstack(classWeights);
      return tf.add(tf.mul(y, w1!), tf.mul(tf.sub(1, y), w0!));
    };
    let w = exampleWeights('weightedBinaryCrossEntropy', byClass, batch, 2, { ...weights, sampleWeights: undefined });
    if (weights.sampleWeights !== undefined) {
      const sample = exampleWeights('weightedBinaryCrossEntropy', byClass, batch, 2, {
        sampleWeights: weights.sampleWeights,
      })!;
      const perRow = perEntry.rank === 2 ? tf.expandDims(sample, 1) : sample;
      w = w === undefined ? tf.mul(tf.onesLike(perEntry), perRow) : tf.mul(w, perRow);
    }
    return reduce(perEntry, w, weights.normalize);
  });
}
