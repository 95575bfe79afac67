import { createRng, MlrecipeWarning } from '@mlrecipe/core';
import { complement, partialShuffle, sorted } from './allocate.js';
import { SplitError } from './errors.js';
import { type DetectDifference, emitted, splitWarnings } from './split_warnings.js';
import { optionsObject, shown } from './validate.js';

/** Rows of one split, by distribution: indices into the source data and into the target data. */
export interface MismatchPart {
  readonly source: Uint32Array;
  readonly target: Uint32Array;
}

/**
 * The result of `mismatchSplit`: row indices per split, each split's source and target rows apart, and the warnings.
 */
export interface MismatchSplit {
  readonly train: MismatchPart;
  /** Same distribution as train, never trained on: separates variance from data mismatch. */
  readonly trainDev: MismatchPart;
  /** Target only. */
  readonly dev: MismatchPart;
  /** Target only. */
  readonly test: MismatchPart;
  readonly warnings: readonly MlrecipeWarning[];
}

/** Options of `mismatchSplit`: dev, test and train-dev sizes, and the seed. */
export interface MismatchOptions {
  /** Dev rows, all from the target distribution. */
  dev: number;
  /** Test rows, all from the target distribution. */
  test: number;
  /** Train-dev rows carved at random from the training pool (source + leftover target). Default 0. */
  trainDev?: number;
  seed?: number | string;
  /**
   * The smallest difference in error rate dev must resolve: a number (e.g. 0.001, checked with `minDevSize` at
   * 10 % error) or `{ baseline, difference, confidence?, power? }` (checked with `devSizeFor`). Warns when dev or
   * test is too small.
   */
  detectDifference?: DetectDifference;
}

type Sized = number | { readonly length: number };

/**
 * The recipe's split when the data you have (source: e.g. 200,000 sharp web cat pictures) is not
 * the data you care about (target: 10,000 blurry pictures from your app). Dev and test, the target
 * you aim at, come **only** from the target; the rest of the target joins the source in train. A
 * train-dev set, drawn from the training distribution but never trained on, tells the two gaps
 * apart: train → train-dev error is variance, train-dev → dev error is data mismatch.
 *
 * @example
 * const s = mismatchSplit({ source: 200_000, target: 10_000 }, { dev: 2_500, test: 2_500, seed: 1 });
 * s.train.source.length + s.train.target.length; // 205,000 = 200,000 web + 5,000 app
 */
export function mismatchSplit(data: { source: Sized; target: Sized }, options: MismatchOptions): MismatchSplit {
  const sourceCount = sizeOf(data?.source, 'source');
  const targetCount = sizeOf(data?.target, 'target');
  const { dev, test, trainDev = 0 } = optionsObject(options, 'mismatchSplit', true);
  for (const [name, v] of [
    ['dev', dev],
    ['test', test],
    ['trainDev', trainDev],
  ] as const) {
    if (!(Number.isInteger(v) && v >= 0))
      throw new SplitError(`mismatchSplit: ${name} must be a non-negative integer, got ${shown(v)}`);
  }
  if (targetCount === 0) {
    throw new SplitError(
      'mismatchSplit: there is no target data; dev and test must come from the distribution you care about. ' +
        'Collect some, or use splitIndices if the source is that distribution',
    );
  }
  if (dev === 0 || test === 0) {
    throw new SplitError(
      `mismatchSplit: dev (${dev}) and test (${test}) must both be at least 1; they are your target`,
    );
  }
  if (dev + test > targetCount) {
    throw new SplitError(
      `mismatchSplit: dev ${dev} + test ${test} = ${dev + test} exceeds the ${targetCount} target rows; ask for fewer ` +
        '(dev and test never take source rows: they must come from the distribution you care about)',
    );
  }
  const pool = sourceCount + targetCount - dev - test;
  if (trainDev >= pool) {
    throw new SplitError(`mismatchSplit: trainDev ${trainDev} leaves no training rows out of ${pool}; make it smaller`);
  }
  const rng = createRng(options.seed ?? 0);

  // Dev and test: a random draw from the target only.
  const targetPool = new Uint32Array(targetCount);
  for (let i = 0; i < targetCount; i++) targetPool[i] = i;
  partialShuffle(targetPool, dev + test, rng.fork('dev-test'));
  const targetHeld = new Uint8Array(targetCount);
  for (let i = 0; i < dev + test; i++) targetHeld[targetPool[i]!] = 1;

  // Train-dev: a uniform draw from the training pool (source rows, then leftover target rows), so
  // it has train's distribution.
  const leftoverTarget = complement(targetCount, targetHeld);
  const trainPool = new Uint32Array(pool);
  for (let i = 0; i < pool; i++) trainPool[i] = i;
  partialShuffle(trainPool, trainDev, rng.fork('train-dev'));
  const sourceInTrainDev = new Uint8Array(sourceCount);
  const targetInTrainDev = new Uint8Array(targetCount);
  for (let i = 0; i < trainDev; i++) {
    const row = trainPool[i]!;
    if (row < sourceCount) sourceInTrainDev[row] = 1;
    else targetInTrainDev[leftoverTarget[row - sourceCount]!] = 1;
  }
  const pick = (mask: Uint8Array) =>
    complement(
      mask.length,
      mask.map((v) => 1 - v),
    );
  const targetOutOfTrain = Uint8Array.from(targetHeld, (held, i) => held | targetInTrainDev[i]!);

  const warnings = splitWarnings({ dev, test }, options.detectDifference);
  if (trainDev === 0) {
    warnings.push(
      new MlrecipeWarning(
        'NO_TRAIN_DEV',
        'mismatchSplit: no train-dev set: a gap between train and dev error cannot be split into variance and data mismatch; pass trainDev',
      ),
    );
  }
  return {
    train: { source: complement(sourceCount, sourceInTrainDev), target: complement(targetCount, targetOutOfTrain) },
    trainDev: { source: pick(sourceInTrainDev), target: pick(targetInTrainDev) },
    dev: { source: new Uint32Array(0), target: sorted(targetPool.subarray(0, dev)) },
    test: { source: new Uint32Array(0), target: sorted(targetPool.subarray(dev, dev + test)) },
    warnings: emitted(warnings),
  };
}

function sizeOf(x: Sized | undefined, name: string): number {
  const n = typeof x === 'number' ? x : x?.length;
  if (!(typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 2 ** 31 - 1)) {
    throw new SplitError(`mismatchSplit: ${name} must be a row count or an array of rows, got ${shown(x)}`);
  }
  return n;
}
