import { describe, expect, it } from 'vitest';
import { mismatchSplit, SplitError } from '../src/index.js';

describe('mismatchSplit', () => {
  it('reproduces the recipe: 200,000 web + 10,000 app, dev and test 2,500 app each → train 205,000', () => {
    const s = mismatchSplit({ source: 200_000, target: 10_000 }, { dev: 2500, test: 2500, seed: 1 });
    expect(s.train.source.length).toBe(200_000);
    expect(s.train.target.length).toBe(5000);
    expect(s.dev.source.length).toBe(0);
    expect(s.test.source.length).toBe(0);
    expect(s.dev.target.length).toBe(2500);
    expect(s.test.target.length).toBe(2500);
    // The target rows are partitioned between train, dev and test.
    const seen = new Uint8Array(10_000);
    for (const part of [s.train.target, s.dev.target, s.test.target]) for (const r of part) seen[r]!++;
    expect(seen.every((v) => v === 1)).toBe(true);
    expect(s.warnings.some((w) => w.code === 'NO_TRAIN_DEV' && /no train-dev set/.test(w.message))).toBe(true);
  });

  it('carves train-dev from the training distribution, never from dev or test', () => {
    const s = mismatchSplit({ source: 20_000, target: 1000 }, { dev: 250, test: 250, trainDev: 2050, seed: 7 });
    const trainDevRows = s.trainDev.source.length + s.trainDev.target.length;
    expect(trainDevRows).toBe(2050);
    expect(s.train.source.length + s.train.target.length).toBe(20_500 - 2050);
    // Train's mix is 20,000 web : 500 app, so train-dev holds about 2050·500/20500 = 50 app rows (sd ≈ 7).
    expect(Math.abs(s.trainDev.target.length - 50)).toBeLessThan(25);
    const held = new Set([...s.dev.target, ...s.test.target]);
    for (const r of s.trainDev.target) expect(held.has(r)).toBe(false);
    const trainSet = new Set(s.train.source);
    for (const r of s.trainDev.source) expect(trainSet.has(r)).toBe(false);
  });

  it('is deterministic for a seed', () => {
    const a = mismatchSplit({ source: 1000, target: 300 }, { dev: 50, test: 50, trainDev: 40, seed: 'x' });
    const b = mismatchSplit(
      { source: Array(1000), target: Array(300) },
      { dev: 50, test: 50, trainDev: 40, seed: 'x' },
    );
    expect(a).toEqual(b);
  });

  it('refuses to take dev and test from anywhere but the target', () => {
    expect(() => mismatchSplit({ source: 1000, target: 0 }, { dev: 10, test: 10 })).toThrow(/there is no target data/);
    expect(() => mismatchSplit({ source: 1000, target: 100 }, { dev: 80, test: 40 })).toThrow(
      /dev 80 \+ test 40 = 120 exceeds the 100 target rows/,
    );
    expect(() => mismatchSplit({ source: 1000, target: 100 }, { dev: 0, test: 40 })).toThrow(SplitError);
    expect(() => mismatchSplit({ source: 10, target: 100 }, { dev: 40, test: 40, trainDev: 30 })).toThrow(
      /no training rows/,
    );
  });
});
