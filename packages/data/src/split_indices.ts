import { createRng, type MlrecipeWarning, type Rng } from '@mlrecipe/core';
import { largestRemainder, sampleWithoutReplacement } from './allocate.js';
import { SplitError } from './errors.js';
import { groupSplit } from './group_split.js';
import { recommendFractions, type SplitFractions } from './recommend_fractions.js';
import { type DetectDifference, domainWarnings, emitted, splitWarnings } from './split_warnings.js';
import { isLabelMatrix, iterativeStratify, type LabelMatrix, stratifiedSplit } from './stratify.js';
import { optionsObject, shown } from './validate.js';

/** Row indices of each split, ascending. */
export interface Split {
  readonly train: Uint32Array;
  readonly dev: Uint32Array;
  readonly test: Uint32Array;
  /**
   * The recipe's warnings about this split (too small to measure what you care about, dev/test from
   * mixed distributions), as typed `MlrecipeWarning`s; the same objects also go through
   * `@mlrecipe/core`'s warning channel.
   */
  readonly warnings: readonly MlrecipeWarning[];
}

/** Options of `splitIndices`: fractions or sizes, seed, stratification and groups. */
export interface SplitOptions {
  /** Fractions that sum to 1. Default: `recommendFractions(n)`. */
  fractions?: SplitFractions;
  /** Dev and test sizes in rows; the rest trains. Use this or `fractions`. */
  sizes?: { readonly dev: number; readonly test: number };
  /** Same seed, same split. Default 0. */
  seed?: number | string;
  /** Class labels (length n): every class keeps its share in every split. A 0/1 label matrix (n rows) stratifies multi-label data iteratively. */
  stratify?: ArrayLike<number> | LabelMatrix;
  /** Group ids (speaker, patient, …; length n): a group never spans two splits. */
  groups?: ArrayLike<number | string>;
  /**
   * The smallest difference in error rate you need the dev set to resolve: a number (e.g. 0.001, checked with
   * `minDevSize` at 10 % error) or `{ baseline, difference, confidence?, power? }` (checked with `devSizeFor`).
   * Warns when dev or test is too small.
   */
  detectDifference?: DetectDifference;
  /** Which distribution each row comes from ('web', 'app', …): warns when dev/test mix distributions. */
  domains?: ArrayLike<number | string>;
}

/**
 * Splits n rows into train, dev and test. Dev and test are drawn at random without replacement
 * (a partial Fisher–Yates shuffle: only dev + test rows are drawn); the remaining rows train.
 * Indices come back ascending in each split; shuffle per epoch when batching (see `batches`).
 *
 * When your data come from two distributions (the data you have vs the data you care about), use
 * `mismatchSplit`: dev and test must come from the target distribution.
 *
 * @example
 * const { train, dev, test } = splitIndices(10_000, { seed: 1 }); // 6,000 / 2,000 / 2,000
 */
export function splitIndices(n: number, splitOptions?: SplitOptions): Split {
  // Row indices are Uint32Arrays; beyond 2³¹ − 1 rows the index arrays alone would take 8 GB.
  if (!(typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= MAX_ROWS)) {
    throw new SplitError(`splitIndices: n must be a positive integer up to ${MAX_ROWS}, got ${shown(n)}`);
  }
  const options = optionsObject(splitOptions, 'splitIndices');
  if (
    options.seed !== undefined &&
    typeof options.seed !== 'string' &&
    !(Number.isInteger(options.seed) && options.seed >= 0)
  ) {
    throw new SplitError(`splitIndices: seed must be an integer ≥ 0 or a string, got ${shown(options.seed)}`);
  }
  const counts = splitCounts(n, options, 'splitIndices');
  const rng = createRng(options.seed ?? 0);
  if (options.stratify !== undefined && options.groups !== undefined) {
    throw new SplitError(
      'splitIndices: stratify and groups together are not supported; split by groups, then check class shares per split',
    );
  }
  let parts: [Uint32Array, Uint32Array, Uint32Array];
  if (options.groups !== undefined) parts = groupSplit(n, counts, options.groups, rng);
  else if (options.stratify !== undefined && isLabelMatrix(options.stratify)) {
    parts = iterativeStratify(n, counts, options.stratify, rng);
  } else if (options.stratify !== undefined) parts = stratifiedSplit(n, counts, options.stratify, rng);
  else parts = randomSplit(n, counts, rng);
  const [train, dev, test] = parts;
  for (const [name, rows, asked] of [
    ['train', train, counts.train],
    ['dev', dev, counts.dev],
    ['test', test, counts.test],
  ] as const) {
    if (rows.length === 0 && asked > 0) {
      throw new SplitError(
        `splitIndices: the ${name} split came out empty; give it more rows or fewer groups per split`,
      );
    }
  }
  const warnings = splitWarnings({ dev: dev.length, test: test.length }, options.detectDifference);
  if (options.domains !== undefined) {
    if (options.domains.length !== n) {
      throw new SplitError(`splitIndices: domains has ${options.domains.length} entries for ${n} rows`);
    }
    warnings.push(...domainWarnings(options.domains, dev, test));
  }
  return { train, dev, test, warnings: emitted(warnings) };
}

