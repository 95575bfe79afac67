import { captureWarnings } from '@mlrecipe/core';
import { describe, expect, it } from 'vitest';
import { minDevSize, recommendFractions, SplitError, splitIndices } from '../src/index.js';

function expectPartition(n: number, parts: Uint32Array[]) {
  const seen = new Uint8Array(n);
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      expect(seen[part[i]!]).toBe(0);
      seen[part[i]!] = 1;
      if (i > 0) expect(part[i]!).toBeGreaterThan(part[i - 1]!); // ascending
    }
  }
  expect(seen.every((v) => v === 1)).toBe(true);
}

describe('recommendFractions', () => {
  it('gives 60/20/20 for small data and 98/1/1 at a million, shrinking smoothly between', () => {
    expect(recommendFractions(500)).toEqual({ train: 0.6, dev: 0.2, test: 0.2 });
    expect(recommendFractions(10_000)).toEqual({ train: 0.6, dev: 0.2, test: 0.2 });
    const million = recommendFractions(1_000_000);
    expect(million.dev).toBeCloseTo(0.01, 12);
    expect(million.train).toBeCloseTo(0.98, 12);
    // 2,000·10^0.349 = 4,472 dev examples at 100,000 (the rule's curve, computed by hand).
    expect(recommendFractions(100_000).dev * 100_000).toBeCloseTo(2000 * Math.sqrt(5), 6);
    expect(recommendFractions(20_000).dev).toBeLessThan(0.2);
    expect(recommendFractions(10_000_000).dev).toBeLessThan(0.01);
  });

  it('says how big a dev set must be to tell a difference apart', () => {
    expect(minDevSize(0.01, { errorRate: 0.05 })).toBe(3650); // 2·0.05·0.95·(1.96/0.01)² = 3649.5…
    expect(minDevSize(0.001, { errorRate: 0.05 })).toBe(364_952);
    expect(minDevSize(0.5, { errorRate: 0.01 })).toBe(2); // one example must weigh less than the difference
  });
});

