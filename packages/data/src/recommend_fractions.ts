import type { MlrecipeWarning } from '@mlrecipe/core';
import { SplitError } from './errors.js';
import { type DetectDifference, emitted, splitWarnings } from './split_warnings.js';
import { shown } from './validate.js';

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
 *   `minDevSize`, `devSizeFor`).
 *
 * @example
 * recommendFractions(1_000_000); // { train: 0.98, dev: 0.01, test: 0.01 }
 */
export function recommendFractions(n: number): SplitFractions;
/**
 * With `detectDifference`, the fractions come with the recipe's warnings (typed `MlrecipeWarning`s,
 * also emitted through `@mlrecipe/core`'s channel) when the dev and test sets they give (about
 * fraction × n examples each) cannot resolve that difference.
 *
 * @example
 * recommendFractions(5_000, { detectDifference: { baseline: 0.05, difference: 0.01 } }).warnings[0]?.message;
 * // 'the dev set has 1,000 examples but telling apart error rates of 5 % and 4 % … needs about 6,726 (devSizeFor); …'
 * // (SPLIT_TOO_SMALL warnings, also sent through @mlrecipe/core's warning channel)
 */
export function recommendFractions(
  n: number,
  options: { readonly detectDifference: DetectDifference },
): SplitFractions & { readonly warnings: readonly MlrecipeWarning[] };
export function recommendFractions(
  n: number,
  options?: { readonly detectDifference?: DetectDifference },
): SplitFractions & { readonly warnings?: readonly MlrecipeWarning[] } {
  const fractions = fractionsFor(n);
  if (options?.detectDifference === undefined) return fractions;
  const dev = Math.round(fractions.dev * n);
  const test = Math.round(fractions.test * n);
  return { ...fractions, warnings: emitted(splitWarnings({ dev, test }, options.detectDifference)) };
}

function fractionsFor(n: number): SplitFractions {
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
