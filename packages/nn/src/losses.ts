import { PROBABILITY_EPSILON, tf } from '@mlrecipe/tensor';
import { NnShapeError } from './errors.js';

function sameShape(a: tf.Tensor, b: tf.Tensor, caller: string): void {
  if (!tf.util.arraysEqual(a.shape, b.shape)) {
    throw new NnShapeError(`${caller}: labels have shape [${a.shape}] but predictions [${b.shape}]`);
  }
}

/**
 * Mean binary cross-entropy −[y·log ŷ + (1 − y)·log(1 − ŷ)]. From logits z (recommended) it is
 * computed as max(z, 0) − z·y + log(1 + e^−|z|), which never overflows; from probabilities ŷ is
 * clipped to [1e-7, 1 − 1e-7] (PROBABILITY_EPSILON) first.
 */
export function binaryCrossEntropy(
  labels: tf.Tensor,
  predictions: tf.Tensor,
  { fromLogits = true }: { fromLogits?: boolean } = {},
): tf.Scalar {
  sameShape(labels, predictions, 'binaryCrossEntropy');
  return tf.tidy(() => {
    if (fromLogits) {
      const z = predictions;
      return tf.mean(tf.add(tf.sub(tf.relu(z), tf.mul(z, labels)), tf.log1p(tf.exp(tf.neg(tf.abs(z))))));
    }
    const p = tf.clipByValue(predictions, PROBABILITY_EPSILON, 1 - PROBABILITY_EPSILON);
    return tf.neg(tf.mean(tf.add(tf.mul(labels, tf.log(p)), tf.mul(tf.sub(1, labels), tf.log(tf.sub(1, p))))));
  }) as tf.Scalar;
}

/**
 * Mean softmax cross-entropy −Σ y·log softmax(z) from logits z [batch, classes], with integer class
 * labels [batch] (int32) or one-hot labels [batch, classes]. log-softmax keeps it stable.
 */
export function softmaxCrossEntropy(labels: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  if (logits.rank !== 2)
    throw new NnShapeError(`softmaxCrossEntropy: logits must be [batch, classes], got [${logits.shape}]`);
  return tf.tidy(() => {
    const oneHot = labels.rank === 1 ? tf.oneHot(tf.cast(labels, 'int32') as tf.Tensor1D, logits.shape[1]!) : labels;
    sameShape(oneHot, logits, 'softmaxCrossEntropy');
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), -1)));
  }) as tf.Scalar;
}

/** Mean squared error ½-free: mean((y − ŷ)²). */
export function meanSquaredError(labels: tf.Tensor, predictions: tf.Tensor): tf.Scalar {
  sameShape(labels, predictions, 'meanSquaredError');
  return tf.tidy(() => tf.mean(tf.squaredDifference(labels, predictions))) as tf.Scalar;
}

/**
 * Sigmoid cross-entropy for multi-task learning where some labels are missing ("?" in the course's
 * self-driving example): entries whose label is NaN (or whose mask is 0) do not contribute, and the
 * mean is over the present entries only. Computed from logits.
 */
export function maskedSigmoidCrossEntropy(labels: tf.Tensor, logits: tf.Tensor, mask?: tf.Tensor): tf.Scalar {
  sameShape(labels, logits, 'maskedSigmoidCrossEntropy');
  if (mask !== undefined) sameShape(mask, logits, 'maskedSigmoidCrossEntropy (mask)');
  return tf.tidy(() => {
    const present = tf.mul(tf.cast(tf.logicalNot(tf.isNaN(labels)), 'float32'), mask ?? 1);
    const y = tf.where(tf.isNaN(labels), tf.zerosLike(labels), labels);
    const z = logits;
    const perEntry = tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
    return tf.div(tf.sum(tf.mul(perEntry, present)), tf.maximum(tf.sum(present), 1));
  }) as tf.Scalar;
}
