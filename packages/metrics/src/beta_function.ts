// Log-gamma and the regularized incomplete beta function: what Clopper–Pearson intervals and
// exact binomial tail probabilities (McNemar's test) are made of.
import { MetricInputError } from './errors.js';

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9: about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const y = x - 1;
  let a = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (y + i);
  const t = y + 7.5;
  return HALF_LOG_TWO_PI + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * The regularized incomplete beta function I_x(a, b) (the CDF of a Beta(a, b) at x), by the
 * continued fraction of Numerical Recipes §6.4 evaluated with the modified Lentz method; the
 * symmetry I_x(a, b) = 1 − I_{1−x}(b, a) keeps the fraction in its fast-converging half.
 */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  // Converges in O(√max(a, b)) terms; the cap is far above what n ≤ 10^9 needs.
  const maxTerms = 10_000 + Math.ceil(10 * Math.sqrt(Math.max(a, b)));
  for (let m = 1; m <= maxTerms; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return h;
}

/** The p-quantile of a Beta(a, b) distribution: bisection on `regularizedBeta`, to the last bits of a double. */
export function betaQuantile(p: number, a: number, b: number): number {
  let low = 0;
  let high = 1;
  for (let i = 0; i < 1100 && high - low > 1e-17 * Math.max(high, 1e-300); i++) {
    const mid = 0.5 * (low + high);
    if (mid === low || mid === high) break;
    if (regularizedBeta(mid, a, b) < p) low = mid;
    else high = mid;
  }
  return 0.5 * (low + high);
}

// The continued fraction needs O(√n) terms: 10^9 trials take milliseconds, 10^300 would never end.
const MAX_TRIALS = 1e9;

/**
 * P(X ≤ k) for X ~ Binomial(n, p), exact up to rounding: I_{1−p}(n − k, k + 1).
 *
 * @example
 * binomialCdf(2, 10, 0.5); // 0.0546875
 */
export function binomialCdf(k: number, n: number, p: number): number {
  if (typeof k !== 'number' || !Number.isFinite(k)) {
    throw new MetricInputError(`binomialCdf: k must be a finite number (successes), got ${shownValue(k)}`);
  }
  if (!Number.isInteger(n) || n < 0 || n > MAX_TRIALS) {
    throw new MetricInputError(
      `binomialCdf: n must be an integer number of trials in [0, ${MAX_TRIALS.toExponential()}], got ${shownValue(n)}`,
    );
  }
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new MetricInputError(`binomialCdf: p must be a probability in [0, 1], got ${shownValue(p)}`);
  }
  if (k < 0) return 0;
  if (k >= n) return 1;
  return regularizedBeta(1 - p, n - k, k + 1);
}

function shownValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
