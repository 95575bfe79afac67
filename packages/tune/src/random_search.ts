import { createRng } from '@mlrecipe/core';
import { type Candidate, type Selection, type SelectModelOptions, selectModel } from '@mlrecipe/metrics';
import { TuneError } from './errors.js';
import { type Executor, inProcess, type Objective, type TrialTask } from './executor.js';
import { type ParamsOf, type Space, sampleSpace } from './space.js';
import {
  describe,
  type FailedTrial,
  type FailureKind,
  metricsProblem,
  reasonOf,
  StudyFailedError,
} from './trial_failure.js';
import { checkSearchOptions, positiveInteger } from './validate.js';

/** One finished trial: its id, the configuration drawn (typed by the space) and its metrics. */
export interface Trial<P = Readonly<Record<string, unknown>>> {
  readonly id: number;
  readonly params: P;
  readonly metrics: Readonly<Record<string, number>>;
}

/** A search over `space`; the objective's parameters are typed by it (`ParamsOf<S>`). */
export interface SearchOptions<S extends Space = Space> extends SelectModelOptions {
  space: S;
  /** Trains and evaluates one configuration; returns its metrics (e.g. { devError, runtimeMs }). Needed unless an executor runs it. */
  objective?: Objective<ParamsOf<S>>;
  /** Runs the trials: inProcess(objective) by default; workerThreads(...) from '@mlrecipe/tune/node' for many at once. */
  executor?: Executor;
  trials: number;
  seed?: number | string;
  /** Finished trials to keep (a resumed study): their ids are not run again. */
  completed?: readonly Trial[];
  /** Called after each trial, in finishing order (progress bars, logs). */
  onTrial?: (trial: Trial<ParamsOf<S>>, done: number, total: number) => void;
  /** Awaited after each trial, in finishing order (persist it: studyFile(path).append). */
  onTrialAsync?: (trial: Trial<ParamsOf<S>>) => Promise<void>;
  /** A trial running longer than this fails with 'timeout' and the study goes on. Default: no limit. */
  trialTimeoutMs?: number;
  /**
   * How many trials may fail (throw, non-finite metric, timeout, worker lost after its retries)
   * before the study gives up with StudyFailedError. Default: no bound — failed trials are
   * recorded in `failures` and the study always finishes.
   */
  maxFailures?: number;
  /** Called for each failed trial, with why (logs). */
  onFailure?: (failure: FailedTrial) => void;
}

/** Every trial, the choice over them, and the chosen trial (`null` when none satisfies the bounds). */
export interface SearchResult<P = Readonly<Record<string, unknown>>> {
  /** The completed trials, by id. */
  readonly trials: readonly Trial<P>[];
  /** The trials that failed, by id, each with its kind and reason. */
  readonly failures: readonly FailedTrial[];
  /** The optimizing/satisficing choice over the trials (selectModel from @mlrecipe/metrics). */
  readonly selection: Selection;
  readonly best: Trial<P> | null;
}

/**
 * Random search, the recipe's choice over grid search: with a grid of 5 × 5 over learning rate and
 * a parameter that does not matter, 25 trials try only 5 learning rates; 25 random trials try 25.
 * Trials run one after another by default ("panda"), or in parallel with an executor ("caviar");
 * results are chosen with selectModel.
 */
