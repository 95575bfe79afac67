import { betaQuantile } from './beta_function.js';
import { MetricInputError } from './errors.js';
import { optionsObject } from './input.js';
import { checkConfidence, checkCount } from './interval_checks.js';
import { normalQuantile } from './normal_distribution.js';

/** How a binomial rate's interval is computed. */
export type RateIntervalMethod = 'wilson' | 'clopper-pearson';

/** A rate with its confidence interval. */
export interface RateInterval {
  /** The observed rate, count / n. */
  readonly value: number;
  readonly low: number;
  readonly high: number;
  /** The number of examples the rate is measured on. */
  readonly n: number;
  readonly method: RateIntervalMethod;
  readonly confidence: number;
}

/** Options of `rateInterval`: the method and the confidence. */
export interface RateIntervalOptions {
  /** 'wilson' (default: close to nominal coverage, never outside [0, 1]) or 'clopper-pearson' (exact, conservative). */
  readonly method?: RateIntervalMethod;
  /** Two-sided confidence level in (0, 1). Default 0.95. */
  readonly confidence?: number;
}

/**
 * A binomial rate (error rate, accuracy, precision, recall: `count` of `n`) with a confidence interval.
 * - Wilson score (default): the set of p whose score test does not reject,
 *   (x + z²/2)/(n + z²) ± z/(n + z²)·√(x(n − x)/n + z²/4). Stays sensible at 0 errors and small n,
 *   where the textbook p ± z·√(p(1 − p)/n) collapses to a point.
 * - Clopper–Pearson: Beta(α/2; x, n − x + 1) to Beta(1 − α/2; x + 1, n − x); never under-covers, often over-covers.
 *
 * @example
 * rateInterval(2, 250);  // { value: 0.008, low: 0.0022, high: 0.0287, n: 250, method: 'wilson', confidence: 0.95 }
 */
export function rateInterval(count: number, n: number, options: RateIntervalOptions = {}): RateInterval {
  const caller = 'rateInterval';
  checkCount(count, n, caller, 'count');
  optionsObject(options, caller);
  const confidence = checkConfidence(options.confidence, caller);
  const method = options.method === undefined ? 'wilson' : options.method;
  if (method !== 'wilson' && method !== 'clopper-pearson') {
    throw new MetricInputError(
      `${caller}: method must be 'wilson' or 'clopper-pearson', got ${JSON.stringify(method)}`,
    );
  }
  const alpha = 1 - confidence;
  if (method === 'clopper-pearson') {
    const low = count === 0 ? 0 : betaQuantile(alpha / 2, count, n - count + 1);
    const high = count === n ? 1 : betaQuantile(1 - alpha / 2, count + 1, n - count);
    return { value: count / n, low, high, n, method, confidence };
  }
  const [low, high] = wilsonBounds(count, n, normalQuantile(1 - alpha / 2));
  return { value: count / n, low, high, n, method, confidence };
}

/** The Wilson score bounds for `count` of `n` at a normal quantile z (no checks: for hot loops and other intervals). */
export function wilsonBounds(count: number, n: number, z: number): [number, number] {
  const z2 = z * z;
  const denominator = n + z2;
  const centre = (count + z2 / 2) / denominator;
  const half = (z / denominator) * Math.sqrt((count * (n - count)) / n + z2 / 4);
  // At 0 or n the exact bound is 0 or 1; rounding would otherwise leave ±1e-17.
  return [count === 0 ? 0 : Math.max(0, centre - half), count === n ? 1 : Math.min(1, centre + half)];
}
