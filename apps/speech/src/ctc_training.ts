import { ctcLoss, valueAndGrads } from '@mlrecipe/nn';
import { adam, chain, clipByGlobalNorm, createOptimizer } from '@mlrecipe/optim';
import { createRng, tf } from '@mlrecipe/tensor';
import { lengthBatches, paddedFrames } from './ctc_batches.js';
import type { CtcModel } from './ctc_model.js';
import { SpeechInputError } from './errors.js';
import { type SequenceSet, WORD_MEL_BINS } from './word_features.js';

/** Options of `trainCtc`. */
export interface CtcTrainingOptions {
  readonly epochs: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  readonly seed: number;
  /** After each epoch, with the mean training loss (CTC, per label). */
  readonly onEpoch?: (epoch: number, meanLoss: number) => void;
}

/**
 * Trains a spelled-word model with the CTC loss: Adam behind gradient clipping at global norm 5
 * (recurrent nets' exploding gradients), batches of similar length. Its own loop rather than
 * pipeline's `train`, whose labels are one class (or row) per example and whose per-epoch error is
 * arg-max error: CTC labels are sequences of any length and the error is an edit distance.
 * Returns the mean loss of each epoch.
 */
export async function trainCtc(model: CtcModel, train: SequenceSet, o: CtcTrainingOptions): Promise<number[]> {
  const { epochs, batchSize = 16, learningRate = 2e-3, seed } = o;
  if (!(Number.isInteger(epochs) && epochs >= 1))
    throw new SpeechInputError(`trainCtc: epochs must be a positive integer, got ${epochs}`);
  if (!(Number.isInteger(batchSize) && batchSize >= 1))
    throw new SpeechInputError(`trainCtc: batchSize must be a positive integer, got ${batchSize}`);
  if (train.frames.length === 0)
    throw new SpeechInputError('trainCtc: no training words, got 0; synthesise some first');
  const lengths = train.frames.map((f) => f.length / WORD_MEL_BINS);
  train.labels.forEach((labels, i) => {
    if (model.outputLength(lengths[i]!) < 2 * labels.length)
      throw new SpeechInputError(
        `trainCtc: word ${i} (${train.texts[i]}) has ${lengths[i]} frames, too few for ${labels.length} letters; give each letter at least 4 frames (120 ms)`,
      );
  });
  const optimizer = createOptimizer(chain(clipByGlobalNorm(5), adam({ learningRate })), model.params, {
    checkFinite: false,
  });
  const rng = createRng(seed).fork('ctc-batches');
  const history: number[] = [];
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      let total = 0;
      let count = 0;
      for (const rows of lengthBatches(lengths, batchSize, rng.fork(`epoch-${epoch}`))) {
        const { x, lengths: frameLengths } = paddedFrames(train.frames, rows);
        const { value, grads } = valueAndGrads(
          () =>
            ctcLoss(
              model.apply(x, frameLengths),
              rows.map((r) => train.labels[r]!),
              { inputLengths: frameLengths.map(model.outputLength) },
            ) as tf.Scalar,
          model.params,
        );
        const loss = (await value.data())[0]!;
        if (!Number.isFinite(loss)) {
          tf.dispose([x, value, ...Object.values(grads)]);
          throw new SpeechInputError(
            `trainCtc: the loss became ${loss} at epoch ${epoch + 1}; lower the learning rate (got ${learningRate})`,
          );
        }
        optimizer.step(grads);
        tf.dispose([x, value, ...Object.values(grads)]);
        total += loss * rows.length;
        count += rows.length;
        // Let timers, progress output and test runners' messages through between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
      history.push(total / count);
      o.onEpoch?.(epoch + 1, total / count);
    }
  } finally {
    optimizer.dispose();
  }
  return history;
}
