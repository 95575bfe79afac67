import { optionsObject } from './input.js';
import { checkConfidence, checkCount } from './interval_checks.js';
import { normalQuantile } from './normal_distribution.js';
import { wilsonBounds } from './rate_interval.js';

/** A count out of n examples. */
export interface Count {
  readonly count: number;
  readonly n: number;
}

/** The difference of two independent rates with its interval. */
export interface DifferenceInterval {
  /** a − b. */
  readonly value: number;
  readonly low: number;
  readonly high: number;
  readonly method: 'newcombe-wilson';
  readonly confidence: number;
}

/**
 * The difference a − b of two rates measured on independent sets (train vs dev, dev vs test) with
 * Newcombe's hybrid score interval (method 10 of Newcombe 1998; statsmodels'
 * `confint_proportions_2indep(method='newcomb')`): from the Wilson bounds (l, u) of each rate,
 * low = d − √((a − l_a)² + (u_b − b)²), high = d + √((u_a − a)² + (b − l_b)²).
 * Unlike the Wald interval it stays honest near 0 % error and with unequal set sizes.
 *
 * @example
 * rateDifferenceInterval({ count: 57, n: 250 }, { count: 44, n: 250 }); // dev − test: 0.052, about −0.02 to 0.12
 */
export function rateDifferenceInterval(a: Count, b: Count, options: { confidence?: number } = {}): DifferenceInterval {
  optionsObject(options, 'rateDifferenceInterval');
  const caller = 'rateDifferenceInterval';
  checkCount(a?.count, a?.n, caller, 'a.count');
  checkCount(b?.count, b?.n, caller, 'b.count');
  const confidence = checkConfidence(options.confidence, caller);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const pa = a.count / a.n;
  const pb = b.count / b.n;
  const [la, ua] = wilsonBounds(a.count, a.n, z);
  const [lb, ub] = wilsonBounds(b.count, b.n, z);
  const value = pa - pb;
  return {
    value,
    low: value - Math.hypot(pa - la, ub - pb),
    high: value + Math.hypot(ua - pa, pb - lb),
    method: 'newcombe-wilson',
    confidence,
  };
}
