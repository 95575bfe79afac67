// Feature caching for the study: every picture goes through the frozen trunk once, whatever
// subsets, sizes and seeds the learning curves then draw.
import { type Layer, sequential } from '@mlrecipe/nn';
import { cacheFeatures, PipelineError, type Split } from '@mlrecipe/pipeline';

/** Features of every picture given to `featureBank`, found again from a picture's bytes. */
export interface FeatureBank {
  readonly featureShape: number[];
  /** The split with each picture replaced by its features (labels unchanged). */
  features(split: Split): Split;
}

// Two independent 32-bit FNV-1a hashes of a picture's bytes: a subset is a copy of rows, not their
// indices, so rows are found by content (a collision among a few thousand pictures has odds ~1e-12;
// identical pictures have identical features anyway).
function key(values: ArrayLike<number>, from: number, length: number): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = from; i < from + length; i++) {
    const v = values[i]! & 0xff;
    a = Math.imul(a ^ v, 0x01000193);
    b = Math.imul(b ^ v, 0x5bd1e995) ^ (b >>> 15);
  }
  return `${(a >>> 0).toString(36)}:${(b >>> 0).toString(36)}`;
}

/** Runs the trunk once over every picture of `splits` (cacheFeatures) and indexes the features by picture. */
export async function featureBank(
  trunk: Layer,
  splits: readonly Split[],
  inputShape: readonly number[],
): Promise<FeatureBank> {
  const perRow = inputShape.reduce((a, b) => a * b, 1);
  const named = Object.fromEntries(splits.map((s, i) => [`split${i}`, s]));
  const { data, featureShape } = await cacheFeatures({ model: sequential([trunk]) }, named, inputShape, {
    batchSize: 32,
  });
  const width = featureShape.reduce((a, b) => a * b, 1);
  const index = new Map<string, Float32Array>();
  splits.forEach((split, i) => {
    const rows = split.x.shape[0]!;
    const features = data[`split${i}`]!.x.values as Float32Array;
    for (let r = 0; r < rows; r++)
      index.set(key(split.x.values, r * perRow, perRow), features.subarray(r * width, (r + 1) * width));
  });
  return {
    featureShape,
    features(split) {
      const rows = split.x.shape[0]!;
      const out = new Float32Array(rows * width);
      for (let r = 0; r < rows; r++) {
        const found = index.get(key(split.x.values, r * perRow, perRow));
        if (found === undefined)
          throw new PipelineError(
            `featureBank: picture ${r} was not given to featureBank; its features were never computed`,
          );
        out.set(found, r * width);
      }
      return { x: { values: out, shape: [rows, ...featureShape] }, y: split.y };
    },
  };
}
