import { type Candidate, type Selection, type SelectModelOptions, selectModel } from '@mlrecipe/metrics';
import { createRng } from '@mlrecipe/tensor/rng';
import { TuneError } from './errors.js';
import { type Executor, inProcess, type Objective } from './executor.js';
import { type ParamsOf, type Space, sampleSpace } from './space.js';

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
}

/** Every trial, the choice over them, and the chosen trial (`null` when none satisfies the bounds). */
export interface SearchResult<P = Readonly<Record<string, unknown>>> {
  readonly trials: readonly Trial<P>[];
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
  const { space, objective, trials, seed = 0, onTrial, onTrialAsync } = options;
  if (!(Number.isInteger(trials) && trials >= 1)) {
    throw new TuneError(`randomSearch: trials must be a positive integer, got ${trials}`);
  }
  // The executor sees plain records; they are ParamsOf<S> by construction (drawn from this space).
  const executor =
    options.executor ?? (typeof objective === 'function' ? inProcess(objective as Objective) : undefined);
  if (executor === undefined) throw new TuneError('randomSearch: give an objective function or an executor');
  const rng = createRng(seed);
  // Completed trials come from a study file of this same space (studyFile(path).load()), untyped on disk.
  const done = [...(options.completed ?? [])] as Trial<ParamsOf<S>>[];
  const finished = new Set(done.map((t) => t.id));
  // A trial's configuration depends only on the seed and its id, so a resumed study draws the same ones.
  const tasks = Array.from({ length: trials }, (_, i) => firstId + i)
    .filter((id) => !finished.has(id))
    .map((id) => ({ id, params: sampleSpace(space, rng.fork(`trial-${id}`)) }));
  let persisted = Promise.resolve();
  let failure: unknown;
  try {
    await executor.run(tasks, (task, metrics) => {
      const trial = { id: task.id, params: task.params as ParamsOf<S>, metrics };
      done.push(trial);
      onTrial?.(trial, done.length, trials);
      if (onTrialAsync !== undefined) persisted = persisted.then(() => onTrialAsync(trial));
    });
  } catch (error) {
    failure = error;
  }
  // Finished trials are persisted even when a later one fails, so the study can resume.
  await persisted;
  if (failure !== undefined) throw failure;
  done.sort((a, b) => a.id - b.id);
  return choose(done, options);
}

/**
 * Coarse to fine: a first random search over the whole space, then `rounds` more, each over the
 * region spanned by the best `keep` trials so far (widened a little), on each dimension's own scale.
 */
export async function coarseToFine<S extends Space>(
  options: SearchOptions<S> & { rounds?: number; keep?: number },
): Promise<SearchResult<ParamsOf<S>> & { spaces: S[] }> {
  const { rounds = 1, keep = 3 } = options;
  if (!(Number.isInteger(rounds) && rounds >= 0))
    throw new TuneError(`coarseToFine: rounds must be an integer ≥ 0, got ${rounds}`);
  let space = options.space;
  const spaces: S[] = [space];
  let all: Trial<ParamsOf<S>>[] = [];
  for (let round = 0; round <= rounds; round++) {
    const result = await randomSearch({ ...options, space, seed: `${options.seed ?? 0}/round-${round}` }, all.length);
    all = [...all, ...result.trials];
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
  return { ...choose(all, options), spaces };
}

function choose<P>(trials: Trial<P>[], options: SelectModelOptions): SearchResult<P> {
  const candidates: Candidate[] = trials.map((t) => ({ name: String(t.id), metrics: t.metrics }));
  const selection = selectModel(candidates, {
    optimize: options.optimize,
    ...(options.satisfice ? { satisfice: options.satisfice } : {}),
  });
  const best = selection.best === null ? null : (trials.find((t) => String(t.id) === selection.best!.name) ?? null);
  return { trials, selection, best };
}
