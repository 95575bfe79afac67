import { createRng } from '@mlrecipe/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleBinomial, sampleMultinomial } from '../src/binomial_sampler.js';
import {
  bootstrapInterval,
  bootstrapMeanInterval,
  f1Score,
  fBetaScore,
  MetricInputError,
  precision,
  recall,
} from '../src/index.js';

/** Labels laid out from a confusion table (rows true, columns predicted). */
function fromConfusion(table: number[][]): { yTrue: Int32Array; yPred: Int32Array } {
  const yTrue: number[] = [];
  const yPred: number[] = [];
  table.forEach((row, t) => {
    row.forEach((count, p) => {
      for (let i = 0; i < count; i++) {
        yTrue.push(t);
        yPred.push(p);
      }
    });
  });
  return { yTrue: Int32Array.from(yTrue), yPred: Int32Array.from(yPred) };
}

describe('bootstrapInterval', () => {
  // Reference: numpy index resampling (rng.integers(0, n, (B, n))), B = 200,000, percentiles 2.5/97.5 and the
  // standard deviation of the resampled F1; /tmp script run once with /usr/bin/python3 (numpy 1.26, sklearn 1.4):
  //   binary tp 150, fn 50, fp 40, tn 260 → f1 0.7692307692307692, [0.720626631853786, 0.8135593220338984], sd 0.023709265931365433
  //   3 classes [[80,10,10],[15,60,25],[5,20,75]] macro → 0.7152882205513785, [0.663122492804733, 0.7643464824582762], sd 0.025798799921361457
  // Monte-Carlo tolerance: with 4,000 resamples an endpoint of a 95 % interval has a standard deviation of about
  // √(0.025·0.975/4000)/φ(1.96) ≈ 0.042 standard errors; we allow 0.2 standard errors (≈ 5 of them).
  it('binary F1 matches numpy’s index-resampling bootstrap within Monte-Carlo tolerance', () => {
    const { yTrue, yPred } = fromConfusion([
      [260, 40],
      [50, 150],
    ]);
    const b = bootstrapInterval(yTrue, yPred, { resamples: 4000, seed: 7 });
    expect(b.value).toBeCloseTo(0.7692307692307692, 14);
    const se = 0.023709265931365433;
    expect(Math.abs(b.low - 0.720626631853786)).toBeLessThan(0.2 * se);
    expect(Math.abs(b.high - 0.8135593220338984)).toBeLessThan(0.2 * se);
    expect(Math.abs(b.standardError - se)).toBeLessThan(0.05 * se);
    expect([b.n, b.resamples, b.confidence, b.method, b.metric]).toEqual([
      500,
      4000,
      0.95,
      'percentile-bootstrap',
      'f1',
    ]);
  });

  it('macro F1 over three classes matches numpy within Monte-Carlo tolerance', () => {
    const { yTrue, yPred } = fromConfusion([
      [80, 10, 10],
      [15, 60, 25],
      [5, 20, 75],
    ]);
    const b = bootstrapInterval(yTrue, yPred, { average: 'macro', resamples: 4000, seed: 3 });
    expect(b.value).toBeCloseTo(0.7152882205513785, 14);
    const se = 0.025798799921361457;
    expect(Math.abs(b.low - 0.663122492804733)).toBeLessThan(0.2 * se);
    expect(Math.abs(b.high - 0.7643464824582762)).toBeLessThan(0.2 * se);
    expect(b.metric).toBe('f1 (macro)');
  });

  it('is deterministic for a seed and changes with it', () => {
    const { yTrue, yPred } = fromConfusion([
      [30, 5],
      [8, 20],
    ]);
    const a = bootstrapInterval(yTrue, yPred, { seed: 11 });
    expect(bootstrapInterval(yTrue, yPred, { seed: 11 })).toEqual(a);
    expect(bootstrapInterval(yTrue, yPred, { seed: 12 }).low).not.toBe(a.low);
  });

  it('agrees with the point metrics for every metric, average and β (property, seeded)', () => {
    const options = fc.record({
      metric: fc.constantFrom('f1', 'fBeta', 'precision', 'recall', 'accuracy', 'errorRate' as const),
      average: fc.constantFrom('binary', 'micro', 'macro', 'weighted' as const),
      beta: fc.double({ min: 0.25, max: 4, noNaN: true }),
      confidence: fc.double({ min: 0.5, max: 0.99, noNaN: true }),
    });
    const labels = fc.integer({ min: 2, max: 4 }).chain((k) =>
      fc.array(fc.tuple(fc.integer({ min: 0, max: k - 1 }), fc.integer({ min: 0, max: k - 1 })), {
        minLength: 5,
        maxLength: 60,
      }),
    );
    fc.assert(
      fc.property(labels, options, (pairs, o) => {
        const yTrue = pairs.map((p) => p[0]);
        const yPred = pairs.map((p) => p[1]);
        const classes = new Set([...yTrue, ...yPred]).size;
        const average = classes > 2 && o.average === 'binary' ? 'macro' : o.average;
        const b = bootstrapInterval(yTrue, yPred, { ...o, average, resamples: 100, seed: 1 });
        const sk = { average, zeroDivision: 0 } as const;
        const expected = {
          f1: () => f1Score(yTrue, yPred, sk),
          fBeta: () => fBetaScore(yTrue, yPred, { ...sk, beta: o.beta }),
          precision: () => precision(yTrue, yPred, sk),
          recall: () => recall(yTrue, yPred, sk),
          accuracy: () => yTrue.filter((t, i) => t === yPred[i]).length / yTrue.length,
          errorRate: () => yTrue.filter((t, i) => t !== yPred[i]).length / yTrue.length,
        }[o.metric]();
        expect(b.value).toBeCloseTo(expected, 12);
        expect(b.low).toBeLessThanOrEqual(b.high);
        expect(b.low).toBeGreaterThanOrEqual(0);
        expect(b.high).toBeLessThanOrEqual(1);
        expect(b.standardError).toBeGreaterThanOrEqual(0);
      }),
      { seed: 14, numRuns: 150 },
    );
  });

  it('rejects resamples < 100, bad confidence, matrices and unknown metrics, naming the argument', () => {
    const y = [0, 1, 1, 0];
    expect(() => bootstrapInterval(y, y, { resamples: 50 })).toThrow(
      /resamples must be an integer in \[100, 1,000,000\] .* got 50/,
    );
    expect(() => bootstrapInterval(y, y, { resamples: 100.5 })).toThrow(MetricInputError);
    expect(() => bootstrapInterval(y, y, { confidence: 0 })).toThrow(/confidence must be in \(0, 1\)/);
    expect(() => bootstrapInterval([[1, 0]] as never, [[1, 0]] as never)).toThrow(
      /multi-label matrices are not supported/,
    );
    expect(() => bootstrapInterval(y, y, { metric: 'auc' as never })).toThrow(/unknown metric "auc"/);
    expect(() => bootstrapInterval(y, y, { metric: 'fBeta' })).toThrow(/needs beta > 0/);
    expect(() => bootstrapInterval(y, [0, 1])).toThrow(/different lengths/);
    expect(() => bootstrapInterval([0, 1, 2], [0, 1, 2])).toThrow(/average is 'binary'/);
  });
});

