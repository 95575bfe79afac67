import { fusedSoftmaxCrossEntropy, PROBABILITY_EPSILON, tf } from '@mlrecipe/tensor';
import { NnError, NnShapeError } from './errors.js';
import { bool, liveTensor, options, sameShape } from './validate.js';

// Predictions are not checked for NaN: a NaN there comes from a diverging model, and train reports
// it as TrainingDivergedError from the NaN loss. Labels are data, so a NaN there is a data bug.

/** Every entry of `t` in [low, high] (NaN fails), or a typed error naming the first that is not. */
function entriesIn(t: tf.Tensor, low: number, high: number, what: string, caller: string, fix: string): void {
  const values = t.dataSync() as Float32Array;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= low && v <= high)) {
      throw new NnError(`${caller}: ${what} must be in [${low}, ${high}], got ${v} at flat index ${i}; ${fix}`);
    }
  }
}

/**
 * Mean binary cross-entropy −[y·log ŷ + (1 − y)·log(1 − ŷ)], labels y in [0, 1].
 *
 * **Like Keras, predictions are probabilities by default (`fromLogits: false`)**: ŷ must be in
 * [0, 1] and is clipped to [1e-7, 1 − 1e-7] (PROBABILITY_EPSILON). Pass `fromLogits: true` when
 * the model's last layer is linear (recommended): it is computed as max(z, 0) − z·y + log(1 + e^−|z|),
 * which never overflows. Predictions outside [0, 1] without `fromLogits: true` throw, so logits
 * passed by mistake are never scored as probabilities.
 *
 * @example
 * binaryCrossEntropy(labels, logits, { fromLogits: true });
 */
export function binaryCrossEntropy(
  labels: tf.Tensor,
  predictions: tf.Tensor,
  lossOptions?: { fromLogits?: boolean },
): tf.Scalar {
  const caller = 'binaryCrossEntropy';
  liveTensor(labels, 'labels', caller);
  liveTensor(predictions, 'predictions', caller);
  const { fromLogits = false } = options(lossOptions, caller);
  bool(fromLogits, 'fromLogits', caller);
  sameShape(labels, predictions, caller);
  entriesIn(labels, 0, 1, 'labels', caller, 'binary labels are 0 or 1 (or a soft label between)');
  if (!fromLogits) {
    const values = predictions.dataSync() as Float32Array;
    const outside = values.findIndex((v) => v < 0 || v > 1);
    if (outside >= 0) {
      throw new NnError(
        `${caller}: predictions must be probabilities in [0, 1], got ${values[outside]} at flat index ${outside}; ` +
          'if they are logits (a linear last layer), pass { fromLogits: true }',
      );
    }
  }
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
 * labels [batch] (any dtype, each an integer in [0, classes)) or one-hot / soft labels
 * [batch, classes] with entries in [0, 1]. log-softmax keeps it stable. A class id out of range or
 * not an integer throws rather than silently scoring that row as 0.
 */
export function softmaxCrossEntropy(labels: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  const caller = 'softmaxCrossEntropy';
  liveTensor(labels, 'labels', caller);
  liveTensor(logits, 'logits', caller);
  if (logits.rank !== 2) throw new NnShapeError(`${caller}: logits must be [batch, classes], got [${logits.shape}]`);
  const classes = logits.shape[1]!;
  if (labels.rank === 1) {
    if (labels.shape[0] !== logits.shape[0]) {
      throw new NnShapeError(
        `${caller}: ${labels.shape[0]} labels for ${logits.shape[0]} rows of logits; give one per row`,
      );
    }
    const ids = labels.dataSync() as Float32Array;
    const bad = ids.findIndex((v) => !(Number.isInteger(v) && v >= 0 && v < classes));
    if (bad >= 0) {
      throw new NnError(
        `${caller}: class ids must be integers in [0, ${classes - 1}] (the logits have ${classes} classes), got ${ids[bad]} at row ${bad}`,
      );
    }
  } else {
    sameShape(labels, logits, caller, ['one-hot labels', 'logits']);
    entriesIn(
      labels,
      0,
      1,
      'one-hot labels',
      caller,
      'give one-hot (or soft) labels, or integer class ids of shape [batch]',
    );
  }
  return tf.tidy(() => {
    // cpu and wasm: one fused kernel and its gradient (about 36 kernel calls fewer per step).
    const fused = fusedSoftmaxCrossEntropy(labels, logits);
    if (fused !== null) return fused;
    const oneHot = labels.rank === 1 ? tf.oneHot(tf.cast(labels, 'int32') as tf.Tensor1D, classes) : labels;
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), -1)));
  }) as tf.Scalar;
}

/** Mean squared error ½-free: mean((y − ŷ)²). Labels must be finite. */
export function meanSquaredError(labels: tf.Tensor, predictions: tf.Tensor): tf.Scalar {
  const caller = 'meanSquaredError';
  liveTensor(labels, 'labels', caller);
  liveTensor(predictions, 'predictions', caller);
  sameShape(labels, predictions, caller);
  entriesIn(labels, -Number.MAX_VALUE, Number.MAX_VALUE, 'labels', caller, 'remove or impute non-finite targets');
  return tf.tidy(() => tf.mean(tf.squaredDifference(labels, predictions))) as tf.Scalar;
}

/**
 * Sigmoid cross-entropy for multi-task learning where some labels are missing ("?" in the course's
 * self-driving example): entries whose label is NaN (or whose mask is 0) do not contribute, and the
 * mean is over the present entries only. Computed from logits. Present labels must be in [0, 1],
 * mask entries in [0, 1].
 */
export function maskedSigmoidCrossEntropy(labels: tf.Tensor, logits: tf.Tensor, mask?: tf.Tensor): tf.Scalar {
  const caller = 'maskedSigmoidCrossEntropy';
  liveTensor(labels, 'labels', caller);
  liveTensor(logits, 'logits', caller);
  sameShape(labels, logits, caller, ['labels', 'logits']);
  if (mask !== undefined) {
    liveTensor(mask, 'mask', caller);
    sameShape(mask, logits, caller, ['mask', 'logits']);
    entriesIn(mask, 0, 1, 'mask', caller, 'use 1 for present entries and 0 for missing ones');
  }
  const values = labels.dataSync() as Float32Array;
  const bad = values.findIndex((v) => !Number.isNaN(v) && !(v >= 0 && v <= 1));
  if (bad >= 0) {
    throw new NnError(`${caller}: labels must be in [0, 1] or NaN (missing), got ${values[bad]} at flat index ${bad}`);
  }
  return tf.tidy(() => {
    const present = tf.mul(tf.cast(tf.logicalNot(tf.isNaN(labels)), 'float32'), mask ?? 1);
    const y = tf.where(tf.isNaN(labels), tf.zerosLike(labels), labels);
    const z = logits;
    const perEntry = tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
    return tf.div(tf.sum(tf.mul(perEntry, present)), tf.maximum(tf.sum(present), 1));
  }) as tf.Scalar;
}
