import { describe, expect, it } from 'vitest';
import { createRng, InvalidArgumentError, restoreRng } from '../src/index.js';

// Reference outputs of xoshiro128** from state {1, 2, 3, 4}: Vigna's reference C implementation
// (prng.di.unimi.it/xoshiro128starstar.c), compiled with gcc and run once on this machine.
const REFERENCE_FIRST_SIX = [11520, 0, 5927040, 70819200, 2031721883, 1637235492];
const REFERENCE_STATE_AFTER_1000 = [2954884481, 294556968, 2598411021, 550772539];

function fromState(s: [number, number, number, number]) {
  return restoreRng({ algorithm: 'xoshiro128**', s, key: s, spareNormal: null });
}

describe('createRng', () => {
  it('matches the reference xoshiro128** implementation bit for bit', () => {
    const rng = fromState([1, 2, 3, 4]);
    expect(Array.from({ length: 6 }, () => rng.next())).toEqual(REFERENCE_FIRST_SIX);
    for (let i = 0; i < 994; i++) rng.next();
    expect(rng.getState().s).toEqual(REFERENCE_STATE_AFTER_1000);
  });

  it('gives the same numbers for the same seed and different numbers for another', () => {
    const draw = (seed: number | string) => {
      const rng = createRng(seed);
      return [rng.next(), rng.uniform(), rng.normal(), rng.int(1000), ...rng.permutation(8)];
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw('experiment-7')).toEqual(draw('experiment-7'));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(2 ** 40)).not.toEqual(draw(0));
  });

  it('draws uniforms with mean 1/2 and variance 1/12 over 1e6 draws', () => {
    const rng = createRng(1);
    const n = 1_000_000;
    let sum = 0;
    let sumSq = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      sum += u;
      sumSq += u * u;
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    const mean = sum / n;
    const variance = sumSq / n - mean * mean;
    // Standard error of the mean is sqrt(1/12/n) ≈ 2.9e-4: 5 standard errors.
    expect(Math.abs(mean - 0.5)).toBeLessThan(1.5e-3);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(1e-3);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
  });

  it('draws normals with the asked mean and standard deviation over 1e6 draws', () => {
    const rng = createRng(2);
    const n = 1_000_000;
    let sum = 0;
    let sumSq = 0;
    let within1Sd = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal(3, 2);
      sum += z;
      sumSq += z * z;
      if (Math.abs(z - 3) < 2) within1Sd++;
    }
    const mean = sum / n;
    const variance = sumSq / n - mean * mean;
    expect(Math.abs(mean - 3)).toBeLessThan(0.01); // SE = 2/1000
    expect(Math.abs(variance - 4)).toBeLessThan(0.03); // SE ≈ 4·sqrt(2/n) ≈ 0.0057
    // P(|Z| < 1) = erf(1/√2) = 0.682689492
    expect(Math.abs(within1Sd / n - 0.682689492)).toBeLessThan(0.003);
  });

  it('draws integers uniformly: chi-square over 10 bins stays below the 0.999 quantile', () => {
    const rng = createRng(3);
    const counts = new Array(10).fill(0);
    const n = 1_000_000;
    for (let i = 0; i < n; i++) counts[rng.int(10)]++;
    const expected = n / 10;
    const chiSquare = counts.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(27.88); // chi2.ppf(0.999, df=9) = 27.877 (scipy.stats)
    expect(rng.int(1)).toBe(0);
    // Above 2^21 a different path (bitmask rejection) draws: three equal bins of [0, 3·10^6).
    const bins = [0, 0, 0];
    for (let i = 0; i < 300_000; i++) bins[Math.floor(rng.int(3_000_000) / 1_000_000)]!++;
    for (const b of bins) expect(Math.abs(b - 100_000)).toBeLessThan(1500); // sd ≈ 258
    const big = rng.int(2 ** 32);
    expect(Number.isInteger(big) && big >= 0 && big < 2 ** 32).toBe(true);
  });

  it('shuffles into a permutation and leaves every element reachable', () => {
    const rng = createRng(4);
    const perm = rng.permutation(1000);
    expect(Array.from(perm).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    // Each of the 6 orders of 3 items appears about 1/6 of the time.
    const seen = new Map<string, number>();
    for (let i = 0; i < 60_000; i++) {
      const key = rng.shuffle(['a', 'b', 'c']).join('');
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    expect(seen.size).toBe(6);
    for (const count of seen.values()) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('forks streams that depend only on the seed and the label', () => {
    const a = createRng(7);
    const b = createRng(7);
    for (let i = 0; i < 100; i++) b.next(); // draws on the parent do not move its forks
    const fa = a.fork('dropout');
    const fb = b.fork('dropout');
    expect([fa.next(), fa.next()]).toEqual([fb.next(), fb.next()]);
    expect(a.fork('init').next()).not.toBe(a.fork('dropout').next());
    expect(createRng(8).fork('dropout').next()).not.toBe(createRng(7).fork('dropout').next());
  });

  it('restores a saved state and continues the same sequence, spare normal included', () => {
    const rng = createRng(9);
    rng.normal(); // leaves a spare normal in the state
    const saved = JSON.parse(JSON.stringify(rng.getState()));
    const expected = [rng.normal(), rng.next(), rng.uniform()];
    const restored = restoreRng(saved);
    expect([restored.normal(), restored.next(), restored.uniform()]).toEqual(expected);
  });

  it('rejects bad seeds, ranges and states with InvalidArgumentError', () => {
    expect(() => createRng(-1)).toThrow(InvalidArgumentError);
    expect(() => createRng(1.5)).toThrow(/non-negative integer/);
    expect(() => createRng(Number.NaN)).toThrow(InvalidArgumentError);
    expect(() => createRng({} as unknown as number)).toThrow(/number or a string/);
    const rng = createRng(1);
    expect(() => rng.int(0)).toThrow(/integer in \[1, 2\^32\]/);
    expect(() => rng.int(2.5)).toThrow(InvalidArgumentError);
    expect(() => rng.uniform(2, 1)).toThrow(/low <= high/);
    expect(() => rng.normal(0, -1)).toThrow(/std >= 0/);
    expect(() => rng.fork('')).toThrow(/non-empty/);
    expect(() =>
      restoreRng({ algorithm: 'xoshiro128**', s: [0, 0, 0, 0], key: [0, 0, 0, 0], spareNormal: null }),
    ).toThrow(/rng.getState/);
  });
});
