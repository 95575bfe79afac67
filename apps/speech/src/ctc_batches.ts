import type { Rng } from '@mlrecipe/tensor';
import { tf } from '@mlrecipe/tensor';
import { WORD_MEL_BINS } from './word_features.js';

/**
 * Batches of similar length (shuffle, then sort each window of 4 batches by length and cut it), so
 * little of a batch is padding; the batch order is shuffled too. Without an rng: in length order.
 */
export function lengthBatches(lengths: readonly number[], batchSize: number, rng?: Rng): number[][] {
  const order = rng ? Array.from(rng.permutation(lengths.length)) : lengths.map((_, i) => i);
  const window = rng ? batchSize * 4 : lengths.length;
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += window) {
    const chunk = order.slice(start, start + window).sort((a, b) => lengths[a]! - lengths[b]!);
    for (let b = 0; b < chunk.length; b += batchSize) batches.push(chunk.slice(b, b + batchSize));
  }
  if (rng)
    for (let i = batches.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [batches[i], batches[j]] = [batches[j]!, batches[i]!];
    }
  return batches;
}

/** The rows' frames zero-padded to the longest: [rows, time, 40], with each row's frame count. */
export function paddedFrames(frames: readonly Float32Array[], rows: readonly number[]) {
  const lengths = rows.map((r) => frames[r]!.length / WORD_MEL_BINS);
  const time = Math.max(...lengths);
  const values = new Float32Array(rows.length * time * WORD_MEL_BINS);
  rows.forEach((r, i) => {
    values.set(frames[r]!, i * time * WORD_MEL_BINS);
  });
  return { x: tf.tensor3d(values, [rows.length, time, WORD_MEL_BINS]), lengths };
}
