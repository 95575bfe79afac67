import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareModels, MetricShapeError, mcnemarExactPValue, pairedSampleSize } from '../src/index.js';

/** Labels and two models' predictions from counts of (true, A, B) triples. */
function fromTriples(cells: ReadonlyArray<readonly [number, number, number, number]>) {
  const yTrue: number[] = [];
  const predA: number[] = [];
  const predB: number[] = [];
  for (const [t, a, b, count] of cells) {
    for (let i = 0; i < count; i++) {
      yTrue.push(t);
      predA.push(a);
      predB.push(b);
    }
  }
  return { yTrue, predA, predB };
}

describe('mcnemarExactPValue', () => {
  // statsmodels: mcnemar([[0, b], [c, 0]], exact=True).pvalue, /usr/bin/python3, statsmodels 0.14.
  it.each([
    [12, 3, 0.03515625],
    [0, 5, 0.0625],
    [50, 60, 0.3909274566995059],
    [500, 560, 0.06990955946026937],
    [7, 7, 1],
    [1, 0, 1],
  ])('b %i, c %i → %s (statsmodels)', (b, c, p) => {
    expect(Math.abs(mcnemarExactPValue(b, c) - p)).toBeLessThan(1e-11 * Math.max(p, 1e-3));
  });

  it('rejects non-integer counts', () => {
    expect(() => mcnemarExactPValue(1.5, 2)).toThrow(/onlyAWrong must be a whole number of examples ≥ 0, got 1.5/);
  });
});

describe('pairedSampleSize (Connor 1987)', () => {
  it('matches the closed form worked by hand', () => {
    // q = 0.1, d = 0.02: (1.959964·√0.1 + 0.841621·√(0.1 − 0.0004))² / 0.0004
    // = (0.619795 + 0.265625)² / 0.0004 = 0.783968 / 0.0004 = 1959.9 → 1,960.
    expect(pairedSampleSize({ discordant: 0.1, difference: 0.02 })).toBe(1960);
    expect(() => pairedSampleSize({ discordant: 0.01, difference: 0.02 })).toThrow(
      /\|difference\| ≤ discordant ≤ 1 .* got difference 0.02, discordant 0.01/,
    );
  });
});

describe('compareModels', () => {
  it('error rates: McNemar exact p, a difference interval consistent with it, and a size that would separate', () => {
    // 200 examples: both right 150, both wrong 20, only A wrong 22, only B wrong 8.
    const { yTrue, predA, predB } = fromTriples([
      [1, 1, 1, 150],
      [1, 0, 0, 20],
      [1, 0, 1, 22],
      [1, 1, 0, 8],
    ]);
    const c = compareModels(yTrue, predA, predB, { metric: 'errorRate' });
    expect(c.method).toBe('mcnemar-exact');
    expect([c.onlyAWrong, c.onlyBWrong, c.n]).toEqual([22, 8, 200]);
    expect(c.valueA).toBeCloseTo(42 / 200, 15);
    expect(c.valueB).toBeCloseTo(28 / 200, 15);
    expect(c.difference).toBeCloseTo(0.07, 15);
    expect(c.pValue).toBe(mcnemarExactPValue(22, 8));
    expect(c.pValue).toBeLessThan(0.05);
    expect(c.distinguishable).toBe(true);
    expect(c.low).toBeGreaterThan(0);
    expect(c.examplesToSeparate).toBe(pairedSampleSize({ discordant: 30 / 200, difference: 14 / 200 }));
    const accuracy = compareModels(yTrue, predA, predB, { metric: 'accuracy' });
    expect([accuracy.difference, accuracy.low, accuracy.high]).toEqual(
      [-c.difference, -c.high, -c.low].map((v) => expect.closeTo(v, 14)),
    );
  });

  it('the interval excludes 0 exactly when McNemar’s exact test rejects (property over discordant counts)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 100 }),
        fc.constantFrom(0.8, 0.9, 0.95, 0.99),
        (onlyA, onlyB, agree, confidence) => {
          const { yTrue, predA, predB } = fromTriples([
            [0, 0, 0, agree + 1],
            [0, 1, 0, onlyA],
            [0, 0, 1, onlyB],
          ]);
          const c = compareModels(yTrue, predA, predB, { metric: 'errorRate', confidence });
          expect(c.low).toBeLessThanOrEqual(c.difference + 1e-12);
          expect(c.high).toBeGreaterThanOrEqual(c.difference - 1e-12);
          // Equal-tailed Clopper–Pearson inverts the doubled-tail test; allow rounding at the boundary.
          if (Math.abs(c.pValue - (1 - confidence)) > 1e-9) expect(c.distinguishable).toBe(c.pValue < 1 - confidence);
        },
      ),
      { seed: 21, numRuns: 300 },
    );
  });

  it('F1: the paired bootstrap matches numpy’s within Monte-Carlo tolerance', () => {
    // numpy, B = 200,000 index resamples of the same 500 (true, A, B) rows, F1(A) − F1(B) (see bootstrap.test.ts):
    //   difference 0.03994900127496803, 2.5/97.5 % [−0.007223724725744285, 0.08774410588281119],
    //   sd 0.024150414405965732, two-sided share 0.09549.
    const { yTrue, predA, predB } = fromTriples([
      [1, 1, 1, 120],
      [1, 1, 0, 30],
      [1, 0, 1, 12],
      [1, 0, 0, 38],
      [0, 1, 1, 20],
      [0, 1, 0, 20],
      [0, 0, 1, 10],
      [0, 0, 0, 250],
    ]);
    const c = compareModels(yTrue, predA, predB, { metric: 'f1', resamples: 4000, seed: 2 });
    const se = 0.024150414405965732;
    expect(c.method).toBe('paired-bootstrap');
    expect(c.difference).toBeCloseTo(0.03994900127496803, 14);
    expect(Math.abs(c.low - -0.007223724725744285)).toBeLessThan(0.2 * se);
    expect(Math.abs(c.high - 0.08774410588281119)).toBeLessThan(0.2 * se);
    // The share's Monte-Carlo sd at 4,000 resamples: √(0.0955·0.9045/4000)·2 ≈ 0.0093.
    expect(Math.abs(c.pValue - 0.09549)).toBeLessThan(0.04);
    expect(c.distinguishable).toBe(false);
    // n·((1.96 + 0.84)·se/d)² ≈ 500·(2.8·0.02415/0.03995)² ≈ 1,430.
    expect(c.examplesToSeparate).toBeGreaterThan(1300);
    expect(c.examplesToSeparate).toBeLessThan(1600);
    expect(compareModels(yTrue, predA, predB, { metric: 'f1', resamples: 4000, seed: 2 })).toEqual(c);
  });

  it('rejects predictions of different lengths and too few resamples, naming the arguments', () => {
    expect(() => compareModels([0, 1, 1], [0, 1, 1], [0, 1])).toThrow(MetricShapeError);
    expect(() => compareModels([0, 1, 1], [0, 1, 1], [0, 1])).toThrow(/yTrue, predA and predB have lengths 3, 3 and 2/);
    expect(() => compareModels([0, 1, 1], [0, 1, 1], [0, 1, 0], { resamples: 10 })).toThrow(
      /resamples must be an integer in \[100, 1,000,000\]/,
    );
    expect(() => compareModels([0, 1, 1], [0, 1, 1], [0, 1, 0], { confidence: 1.5 })).toThrow(
      /confidence must be in \(0, 1\)/,
    );
    expect(() => compareModels([0, 1, 1], [0, 1.5, 1], [0, 1, 0])).toThrow(/predA\[1\] is 1.5/);
  });
});
