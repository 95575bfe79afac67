import { takeRows } from '@mlrecipe/data';
import { diagnose } from '@mlrecipe/diagnostics';
import { compareApproaches } from '@mlrecipe/pipeline';
import { countTensors, tf, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { endToEnd, fromLocator, oracleStepTwo, targets, trainLocator, twoStep } from '../src/approaches.js';
import { generateHands } from '../src/generator/dataset.js';
import { FEATURE_COUNT, measure } from '../src/measure.js';

await useBackend('wasm');

it('measures lengths, proportions, physis profiles and carpals at keypoints', () => {
  const d = generateHands({ count: 2, seed: 8 });
  const features = measure(d.images.values.subarray(0, 64 * 64), 64, d.truth.keypoints.subarray(0, 20));
  expect(features).toHaveLength(FEATURE_COUNT);
  expect(features.every(Number.isFinite)).toBe(true);
  // The third metacarpal in pixels is its length in mm over the detector's mm per pixel.
  expect(features[0]).toBeCloseTo(d.truth.metacarpal3Mm[0]! / d.truth.mmPerPixel[0]!, 0);
});

it('compares the two-step pipeline, end-to-end and the oracle on nested subsets, seeded, end to end', async () => {
  const before = countTensors();
  const d = generateHands({ count: 330, seed: 6, size: 32 });
  const y = targets(d.labels, d.truth.keypoints, 32);
  const rows = (from: number, n: number) => Uint32Array.from({ length: n }, (_, i) => from + i);
  const part = (r: Uint32Array) => ({ x: takeRows(d.images, r), y: takeRows(y, r) });
  const budget = { steps: 60, batchSize: 32 };
  const dev = part(rows(200, 30));
  const comparison = await compareApproaches({
    approaches: [endToEnd(dev, 32, budget), twoStep(dev, 32, budget), oracleStepTwo(32, budget)],
    data: { train: part(rows(0, 200)), test: part(rows(230, 100)) },
    sizes: [50, 200],
    seeds: [1],
  });
  expect(comparison.curves.map((c) => c.approach)).toEqual([
    'end-to-end CNN',
    'two-step (locate bones, then measure)',
    'oracle: step 2 at true keypoints (upper bound)',
  ]);
  // Ages are uniform on about 2–17 years: guessing the middle is off by ~3.8 years on average.
  const guess = Array.from(d.labels.subarray(230)).reduce((s, a) => s + Math.abs(a - 9.5), 0) / 100;
  for (const c of comparison.curves) expect(c.points[1]!.testError.mean).toBeLessThan(guess);
  const oracle = comparison.curves[2]!.points[1]!;
  const verdict = diagnose({
    humanLevel: 0.26,
    train: oracle.trainError.mean,
    dev: oracle.testError.mean,
    unit: 'years',
  });
  expect(verdict.summary).toMatch(/years/);
  // Transfer learning from the bone locator (task A: keypoints) to age (task B), head only and all layers.
  const locator = await trainLocator(part(rows(0, 200)), dev, 32, 3, budget);
  const frozenKernel = Array.from(locator.params['conv2d_1/kernel']!.dataSync());
  const transferred = await compareApproaches({
    approaches: [fromLocator(locator, dev, 32, 'all-but-head', budget), fromLocator(locator, dev, 32, 'none', budget)],
    data: { train: part(rows(0, 200)), test: part(rows(230, 100)) },
    sizes: [200],
  });
  for (const c of transferred.curves) expect(c.points[0]!.testError.mean).toBeLessThan(guess);
  expect(Array.from(locator.params['conv2d_1/kernel']!.dataSync())).toEqual(frozenKernel); // the source is left as it was
  tf.dispose([...Object.values(locator.params), ...Object.values(locator.state)]);
  expect(countTensors()).toBe(before);
}, 180_000);
