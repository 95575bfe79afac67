import { SplitError } from './errors.js';
import { optionsObject, shown } from './validate.js';

/** Fractions of a train/dev/test split; they sum to 1. */
export interface SplitFractions {
  readonly train: number;
  readonly dev: number;
  readonly test: number;
}

const SMALL_DATA_MAX = 10_000;
const SMALL_DEV_SIZE = 2_000; // 20 % of 10,000
const BIG_DATA_ANCHOR = 1_000_000;
const BIG_DEV_SIZE = 10_000; // 1 % of 1,000,000
// Dev (and test) size grows as a power of n between the two anchors of the recipe and beyond:
// devSize = 2,000 · (n / 10,000)^k with k = log(10,000 / 2,000) / log(1,000,000 / 10,000) ≈ 0.349.
const GROWTH = Math.log(BIG_DEV_SIZE / SMALL_DEV_SIZE) / Math.log(BIG_DATA_ANCHOR / SMALL_DATA_MAX);

/**
 * The recipe's size-aware split. Dev and test only need to be big enough to tell apart the models
 * you compare (dev) and to give confidence in the final one (test); the rest should train.
 * - n ≤ 10,000 (small data, the pre-deep-learning regime): 60 / 20 / 20.
 * - n > 10,000: dev and test each get 2,000 · (n / 10,000)^0.349 examples, a smooth curve through the
 *   recipe's anchors, 20 % at 10,000 and 1 % at 1,000,000 (98 / 1 / 1); 4,472 (4.5 %) at 100,000,
 *   22,361 (0.22 %) at 10,000,000. Dev sets of 10,000+ resolve differences of about 0.1 % – 0.5 %.
 * - n < 100: still 60 / 20 / 20, but such dev sets can only tell large differences apart (see
 *   `minDevSize`).
 *
 * @example
 * recommendFractions(1_000_000); // { train: 0.98, dev: 0.01, test: 0.01 }
 */
export function recommendFractions(n: number): SplitFractions {
  if (!(Number.isInteger(n) && n >= 3 && n <= Number.MAX_SAFE_INTEGER)) {
    throw new SplitError(
      `recommendFractions: n must be an integer in [3, 2^53 − 1] (one example per split at least), got ${shown(n)}`,
    );
  }
  if (n <= SMALL_DATA_MAX) return { train: 0.6, dev: 0.2, test: 0.2 };
  const devSize = SMALL_DEV_SIZE * (n / SMALL_DATA_MAX) ** GROWTH;
  // Rounded to 12 decimals so 1,000,000 reads 0.01, not 0.009999999999999998.
  const dev = Math.round((devSize / n) * 1e12) / 1e12;
  return { train: 1 - 2 * dev, dev, test: dev };
}

/**
 * The smallest dev set that can tell apart two models whose error rates differ by `difference`.
 * Two bounds, the larger wins: one example must be worth less than the difference (m ≥ 1/Δ: a
 * 100-example dev set moves in steps of 1 % and cannot show 0.1 %), and the difference must exceed
 * `z` standard errors of the difference of two error rates near `errorRate`: m ≥ 2·p(1−p)·(z/Δ)².
 *
 * @example
 * minDevSize(0.001, { errorRate: 0.05 }); // 364,952 examples for a 0.1 % difference at 5 % error
 */
export function minDevSize(difference: number, devOptions?: { errorRate?: number; z?: number }): number {
  const { errorRate = 0.1, z = 1.96 } = optionsObject(devOptions, 'minDevSize');
  if (!(difference > 0 && difference < 1)) {
    throw new SplitError(`minDevSize: difference must be in (0, 1), e.g. 0.001 for 0.1 %, got ${difference}`);
  }
  if (!(errorRate > 0 && errorRate < 1))
    throw new SplitError(`minDevSize: errorRate must be in (0, 1), got ${errorRate}`);
  if (!(typeof z === 'number' && Number.isFinite(z) && z > 0))
    throw new SplitError(`minDevSize: z must be a positive finite number, got ${shown(z)}`);
  const granularity = Math.ceil(1 / difference - 1e-9);
  // The relative slack keeps exact products (691,488.0000001 from rounding) from rounding up.
  const statistical = Math.ceil(2 * errorRate * (1 - errorRate) * (z / difference) ** 2 * (1 - 1e-12));
  return Math.max(granularity, statistical);
}
