// Class and sample weights of the training loss, as Keras' fit(class_weight=…, sample_weight=…):
// each training row weighs class_weight[label] · sample_weight[row], and the loss of a batch is
// Σ wᵢ·lossᵢ over its rows divided by the batch size (nn's weighted losses, normalize 'batch').
import { tf } from '@mlrecipe/tensor';
import { PipelineError } from '../errors.js';
import type { Task } from '../task.js';
import type { TrainOptions } from './options.js';

function weightList(values: unknown, name: string, length?: number): Float32Array {
  const list = values as ArrayLike<number> | null;
  if (list === null || typeof list !== 'object' || typeof list.length !== 'number')
    throw new PipelineError(`train: ${name} must be an array of numbers, got ${String(values)}`);
  if (length !== undefined && list.length !== length)
    throw new PipelineError(
      `train: ${name} has ${list.length} entries but ${name === 'sampleWeights' ? 'train has' : 'the model has'} ${length} ${name === 'sampleWeights' ? 'rows' : 'classes'}; give one weight per ${name === 'sampleWeights' ? 'training row' : 'class'}`,
    );
  const out = Float32Array.from(list);
  for (let i = 0; i < out.length; i++) {
    if (!(Number.isFinite(list[i]) && list[i]! >= 0))
      throw new PipelineError(`train: ${name}[${i}] is ${list[i]}; weights must be finite and ≥ 0`);
  }
  if (out.length > 0 && out.every((w) => w === 0))
    throw new PipelineError(`train: every entry of ${name} is 0; nothing would be learned`);
  return out;
}

/** Checks the weight options that need no tensor (before anything is made). */
export function checkWeightOptions(options: TrainOptions, task: Task): void {
  if (options.classWeights !== undefined) {
    if (task === 'regression')
      throw new PipelineError(
        "train: classWeights weigh the classes of a classification task (multiclass, or multilabel with one output), but the task is 'regression'; weigh rows with sampleWeights",
      );
    weightList(options.classWeights, 'classWeights');
  }
  if (options.sampleWeights !== undefined)
    weightList(options.sampleWeights, 'sampleWeights', options.data.train.y.shape[0]);
}

/**
 * The weight of every training row, class_weight[yᵢ]·sample_weightᵢ (undefined without weights), once
 * the model's number of classes (`outputs`) is known.
 */
export function rowWeightsFor(options: TrainOptions, task: Task, outputs: number): Float32Array | undefined {
  const { classWeights, sampleWeights } = options;
  if (classWeights === undefined && sampleWeights === undefined) return undefined;
  const rows = options.data.train.y.shape[0]!;
  const weights =
    sampleWeights === undefined ? new Float32Array(rows).fill(1) : weightList(sampleWeights, 'sampleWeights', rows);
  if (classWeights !== undefined) {
    // A binary model with one sigmoid output (task 'multilabel', one column) weighs labels 0 and 1.
    if (task === 'multilabel' && outputs !== 1)
      throw new PipelineError(
        `train: classWeights with a multilabel task need one output (binary, [w0, w1]); this model has ${outputs} — weigh rows with sampleWeights`,
      );
    const perClass = weightList(classWeights, 'classWeights', task === 'multilabel' ? 2 : outputs);
    const labels = options.data.train.y.values;
    for (let i = 0; i < rows; i++) {
      const label = labels[i]!;
      if (Number.isNaN(label))
        throw new PipelineError(
          `train: training row ${i} has no label (NaN), which classWeights cannot weigh; give every row a 0/1 label`,
        );
      weights[i] = weights[i]! * perClass[label]!;
    }
  }
  if (weights.every((w) => w === 0))
    throw new PipelineError(
      'train: every training row weighs 0 (classWeights × sampleWeights); nothing would be learned',
    );
  return weights;
}

/** The weights of a batch's rows as a tensor [rows]. */
export function batchWeights(rowWeights: Float32Array, rows: Uint32Array): tf.Tensor1D {
  return tf.tensor1d(Float32Array.from(rows, (r) => rowWeights[r]!));
}

/**
 * Checks, on two rows, that the loss applies the weights it is given (all-zero weights must give a
 * zero loss): an unweighted loss such as softmaxCrossEntropy would silently ignore them.
 */
export function checkLossTakesWeights(loss: TrainOptions['loss'], outputs: tf.Tensor, labels: tf.Tensor): void {
  const fix =
    "use nn's weightedSoftmaxCrossEntropy (or, for one sigmoid output, (y, z, w) => weightedBinaryCrossEntropy(y, z, { ...w, fromLogits: true })), which take { sampleWeights }";
  let value: number;
  try {
    value = tf.tidy(() => weighted(loss)(labels, outputs, tf.zeros([labels.shape[0]!])).dataSync()[0]!);
  } catch (error) {
    throw new PipelineError(
      `train: classWeights / sampleWeights need a loss that takes { sampleWeights } as its third argument, but this loss threw with it (${(error as Error)?.message ?? error}); ${fix}`,
      { cause: error },
    );
  }
  if (value !== 0)
    throw new PipelineError(
      `train: classWeights / sampleWeights need a loss that applies weights, but this loss gave ${value} with every weight 0; ${fix}`,
    );
}

/**
 * The loss called with row weights as its third argument. The option's type is the plain
 * (labels, outputs) loss so that every loss fits it; checkLossTakesWeights proves, before training,
 * that this one applies them.
 */
export function weighted(
  loss: TrainOptions['loss'],
): (labels: tf.Tensor, outputs: tf.Tensor, sampleWeights: tf.Tensor) => tf.Scalar {
  const call = loss as (labels: tf.Tensor, outputs: tf.Tensor, weights: { sampleWeights: tf.Tensor }) => tf.Scalar;
  return (labels, outputs, sampleWeights) => call(labels, outputs, { sampleWeights });
}
