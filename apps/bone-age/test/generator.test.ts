import { expect, it } from 'vitest';
import { growth } from '../src/generator/anatomy.js';
import { bayesFloor, generateHands, HandSettingsError, LONG_BONES } from '../src/generator/dataset.js';

it('draws the same bytes and truth for the same seed, and different ones for another', () => {
  const a = generateHands({ count: 12, seed: 1 });
  const b = generateHands({ count: 12, seed: 1 });
  const c = generateHands({ count: 12, seed: 2 });
  expect(a.images.values).toEqual(b.images.values);
  expect(a.labels).toEqual(b.labels);
  expect(a.truth.keypoints).toEqual(b.truth.keypoints);
  expect(a.images.values).not.toEqual(c.images.values);
  expect(a.meta).toMatchObject({ synthetic: true, version: '1.0.0', settings: { count: 12, seed: 1 } });
});

it('puts every keypoint on bone: rendered keypoints are brighter than the background and than soft tissue', () => {
  const d = generateHands({ count: 60, seed: 3, raterNoise: 0 });
  const size = 64;
  let onBone = 0;
  let total = 0;
  for (let i = 0; i < 60; i++) {
    const image = d.images.values.subarray(i * size * size, (i + 1) * size * size);
    const sorted = Array.from(image).sort((a, b) => a - b);
    const tissue = sorted[Math.floor(0.8 * sorted.length)]!; // most pixels are background or soft tissue
    for (let k = 0; k < 10; k++) {
      const x = Math.round(d.truth.keypoints[(i * 10 + k) * 2]! - 0.5);
      const y = Math.round(d.truth.keypoints[(i * 10 + k) * 2 + 1]! - 0.5);
      if (x < 0 || y < 0 || x >= size || y >= size) continue;
      // The brightest pixel of the 3×3 neighbourhood (keypoints sit at bone ends, on a 3 mm grid).
      let best = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++)
          best = Math.max(
            best,
            image[Math.min(size - 1, Math.max(0, y + dy)) * size + Math.min(size - 1, Math.max(0, x + dx))]!,
          );
      total++;
      if (best > tissue) onBone++;
    }
  }
  expect(total).toBeGreaterThan(500);
  expect(onBone / total).toBeGreaterThan(0.95);
});

it('makes bones longer with bone age, on average, and carpals appear in order', () => {
  const d = generateHands({ count: 600, seed: 4, size: 32 });
  const age = Array.from(d.truth.boneAge);
  const length = Array.from(d.truth.metacarpal3Mm);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const [ma, ml] = [mean(age), mean(length)];
  const cov = mean(age.map((a, i) => (a - ma) * (length[i]! - ml)));
  const sd = (v: number[], m: number) => Math.sqrt(mean(v.map((x) => (x - m) ** 2)));
  expect(cov / (sd(age, ma) * sd(length, ml))).toBeGreaterThan(0.7); // size varies between people
  // On average, monotone: mean length per 3-year bin of bone age rises bin after bin (growth
  // plateaus after 16, where size differences between people outweigh it).
  const bins = [1, 4, 7, 10, 13].map((from) => mean(length.filter((_, i) => age[i]! >= from && age[i]! < from + 3)));
  for (let b = 1; b < bins.length; b++) expect(bins[b]!).toBeGreaterThan(bins[b - 1]!);
  // The growth curve itself is increasing and reaches adult size at 18.
  for (let m = 1; m < 18; m++) expect(growth(m + 1)).toBeGreaterThan(growth(m));
  expect(growth(18)).toBeCloseTo(1, 12);
  const young = age.flatMap((a, i) => (a < 3 ? [d.truth.carpalCount[i]!] : []));
  const old = age.flatMap((a, i) => (a > 12 ? [d.truth.carpalCount[i]!] : []));
  expect(mean(young)).toBeLessThan(mean(old));
  // Epiphyses fuse late: stage 3 (fused) is common after 16 and absent before 10.
  const fused = (from: number, to: number) =>
    age
      .flatMap((a, i) =>
        a >= from && a < to ? Array.from(d.truth.stages.subarray(i * LONG_BONES, (i + 1) * LONG_BONES)) : [],
      )
      .filter((s) => s === 3).length;
  expect(fused(1, 10)).toBe(0);
  expect(fused(16.5, 19)).toBeGreaterThan(0);
});

it('has the irreducible error its jitter and rater-noise settings say', () => {
  for (const [jitter, raterNoise] of [
    [2, 0],
    [1, 0.25],
  ] as const) {
    const d = generateHands({ count: 1500, seed: 5, jitter, raterNoise, size: 32 });
    // Perfect measurement of every bone: the mean maturity, against the label.
    let sum = 0;
    for (let i = 0; i < d.labels.length; i++) sum += Math.abs(d.truth.meanMaturity[i]! - d.labels[i]!);
    const measured = sum / d.labels.length;
    // sd √(jitter²/21 + rater²), mean absolute value sd·√(2/π); clamping bone age to [1, 18] changes little.
    expect(d.meta.bayesFloor).toBeCloseTo(
      Math.sqrt((jitter * jitter) / 21 + raterNoise * raterNoise) * Math.sqrt(2 / Math.PI),
      12,
    );
    expect(Math.abs(measured - d.meta.bayesFloor) / d.meta.bayesFloor).toBeLessThan(0.1);
  }
  expect(bayesFloor({ jitter: 0, raterNoise: 0 })).toBe(0);
});

it('rejects settings that make no sense', () => {
  expect(() => generateHands({ count: 0 })).toThrow(HandSettingsError);
  expect(() => generateHands({ fov: 'wide' as never })).toThrow(/fov must be 'fixed' or 'fitted'/);
});
