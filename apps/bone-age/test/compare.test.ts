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

it('compares the two-step pipeline, end-to-end and the oracle on nested subsets, chooses on dev, seeded, end to end', async () => {
  const before = countTensors();
  const d = generateHands({ count: 390, seed: 6, size: 32 });
  const y = targets(d.labels, d.truth.keypoints, 32);
  const rows = (from: number, n: number) => Uint32Array.from({ length: n }, (_, i) => from + i);
  const part = (r: Uint32Array) => ({ x: takeRows(d.images, r), y: takeRows(y, r) });
  const budget = { steps: 60, batchSize: 32 };
  const sets = {
    train: part(rows(0, 200)),
    trainDev: part(rows(200, 30)),
    dev: part(rows(230, 60)),
    test: part(rows(290, 100)),
  };
  const oracleName = 'oracle: step 2 at true keypoints (upper bound)';
  const comparison = await compareApproaches({
    approaches: [endToEnd(budget), twoStep(32, budget), oracleStepTwo(32, budget)],
    references: [oracleName],
    data: sets,
    sizes: [50, 200],
    seeds: [1],
  });
  expect(comparison.curves.map((c) => c.approach)).toEqual([
    'end-to-end CNN',
    'two-step (locate bones, then measure)',
    oracleName,
  ]);
  // Ages are uniform on about 2–17 years: guessing the middle is off by ~3.8 years on average.
  const guess = Array.from(d.labels.subarray(290)).reduce((s, a) => s + Math.abs(a - 9.5), 0) / 100;
  for (const c of comparison.curves) expect(c.points[1]!.testError.mean).toBeLessThan(guess);
  // Every set is measured, with per-picture errors behind a bootstrap interval around the reported mean.
  for (const c of comparison.curves) {
    const p = c.points[1]!;
    for (const [set, n] of [
      ['train', 200],
      ['trainDev', 30],
      ['dev', 60],
      ['test', 100],
    ] as const) {
      const i = p.intervals![set]!;
      expect(i.n).toBe(n);
      expect(i.low).toBeLessThanOrEqual(i.value);
      expect(i.high).toBeGreaterThanOrEqual(i.value);
    }
    expect(p.intervals!.dev!.value).toBeCloseTo(p.devError!.mean, 6);
    expect(p.intervals!.test!.value).toBeCloseTo(p.testError.mean, 6);
  }
  // The leader is chosen on dev among the systems (never the oracle), with a paired margin.
  const systems = comparison.curves.filter((c) => c.approach !== oracleName);
  for (const [i, leader] of comparison.leaders.entries()) {
    expect(leader.chosenOn).toBe('dev');
    const best = systems.reduce((a, b) => (b.points[i]!.devError!.mean < a.points[i]!.devError!.mean ? b : a));
    expect(leader.approach).toBe(best.approach);
    expect(leader.margin!.value).toBeGreaterThanOrEqual(0);
    expect(leader.decided).toBe(leader.margin!.low > 0);
  }
  const oracle = comparison.curves[2]!.points[1]!;
  const measured = (set: 'train' | 'trainDev' | 'dev') => {
    const i = oracle.intervals![set]!;
    return { value: i.value, standardError: i.standardError, n: i.n };
  };
  const verdict = diagnose({
    humanLevel: 0.26,
    train: measured('train'),
    trainDev: measured('trainDev'),
    dev: measured('dev'),
    unit: 'years',
  });
  expect(verdict.uncertainty).toBe('measured');
  expect(verdict.gaps['data-mismatch']!.method).toBe('normal');
  expect(verdict.summary).toMatch(/years \[/);
  // Transfer learning from the bone locator (task A: keypoints) to age (task B), head only and all layers.
  const locator = await trainLocator(sets.train, sets.dev, 32, 3, budget);
  const frozenKernel = Array.from(locator.params['conv2d_1/kernel']!.dataSync());
  const transferred = await compareApproaches({
    approaches: [fromLocator(locator, 32, 'all-but-head', budget), fromLocator(locator, 32, 'none', budget)],
    data: { train: sets.train, dev: sets.dev, test: sets.test },
    sizes: [200],
  });
  for (const c of transferred.curves) expect(c.points[0]!.testError.mean).toBeLessThan(guess);
  expect(Array.from(locator.params['conv2d_1/kernel']!.dataSync())).toEqual(frozenKernel); // the source is left as it was
  tf.dispose([...Object.values(locator.params), ...Object.values(locator.state)]);
  expect(countTensors()).toBe(before);
  // Without a dev set the approaches say what they need, and nothing leaks.
  await expect(
    compareApproaches({ approaches: [endToEnd(budget)], data: { train: sets.train, test: sets.test }, sizes: [20] }),
  ).rejects.toThrow(/give compareApproaches a dev set/);
  expect(countTensors()).toBe(before);
}, 180_000);