describe('splitIndices', () => {
  it('splits by fractions into disjoint ascending sets that cover every row', () => {
    const { train, dev, test, warnings } = splitIndices(1000, {
      fractions: { train: 0.7, dev: 0.15, test: 0.15 },
      seed: 3,
    });
    expect([train.length, dev.length, test.length]).toEqual([700, 150, 150]);
    expectPartition(1000, [train, dev, test]);
    expect(warnings).toEqual([]);
  });

  it('uses the recipe’s fractions by default and sizes when given', () => {
    const byDefault = splitIndices(10_000);
    expect([byDefault.train.length, byDefault.dev.length, byDefault.test.length]).toEqual([6000, 2000, 2000]);
    const bySize = splitIndices(1_000_000, { sizes: { dev: 10_000, test: 10_000 }, seed: 1 });
    expect([bySize.train.length, bySize.dev.length, bySize.test.length]).toEqual([980_000, 10_000, 10_000]);
  });

  it('gives the same split for the same seed and another for another seed', () => {
    const a = splitIndices(500, { seed: 'exp-1' });
    const b = splitIndices(500, { seed: 'exp-1' });
    const c = splitIndices(500, { seed: 'exp-2' });
    expect(a.dev).toEqual(b.dev);
    expect(a.test).toEqual(b.test);
    expect(a.dev).not.toEqual(c.dev);
  });

  it('draws dev rows uniformly: each row lands in dev about 20 % of the time', () => {
    const hits = new Float64Array(50);
    for (let seed = 0; seed < 2000; seed++) for (const r of splitIndices(50, { seed }).dev) hits[r]!++;
    // Binomial(2000, 0.2): mean 400, sd 17.9; 5 sd band.
    for (const h of hits) expect(Math.abs(h - 400)).toBeLessThan(90);
  });

  it('keeps every class’s share in every split when stratified', () => {
    const labels = Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? 1 : i % 10 < 4 ? 2 : 0)); // 10 % / 30 % / 60 %
    const { train, dev, test } = splitIndices(1000, { stratify: labels, seed: 5 });
    expectPartition(1000, [train, dev, test]);
    for (const part of [train, dev, test]) {
      const share = (c: number) => Array.from(part).filter((r) => labels[r] === c).length / part.length;
      expect(share(1)).toBeCloseTo(0.1, 2);
      expect(share(2)).toBeCloseTo(0.3, 2);
    }
    expect([train.length, dev.length, test.length]).toEqual([600, 200, 200]);
  });

  it('never lets a group span two splits', () => {
    const speakers = Array.from({ length: 600 }, (_, i) => `speaker-${Math.floor(i / 12)}`); // 50 speakers
    const { train, dev, test } = splitIndices(600, { groups: speakers, seed: 2 });
    expectPartition(600, [train, dev, test]);
    const groupsOf = (part: Uint32Array) => new Set(Array.from(part, (r) => speakers[r]));
    const [g1, g2, g3] = [groupsOf(train), groupsOf(dev), groupsOf(test)];
    for (const g of g2) expect(g1.has(g) || g3.has(g)).toBe(false);
    for (const g of g3) expect(g1.has(g)).toBe(false);
    expect(dev.length).toBe(120); // 20 % of 600 in whole groups of 12
  });

  it('stratifies multi-label data iteratively, keeping each label’s share', () => {
    const n = 900;
    const matrix = Array.from({ length: n }, (_, i) => [
      i % 3 === 0 ? 1 : 0,
      i % 5 === 0 ? 1 : 0,
      i % 50 === 0 ? 1 : 0,
    ]);
    const { train, dev, test } = splitIndices(n, { stratify: matrix, seed: 4 });
    expectPartition(n, [train, dev, test]);
    expect([train.length, dev.length, test.length]).toEqual([540, 180, 180]);
    const count = (part: Uint32Array, l: number) => Array.from(part).filter((r) => matrix[r]![l] === 1).length;
    // Label 2 has 18 examples: 60/20/20 gives 10.8 / 3.6 / 3.6.
    expect(Math.abs(count(dev, 2) - 3.6)).toBeLessThanOrEqual(1);
    expect(Math.abs(count(dev, 0) - 60)).toBeLessThanOrEqual(1);
    expect(Math.abs(count(test, 1) - 36)).toBeLessThanOrEqual(1);
  });

  it('warns when dev is too small for the difference you care about, or mixes distributions', () => {
    const small = splitIndices(500, { seed: 1, detectDifference: 0.001 });
    // 2·0.1·0.9·(1.96/0.001)² = 691,488 examples at the default 10 % error rate.
    expect(small.warnings.some((w) => /needs about 691,488/.test(w.message))).toBe(true);
    const tiny = splitIndices(200, { seed: 1 });
    expect(tiny.warnings[0]!.message).toMatch(/the dev set has 40 examples: one example is 2.5 %/);
    const domains = Array.from({ length: 1000 }, (_, i) => (i < 900 ? 'web' : 'app'));
    const mixed = splitIndices(1000, { seed: 1, domains });
    expect(mixed.warnings.some((w) => /use mismatchSplit/.test(w.message))).toBe(true);
    expect(mixed.warnings[0]!.code).toBe('SPLIT_MIXED_DISTRIBUTIONS');
  });

  it('sends its warnings through the core channel too: the very objects it returns', () => {
    const { value, warnings } = captureWarnings(() => splitIndices(200, { seed: 1 }));
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings).toEqual(value.warnings);
    for (let i = 0; i < warnings.length; i++) expect(warnings[i]).toBe(value.warnings[i]);
    expect(captureWarnings(() => splitIndices(100_000, { seed: 1 })).warnings).toEqual([]);
  });

  it('rejects bad fractions, sizes and labels with messages that say how to fix them', () => {
    expect(() => splitIndices(100, { fractions: { train: 0.7, dev: 0.2, test: 0.2 } })).toThrow(
      'splitIndices: fractions sum to 1.1 (train 0.7, dev 0.2, test 0.2); they must sum to 1',
    );
    expect(() => splitIndices(100, { fractions: { train: 1.2, dev: -0.1, test: -0.1 } })).toThrow(SplitError);
    expect(() => splitIndices(100, { sizes: { dev: 60, test: 40 } })).toThrow(/leave no training rows out of 100/);
    expect(() => splitIndices(4, { fractions: { train: 0.9, dev: 0.05, test: 0.05 } })).toThrow(/dev would be empty/);
    expect(() => splitIndices(10, { stratify: [0, 1] })).toThrow(/stratify has 2 labels for 10 rows/);
    expect(() => splitIndices(10, { stratify: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1] })).toThrow(/class 1 has 1 member/);
    expect(() => splitIndices(10, { groups: Array(10).fill('a') })).toThrow(/1 group\(s\) cannot fill 3 splits/);
    expect(() => splitIndices(0)).toThrow(/positive integer/);
    expect(() => splitIndices(10, { stratify: [0, 1], groups: [0, 1] })).toThrow(/not supported/);
  });
});
