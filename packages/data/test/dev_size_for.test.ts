import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { devSizeFor, mismatchSplit, recommendFractions, SplitError, splitIndices } from '../src/index.js';

describe('devSizeFor', () => {
  // statsmodels 0.14 (Debian python3-statsmodels), run once:
  //   /usr/bin/python3 -c "from statsmodels.stats.power import NormalIndPower; from statsmodels.stats.proportion import proportion_effectsize as es
  //   for p, d, c, w in [(0.05,0.01,0.95,0.8),(0.05,0.001,0.95,0.8),(0.2,0.05,0.9,0.9),(0.008,0.002,0.95,0.8)]:
  //       print(NormalIndPower().solve_power(effect_size=es(p, p-d), alpha=1-c, power=w, ratio=1, alternative='two-sided'))"
  //   → 6725.817636814965, 738555.6127484712, 984.5301252373032, 27139.467345006942 (examples per set; we round up).
  it.each([
    [0.05, 0.01, 0.95, 0.8, 6726],
    [0.05, 0.001, 0.95, 0.8, 738_556],
    [0.2, 0.05, 0.9, 0.9, 985],
    [0.008, 0.002, 0.95, 0.8, 27_140],
  ])(
    'baseline %s, difference %s, confidence %s, power %s → %i (statsmodels, rounded up)',
    (baseline, difference, confidence, power, n) => {
      expect(devSizeFor({ baseline, difference, confidence, power })).toBe(n);
    },
  );

  it('defaults to 95 % confidence and 80 % power, and a tenth of the difference needs about a hundred times the data', () => {
    expect(devSizeFor({ baseline: 0.05, difference: 0.01 })).toBe(6726);
    const ratio = devSizeFor({ baseline: 0.05, difference: 0.001 }) / devSizeFor({ baseline: 0.05, difference: 0.01 });
    expect(ratio).toBeGreaterThan(90);
    expect(ratio).toBeLessThan(120);
  });

  it('grows with confidence and power and shrinks with the difference (property, seeded)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.5, noNaN: true }),
        fc.double({ min: 0.05, max: 0.9, noNaN: true }),
        fc.double({ min: 0.8, max: 0.99, noNaN: true }),
        fc.double({ min: 0.6, max: 0.95, noNaN: true }),
        (baseline, share, confidence, power) => {
          const difference = baseline * share;
          const n = devSizeFor({ baseline, difference, confidence, power });
          expect(Number.isInteger(n) && n >= 1).toBe(true);
          expect(
            devSizeFor({ baseline, difference, confidence: Math.min(0.999, confidence + 0.005), power }),
          ).toBeGreaterThanOrEqual(n);
          expect(
            devSizeFor({ baseline, difference, confidence, power: Math.min(0.99, power + 0.02) }),
          ).toBeGreaterThanOrEqual(n);
          expect(devSizeFor({ baseline, difference: difference * 0.9, confidence, power })).toBeGreaterThanOrEqual(n);
        },
      ),
      { seed: 14, numRuns: 200 },
    );
  });

  it('rejects percents, differences larger than the baseline and probabilities outside (0, 1)', () => {
    expect(() => devSizeFor({ baseline: 5, difference: 1 })).toThrow(
      /baseline must be an error rate in \(0, 1\], e\.g\. 0\.05, got 5 \(it looks like a percentage: pass 0.05 for 5 %\)/,
    );
    expect(() => devSizeFor({ baseline: 0.05, difference: 0.1 })).toThrow(/difference must be in \(0, baseline 0.05\]/);
    expect(() => devSizeFor({ baseline: 0.05, difference: 0 })).toThrow(SplitError);
    expect(() => devSizeFor({ baseline: 0.05, difference: 0.01, confidence: 95 })).toThrow(
      /confidence must be in \(0, 1\)/,
    );
    expect(() => devSizeFor({ baseline: 0.05, difference: 0.01, power: 1 })).toThrow(
      /power must be in \(0, 1\), e\.g\. 0\.8, got 1/,
    );
    expect(() => devSizeFor(undefined as never)).toThrow(/pass \{ baseline, difference/);
  });
});

describe('size warnings for a stated difference', () => {
  const detect = { baseline: 0.05, difference: 0.01 } as const;

  it('recommendFractions warns when its dev and test sizes cannot resolve the difference, and stays plain without one', () => {
    expect(recommendFractions(5000)).toEqual({ train: 0.6, dev: 0.2, test: 0.2 });
    const small = recommendFractions(5000, { detectDifference: detect });
    expect([small.train, small.dev, small.test]).toEqual([0.6, 0.2, 0.2]);
    expect(small.warnings).toHaveLength(2);
    expect(small.warnings.map((w) => w.code)).toEqual(['SPLIT_TOO_SMALL', 'SPLIT_TOO_SMALL']);
    expect(small.warnings[0]!.details).toEqual({ split: 'dev', size: 1000, needed: 6726 });
    expect(small.warnings[0]!.message).toBe(
      'the dev set has 1,000 examples but telling apart error rates of 5 % and 4 % (a 1 % difference) with 95 % confidence and 80 % power needs about 6,726 (devSizeFor); a smaller difference will look like noise',
    );
    expect(small.warnings[1]!.message).toMatch(/^the test set has 1,000 examples/);
    // A bare number keeps minDevSize's rule (10 % error, 95 %): 2·0.09·(1.96/0.01)² = 6,915.
    expect(recommendFractions(5000, { detectDifference: 0.01 }).warnings[0]!.message).toMatch(
      /needs about 6,915 .*see minDevSize/,
    );
    // At 1,000,000 examples dev and test get 10,000 each: enough.
    expect(recommendFractions(1_000_000, { detectDifference: detect }).warnings).toEqual([]);
  });

  it('mismatchSplit and splitIndices warn with the same rule', () => {
    const s = mismatchSplit(
      { source: 20_000, target: 4000 },
      { dev: 2000, test: 2000, trainDev: 1000, seed: 1, detectDifference: detect },
    );
    expect(s.warnings.filter((w) => /needs about 6,726 \(devSizeFor\)/.test(w.message))).toHaveLength(2);
    const enough = mismatchSplit(
      { source: 20_000, target: 20_000 },
      { dev: 7000, test: 7000, trainDev: 1000, detectDifference: detect },
    );
    expect(enough.warnings).toEqual([]);
    const split = splitIndices(10_000, { seed: 1, detectDifference: detect });
    expect(split.warnings).toHaveLength(2);
    expect(() =>
      mismatchSplit(
        { source: 10, target: 10 },
        { dev: 2, test: 2, detectDifference: { baseline: 0.05, difference: 0.5 } },
      ),
    ).toThrow(/difference must be in \(0, baseline 0.05\]/);
  });
});
