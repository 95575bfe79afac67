// The checks a study's options get before any trial runs, so that a typo fails in a millisecond
// rather than after hours of trials (selectModel only sees the options at the end).
import { TuneError } from './errors.js';
import { describe } from './trial_failure.js';

type Options = Record<string, unknown>;

const MAX_TRIALS = 1_000_000;

/** A positive integer, or a typed error naming the option and the value received. */
export function positiveInteger(value: unknown, name: string, caller: string, max = MAX_TRIALS): number {
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max)) {
    throw new TuneError(`${caller}: ${name} must be a positive integer up to ${max}, got ${describe(value)}`);
  }
  return value;
}

/** Checks randomSearch's and coarseToFine's options (types, ranges, the space, optimize). */
export function checkSearchOptions(options: unknown, caller: string): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TuneError(
      `${caller}: give an options object { space, trials, optimize, objective }, got ${describe(options)}`,
    );
  }
  const o = options as Options;
  const space = o.space;
  if (space === null || typeof space !== 'object' || Array.isArray(space) || Object.keys(space).length === 0) {
    throw new TuneError(
      `${caller}: space must be an object of dimensions such as { lr: logUniform(1e-4, 1) }, got ${describe(space)}`,
    );
  }
  for (const [name, dimension] of Object.entries(space)) {
    if (
      dimension === null ||
      typeof dimension !== 'object' ||
      typeof (dimension as { sample?: unknown }).sample !== 'function'
    ) {
      throw new TuneError(
        `${caller}: space.${name} is not a dimension (uniform, logUniform, intUniform, choice, …), got ${describe(dimension)}`,
      );
    }
  }
  // A study's tasks are drawn up front: a million trials is far beyond any study, and a typo
  // such as 1e9 would exhaust memory before the first trial.
  if (!(Number.isInteger(o.trials) && (o.trials as number) >= 1 && (o.trials as number) <= MAX_TRIALS)) {
    throw new TuneError(`${caller}: trials must be a positive integer up to ${MAX_TRIALS}, got ${describe(o.trials)}`);
  }
  if (o.seed !== undefined && typeof o.seed !== 'string' && !(Number.isInteger(o.seed) && (o.seed as number) >= 0)) {
    throw new TuneError(`${caller}: seed must be an integer ≥ 0 or a string, got ${describe(o.seed)}`);
  }
  const optimize = o.optimize as { metric?: unknown; goal?: unknown } | undefined;
  if (
    optimize === null ||
    typeof optimize !== 'object' ||
    typeof optimize.metric !== 'string' ||
    optimize.metric === ''
  ) {
    throw new TuneError(`${caller}: optimize must be { metric: 'devError', goal: 'min' }, got ${describe(optimize)}`);
  }
  if (optimize.goal !== 'min' && optimize.goal !== 'max') {
    throw new TuneError(`${caller}: optimize.goal must be 'min' or 'max', got ${describe(optimize.goal)}`);
  }
  if (
    o.trialTimeoutMs !== undefined &&
    !(typeof o.trialTimeoutMs === 'number' && o.trialTimeoutMs > 0 && o.trialTimeoutMs <= 2 ** 31 - 1)
  ) {
    throw new TuneError(
      `${caller}: trialTimeoutMs must be a positive number of milliseconds (at most 2^31 − 1), got ${describe(o.trialTimeoutMs)}; leave it out for no limit`,
    );
  }
  const maxFailures = o.maxFailures;
  if (
    maxFailures !== undefined &&
    !(maxFailures === Number.POSITIVE_INFINITY || (Number.isSafeInteger(maxFailures) && (maxFailures as number) >= 0))
  ) {
    throw new TuneError(`${caller}: maxFailures must be an integer ≥ 0 (or Infinity), got ${describe(maxFailures)}`);
  }
  if (o.completed !== undefined) {
    if (!Array.isArray(o.completed))
      throw new TuneError(`${caller}: completed must be an array of trials, got ${describe(o.completed)}`);
    const bad = o.completed.findIndex(
      (t) =>
        t === null ||
        typeof t !== 'object' ||
        !Number.isInteger((t as { id?: unknown }).id) ||
        typeof (t as { metrics?: unknown }).metrics !== 'object',
    );
    if (bad >= 0)
      throw new TuneError(
        `${caller}: completed[${bad}] is not a trial { id, params, metrics }, got ${describe(o.completed[bad])}`,
      );
  }
  for (const name of ['objective', 'onTrial', 'onTrialAsync', 'onFailure']) {
    if (o[name] !== undefined && typeof o[name] !== 'function') {
      throw new TuneError(`${caller}: ${name} must be a function, got ${describe(o[name])}`);
    }
  }
  const executor = o.executor as { run?: unknown } | undefined;
  if (
    executor !== undefined &&
    (executor === null || typeof executor !== 'object' || typeof executor.run !== 'function')
  ) {
    throw new TuneError(
      `${caller}: executor must be inProcess(…), workerThreads(…) or bullmq(…), got ${describe(executor)}`,
    );
  }
}