describe('the samplers behind the bootstrap', () => {
  it('binomial draws have the binomial mean and variance in both regimes (inversion and BTRS)', () => {
    const rng = createRng(5);
    for (const [n, p] of [
      [40, 0.1], // mean 4: inversion
      [1_000_000, 0.3], // BTRS
      [200, 0.9], // flipped to 0.1, BTRS at mean 20
    ] as const) {
      const draws = 20_000;
      let sum = 0;
      let sumSquares = 0;
      for (let i = 0; i < draws; i++) {
        const x = sampleBinomial(n, p, rng);
        expect(Number.isInteger(x) && x >= 0 && x <= n).toBe(true);
        sum += x;
        sumSquares += x * x;
      }
      const mean = sum / draws;
      const variance = sumSquares / draws - mean * mean;
      const trueVariance = n * p * (1 - p);
      // 5 standard errors of the sample mean; the variance within 5 %.
      expect(Math.abs(mean - n * p)).toBeLessThan(5 * Math.sqrt(trueVariance / draws));
      expect(Math.abs(variance / trueVariance - 1)).toBeLessThan(0.05);
    }
  });

  it('a multinomial draw keeps the total and the cell shares', () => {
    const rng = createRng(9);
    const counts = [500, 0, 300, 200];
    const out = new Float64Array(4);
    const sums = new Float64Array(4);
    for (let r = 0; r < 2000; r++) {
      sampleMultinomial(counts, 1000, rng, out);
      expect(out.reduce((s, v) => s + v, 0)).toBe(1000);
      expect(out[1]).toBe(0);
      out.forEach((v, i) => {
        sums[i]! += v;
      });
    }
    expect(Math.abs(sums[0]! / 2000 - 500)).toBeLessThan(5 * Math.sqrt((1000 * 0.5 * 0.5) / 2000));
    expect(Math.abs(sums[2]! / 2000 - 300)).toBeLessThan(5 * Math.sqrt((1000 * 0.3 * 0.7) / 2000));
  });
});

describe('bootstrapMeanInterval', () => {
  it('matches the closed-form bootstrap standard error of a mean, σ̂/√n with σ̂ the population sd', () => {
    // 400 values 0, 1, …, 399 (in a scrambled order): mean 199.5, population sd √((400² − 1)/12) = 115.4694…,
    // so the bootstrap standard error is 115.4694/20 = 5.77347; the 95 % interval is close to mean ± 1.96·5.77347.
    const values = Float64Array.from({ length: 400 }, (_, i) => (i * 137) % 400);
    const m = bootstrapMeanInterval(values, { resamples: 4000, seed: 5 });
    const se = Math.sqrt((400 * 400 - 1) / 12) / 20;
    expect(m.value).toBe(199.5);
    expect(Math.abs(m.standardError / se - 1)).toBeLessThan(0.05);
    expect(Math.abs(m.low - (199.5 - 1.959964 * se))).toBeLessThan(0.25 * se);
    expect(Math.abs(m.high - (199.5 + 1.959964 * se))).toBeLessThan(0.25 * se);
    expect(bootstrapMeanInterval(values, { resamples: 4000, seed: 5 })).toEqual(m);
  });

  it('rejects non-finite values, empty input and too few resamples', () => {
    expect(() => bootstrapMeanInterval([1, Number.NaN])).toThrow(
      /values\[1\] is NaN; every value must be a finite number/,
    );
    expect(() => bootstrapMeanInterval([])).toThrow(/values is empty/);
    expect(() => bootstrapMeanInterval([1, 2], { resamples: 99 })).toThrow(
      /resamples must be an integer in \[100, 1,000,000\]/,
    );
  });
});