export async function randomSearch<S extends Space>(
  options: SearchOptions<S>,
  firstId = 0,
): Promise<SearchResult<ParamsOf<S>>> {
  checkSearchOptions(options, 'randomSearch');
  const { space, objective, trials, seed = 0, onTrial, onTrialAsync, maxFailures = Number.POSITIVE_INFINITY } = options;
  // The executor sees plain records; they are ParamsOf<S> by construction (drawn from this space).
  const executor =
    options.executor ?? (typeof objective === 'function' ? inProcess(objective as Objective) : undefined);
  if (executor === undefined) throw new TuneError('randomSearch: give an objective function or an executor');
  const rng = createRng(seed);
  // Completed trials come from a study file of this same space (studyFile(path).load()), untyped on disk.
  const done = [...(options.completed ?? [])] as Trial<ParamsOf<S>>[];
  const failures: FailedTrial[] = [];
  const finished = new Set(done.map((t) => t.id));
  // A trial's configuration depends only on the seed and its id, so a resumed study draws the same ones.
  const tasks = Array.from({ length: trials }, (_, i) => firstId + i)
    .filter((id) => !finished.has(id))
    .map((id) => ({ id, params: sampleSpace(space, rng.fork(`trial-${id}`)) }));
  let persisted = Promise.resolve();
  let failure: unknown;
  let gaveUp = false;
  const recordFailure = (task: Pick<TrialTask, 'id' | 'params'>, kind: FailureKind, reason: string) => {
    if (finished.has(task.id)) return;
    finished.add(task.id);
    const failed: FailedTrial = { id: task.id, params: task.params, kind, reason };
    failures.push(failed);
    options.onFailure?.(failed);
    if (failures.length > maxFailures) gaveUp = true;
  };
  try {
    await executor.run(
      tasks,
      (task, metrics) => {
        if (finished.has(task.id)) return;
        // A NaN objective is caught as its trial ends, not after the study.
        const problem = metricsProblem(metrics);
        if (problem !== null) {
          recordFailure(task, 'nonFinite', problem);
          return;
        }
        finished.add(task.id);
        const trial = { id: task.id, params: task.params as ParamsOf<S>, metrics };
        done.push(trial);
        try {
          onTrial?.(trial, done.length, trials);
        } catch (error) {
          failure ??= error;
        }
        if (onTrialAsync !== undefined) persisted = persisted.then(() => onTrialAsync(trial));
      },
      {
        onFailure: recordFailure,
        ...(options.trialTimeoutMs === undefined ? {} : { trialTimeoutMs: options.trialTimeoutMs }),
        cancelled: () => gaveUp,
      },
    );
  } catch (error) {
    failure ??= error;
  }
  // Finished trials are persisted even when the study fails, so it can resume.
  await persisted;
  done.sort((a, b) => a.id - b.id);
  failures.sort((a, b) => a.id - b.id);
  if (gaveUp) {
    throw new StudyFailedError(
      `randomSearch: ${failures.length} trials failed, more than maxFailures = ${maxFailures}; ` +
        `${done.length} completed trial(s) are kept in error.completed. Failures:\n` +
        failures.map((f) => `  trial ${f.id} (${f.kind}): ${f.reason.split('\n')[0]}`).join('\n'),
      done,
      failures,
    );
  }
  if (failure !== undefined) {
    if (failure instanceof StudyFailedError) throw failure;
    throw new StudyFailedError(
      `randomSearch: the study stopped: ${reasonOf(failure)}; ${done.length} completed trial(s) are kept in error.completed`,
      done,
      failures,
      { cause: failure },
    );
  }
  return { ...choose(done, options), failures };
}

/**
 * Coarse to fine: a first random search over the whole space, then `rounds` more, each over the
 * region spanned by the best `keep` trials so far (widened a little), on each dimension's own scale.
 */
export async function coarseToFine<S extends Space>(
  options: SearchOptions<S> & { rounds?: number; keep?: number },
): Promise<SearchResult<ParamsOf<S>> & { spaces: S[] }> {
  checkSearchOptions(options, 'coarseToFine');
  const { rounds = 1, keep = 3 } = options;
  if (!(Number.isInteger(rounds) && rounds >= 0 && rounds <= 1000))
    throw new TuneError(`coarseToFine: rounds must be an integer in [0, 1000], got ${describe(rounds)}`);
  positiveInteger(keep, 'keep', 'coarseToFine');
  let space = options.space;
  const spaces: S[] = [space];
  let all: Trial<ParamsOf<S>>[] = [];
  const failures: FailedTrial[] = [];
  for (let round = 0; round <= rounds; round++) {
    // Ids continue across rounds whether or not trials failed.
    const result = await randomSearch(
      { ...options, space, seed: `${options.seed ?? 0}/round-${round}` },
      round * options.trials,
    );
    all = [...all, ...result.trials];
    failures.push(...result.failures);
    if (round === rounds) break;
    const ranked = choose(all, options).selection.ranking.slice(0, keep);
    const best = all.filter((t) => ranked.some((c) => c.name === String(t.id)));
    if (best.length === 0) break;
    // Narrowing keeps each dimension's kind and value type, so the narrowed space is still an S.
    space = Object.fromEntries(
      Object.entries(space).map(([name, dim]) => [
        name,
        dim.narrow(best.map((t) => (t.params as Readonly<Record<string, unknown>>)[name]) as never[]),
      ]),
    ) as S;
    spaces.push(space);
  }
  return { ...choose(all, options), failures, spaces };
}

function choose<P>(trials: Trial<P>[], options: SelectModelOptions): Omit<SearchResult<P>, 'failures'> {
  const candidates: Candidate[] = trials.map((t) => ({ name: String(t.id), metrics: t.metrics }));
  const selection = selectModel(candidates, {
    optimize: options.optimize,
    ...(options.satisfice ? { satisfice: options.satisfice } : {}),
  });
  const best = selection.best === null ? null : (trials.find((t) => String(t.id) === selection.best!.name) ?? null);
  return { trials, selection, best };
}