/** Rows per split, as `splitCounts` computes them from fractions or sizes. */
export interface SplitCounts {
  readonly train: number;
  readonly dev: number;
  readonly test: number;
}

/** Row counts from fractions or sizes, validated. Shared with mismatchSplit's checks. */
/** The most rows a split takes (index arrays are Uint32Array). */
const MAX_ROWS = 2 ** 31 - 1;

/** How many rows each split gets for `n` rows and these options (fractions or counts); `caller` names the entry in errors. */
export function splitCounts(n: number, options: SplitOptions, caller: string): SplitCounts {
  if (options.fractions !== undefined && options.sizes !== undefined) {
    throw new SplitError(`${caller}: give fractions or sizes, not both`);
  }
  if (options.sizes !== undefined) {
    const { dev, test } = options.sizes;
    for (const [name, v] of [
      ['dev', dev],
      ['test', test],
    ] as const) {
      if (!(Number.isInteger(v) && v >= 0))
        throw new SplitError(`${caller}: sizes.${name} must be a non-negative integer, got ${v}`);
    }
    if (dev + test >= n) {
      throw new SplitError(
        `${caller}: sizes dev ${dev} + test ${test} = ${dev + test} leave no training rows out of ${n}; make them smaller`,
      );
    }
    return { train: n - dev - test, dev, test };
  }
  const f = options.fractions ?? recommendFractions(Math.max(n, 3));
  for (const name of ['train', 'dev', 'test'] as const) {
    const v = f[name];
    if (!(typeof v === 'number' && v >= 0 && v <= 1)) {
      throw new SplitError(`${caller}: fractions.${name} must be in [0, 1], got ${v}`);
    }
  }
  const sum = f.train + f.dev + f.test;
  if (Math.abs(sum - 1) > 1e-9) {
    throw new SplitError(
      `${caller}: fractions sum to ${Number(sum.toFixed(12))} (train ${f.train}, dev ${f.dev}, test ${f.test}); they must sum to 1`,
    );
  }
  if (f.train === 0) throw new SplitError(`${caller}: fractions.train is 0; nothing would be trained on`);
  const [train, dev, test] = largestRemainder(n, [f.train, f.dev, f.test]) as [number, number, number];
  for (const [name, count, fraction] of [
    ['train', train, f.train],
    ['dev', dev, f.dev],
    ['test', test, f.test],
  ] as const) {
    if (fraction > 0 && count === 0) {
      throw new SplitError(
        `${caller}: ${name} would be empty (${fraction} of ${n} rows rounds to 0); use more data or a larger fraction`,
      );
    }
  }
  return { train, dev, test };
}

function randomSplit(n: number, counts: SplitCounts, rng: Rng): [Uint32Array, Uint32Array, Uint32Array] {
  // One byte per row says where it goes (0 train, 1 dev, 2 test); one pass then writes all three
  // splits already ascending, with no sort.
  const where = new Uint8Array(n);
  const held = sampleWithoutReplacement(n, counts.dev + counts.test, rng, where);
  for (let i = counts.dev; i < held.length; i++) where[held[i]!] = 2;
  const train = new Uint32Array(counts.train);
  const dev = new Uint32Array(counts.dev);
  const test = new Uint32Array(counts.test);
  for (let i = 0, a = 0, b = 0, c = 0; i < n; i++) {
    const to = where[i];
    if (to === 0) train[a++] = i;
    else if (to === 1) dev[b++] = i;
    else test[c++] = i;
  }
  return [train, dev, test];
}
