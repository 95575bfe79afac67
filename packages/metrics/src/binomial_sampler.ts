import type { Rng } from '@mlrecipe/core';

const LOG_FACTORIAL = new Float64Array(1024);
for (let k = 1; k < 1024; k++) LOG_FACTORIAL[k] = LOG_FACTORIAL[k - 1]! + Math.log(k);
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** ln k!: a table below 1,024, Stirling's series beyond (its next term, 1/(1680k⁷), is below 1e-23 there). */
function logFactorial(k: number): number {
  if (k < 1024) return LOG_FACTORIAL[k]!;
  const inverse = 1 / k;
  const inverse2 = inverse * inverse;
  return (k + 0.5) * Math.log(k) - k + HALF_LOG_TWO_PI + inverse * (1 / 12 - inverse2 * (1 / 360 - inverse2 / 1260));
}

/** A uniform double in [0, 1) with 53 random bits: rng.uniform() without its argument checks, for the hot loop. */
function unit(rng: Rng): number {
  return ((rng.next() >>> 5) * 67108864 + (rng.next() >>> 6)) / 9007199254740992;
}

/**
 * An exact Binomial(n, p) draw. Mean below 10: inversion (walk the pmf from 0). Otherwise BTRS,
 * Hörmann's transformed rejection with squeeze ("The generation of binomial random variates", 1993),
 * the sampler TensorFlow and JAX use: O(1) expected uniforms for any n, so a bootstrap resample of a
 * million labels costs a few draws per confusion cell instead of a million index draws.
 */
export function sampleBinomial(n: number, p: number, rng: Rng): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - sampleBinomial(n, 1 - p, rng);
  const q = 1 - p;
  if (n * p < 10) {
    // Inversion: q^n ≥ e^−15 here, so the first pmf term cannot underflow.
    let pmf = q ** n;
    let cdf = pmf;
    const u = unit(rng);
    let k = 0;
    const ratio = p / q;
    while (u > cdf && k < n) {
      pmf *= ((n - k) / (k + 1)) * ratio;
      cdf += pmf;
      k++;
      if (pmf === 0) break;
    }
    return k;
  }
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / q);
  const m = Math.floor((n + 1) * p);
  const h = logFactorial(m) + logFactorial(n - m);
  for (;;) {
    const u = unit(rng) - 0.5;
    let v = unit(rng);
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    if (v <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
  }
}

/**
 * Fills `out` with a Multinomial(total, counts / Σcounts) draw: the cell counts of one bootstrap
 * resample of a tally, by conditional binomials (cell i given what cells before it took).
 */
export function sampleMultinomial(counts: ArrayLike<number>, total: number, rng: Rng, out: Float64Array): void {
  let remaining = total;
  let mass = 0;
  for (let i = 0; i < counts.length; i++) mass += counts[i]!;
  const last = counts.length - 1;
  for (let i = 0; i < last; i++) {
    const draw = remaining === 0 ? 0 : sampleBinomial(remaining, Math.min(1, counts[i]! / mass), rng);
    out[i] = draw;
    remaining -= draw;
    mass -= counts[i]!;
  }
  out[last] = remaining;
}
