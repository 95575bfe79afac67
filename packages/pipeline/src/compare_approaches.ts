import { takeRows } from '@mlrecipe/data';
import { bootstrapMeanInterval, type MeanInterval } from '@mlrecipe/metrics';
import { createRng } from '@mlrecipe/tensor';
import { PipelineError } from './errors.js';
import type { Split } from './evaluate.js';

/** The sets a comparison measures. `train` is each run's own subset; the others are fixed. */
export type ComparisonSet = 'train' | 'trainDev' | 'dev' | 'test';

/** What an approach's `run` is given: its training subset, the fixed sets, the size and the seed. */
export interface ApproachRunInput {
  readonly train: Split;
  readonly test: Split;
  /** The dev set for monitoring, choices and the diagnosis (given when the comparison has one). */
  readonly dev?: Split;
  /** The train-dev set: training distribution, never trained on (given when the comparison has one). */
  readonly trainDev?: Split;
  readonly size: number;
  readonly seed: number;
}

/** What one run returns: the task's error on each set it was given, and optionally per-example errors. */
export interface ApproachResult {
  readonly trainError: number;
  readonly testError: number;
  /** Required when the comparison has a dev set. */
  readonly devError?: number;
  /** Required when the comparison has a train-dev set. */
  readonly trainDevError?: number;
  /**
   * Per-example errors set by set (absolute errors for a mean absolute error, 0/1 for an error
   * rate), whose mean is the set's error: with them every point gets bootstrap intervals and the
   * leader's margin over the runner-up is tested on paired examples.
   */
  readonly perExample?: Readonly<Partial<Record<ComparisonSet, ArrayLike<number>>>>;
}

/** One way to solve the task, e.g. a two-step component pipeline or a single end-to-end model. */
export interface Approach {
  readonly name: string;
  /** Trains on `train` (a subset of `size` rows) and returns the task's error on it and on every fixed set given. */
  run(input: ApproachRunInput): Promise<ApproachResult> | ApproachResult;
}

/** A metric over seeds: its mean, sample standard deviation and every value. */
export interface Spread {
  readonly mean: number;
  /** Sample standard deviation over seeds (0 with one seed). */
  readonly std: number;
  readonly values: readonly number[];
}

/** One point of a learning curve: the errors at one training-set size, over seeds. */
export interface CurvePoint {
  readonly size: number;
  readonly trainError: Spread;
  readonly testError: Spread;
  readonly devError?: Spread;
  readonly trainDevError?: Spread;
  /**
   * Percentile-bootstrap intervals of each set's seed-mean error, from the per-example errors (when
   * the approach returns them): over the fixed sets' examples (each example's error averaged over
   * seeds) and, for train, over every seed's subset pooled. They say how sure the figure is given
   * the examples measured, not how much it varies with the seed (`std` says that).
   */
  readonly intervals?: Readonly<Partial<Record<ComparisonSet, MeanInterval>>>;
  readonly seconds: number;
}

/** One approach's learning curve: at each training-set size, the errors over seeds. */
export interface ApproachCurve {
  readonly approach: string;
  readonly points: readonly CurvePoint[];
}

/** The approach chosen at one size, on which set, and by how much it beats the runner-up. */
export interface Leader {
  readonly size: number;
  readonly approach: string;
  /** The set the choice was made on: dev when the comparison has one (the recipe's rule), else test. */
  readonly chosenOn: 'dev' | 'test';
  readonly runnerUp?: string;
  /**
   * The runner-up's error minus the leader's on the same examples of `chosenOn` (paired, averaged
   * over seeds), with its bootstrap interval; present when both return per-example errors.
   */
  readonly margin?: MeanInterval;
  /** The margin's interval lies above 0: the data support the choice. Null without a margin. */
  readonly decided: boolean | null;
}

/** The result of `compareApproaches`: every approach's curve, the leader at each size and where the leader changes. */
export interface Comparison {
  readonly curves: readonly ApproachCurve[];
  /** The approach with the lowest mean error at each size, on dev when there is one (references excluded). */
  readonly leaders: readonly Leader[];
  /** Sizes where the leader changes (where, e.g., end-to-end starts to win). */
  readonly crossovers: readonly { readonly size: number; readonly from: string; readonly to: string }[];
}

/** Options of `compareApproaches`: the approaches, the data, the training-set sizes and the seeds. */
export interface CompareOptions {
  approaches: readonly Approach[];
  /**
   * Training rows to draw subsets from, and the fixed sets every run is measured on: test (final
   * figures), and, as the recipe says, dev (choices, diagnosis) and train-dev (variance apart from
   * data mismatch) when you have them.
   */
  data: { train: Split; test: Split; dev?: Split; trainDev?: Split };
  /** Training-set sizes, e.g. [100, 300, 1000, 3000]. Subsets are nested: each size extends the smaller ones. */
  sizes: readonly number[];
  /** One run per seed at each size (the spread shows how much a result is luck). Default [1]. */
  seeds?: readonly number[];
  /**
   * Names of approaches measured for context only (an oracle, an upper bound): they get curves
   * but are never chosen as a leader.
   */
  references?: readonly string[];
  /** Confidence of the intervals. Default 0.95. */
  confidence?: number;
  /** Bootstrap resamples of the intervals. Default 1,000. */
  resamples?: number;
  /** Called after every run (for progress). */
  onRun?: (
    run: { approach: string; size: number; seed: number; seconds: number } & Omit<ApproachResult, 'perExample'>,
  ) => void;
}

/**
 * Runs each approach at several training-set sizes and returns learning curves of test error, so
 * users see where one approach overtakes another. The course's lesson: an end-to-end model needs
 * much more data; with little, hand-designed components carry knowledge the data cannot.
 *
 * With a dev set the leader at each size is chosen on dev, and the test set gives the final
 * figures only; with per-example errors every figure gets an interval and each choice says whether
 * the data support it (`leaders[i].decided`).
 *
 * @example
 * const { curves, leaders } = await compareApproaches({
 *   approaches: [twoStep, endToEnd],
 *   data: { train, dev, trainDev, test },
 *   sizes: [100, 1000, 10000],
 * });
 */
export async function compareApproaches(options: CompareOptions): Promise<Comparison> {
  const { approaches, data, sizes } = options;
  const seeds = options.seeds ?? [1];
  const available = data?.train?.y?.shape?.[0] ?? 0;
  if (!Array.isArray(approaches) || approaches.length === 0)
    throw new PipelineError('compareApproaches: give at least one approach ({ name, run })');
  if (new Set(approaches.map((a) => a.name)).size !== approaches.length)
    throw new PipelineError(
      `compareApproaches: approach names must differ, got ${approaches.map((a) => a.name).join(', ')}`,
    );
  if ((data?.test?.y?.shape?.[0] ?? 0) === 0) throw new PipelineError('compareApproaches: the test set is empty');
  for (const name of ['dev', 'trainDev'] as const) {
    if (data[name] !== undefined && (data[name]?.y?.shape?.[0] ?? 0) === 0)
      throw new PipelineError(`compareApproaches: the ${name} set is empty; leave it out or give it rows`);
  }
  if (!Array.isArray(sizes) || sizes.length === 0)
    throw new PipelineError('compareApproaches: give training-set sizes, e.g. [100, 300, 1000]');
  for (const size of sizes) {
    if (!(Number.isInteger(size) && size >= 1 && size <= available)) {
      throw new PipelineError(
        `compareApproaches: size ${size} must be an integer from 1 to the ${available} training rows available`,
      );
    }
  }
  if (!Array.isArray(seeds) || seeds.length === 0) throw new PipelineError('compareApproaches: give at least one seed');
  const confidence = options.confidence ?? 0.95;
  if (!(typeof confidence === 'number' && confidence > 0 && confidence < 1))
    throw new PipelineError(`compareApproaches: confidence must be in (0, 1), e.g. 0.95, got ${String(confidence)}`);
  const resampling = { confidence, resamples: options.resamples ?? 1000, seed: 0 };
  const references = new Set(options.references ?? []);
  for (const name of references) {
    if (!approaches.some((a) => a.name === name))
      throw new PipelineError(
        `compareApproaches: reference '${String(name)}' is not one of the approaches (${approaches.map((a) => a.name).join(', ')})`,
      );
  }
  if (references.size === approaches.length)
    throw new PipelineError('compareApproaches: every approach is a reference; leave at least one to choose from');
  const ordered = [...sizes].sort((a, b) => a - b);
  const results = new Map<string, Accumulated>();
  for (const seed of seeds) {
    const order = createRng(seed).fork('compareApproaches').permutation(available);
    for (const size of ordered) {
      const rows = order.subarray(0, size);
      const subset = { x: takeRows(data.train.x, rows), y: takeRows(data.train.y, rows) };
      const given = {
        train: subset,
        test: data.test,
        ...(data.dev ? { dev: data.dev } : {}),
        ...(data.trainDev ? { trainDev: data.trainDev } : {}),
      };
      for (const approach of approaches) {
        const started = performance.now();
        const result = await approach.run({ ...given, size, seed });
        const seconds = (performance.now() - started) / 1000;
        const errors = checkResult(result, approach.name, size, given);
        const key = `${approach.name}\u0000${size}`;
        const entry = results.get(key) ?? { errors: {}, examples: {}, seconds: 0 };
        for (const [name, value] of Object.entries(errors) as [ComparisonSet, number][]) {
          entry.errors[name] = [...(entry.errors[name] ?? []), value];
          const perExample = result.perExample?.[name];
          if (perExample !== undefined)
            entry.examples[name] = [...(entry.examples[name] ?? []), Float64Array.from(perExample)];
        }
        entry.seconds += seconds;
        results.set(key, entry);
        const { perExample: _, ...reported } = result;
        options.onRun?.({ ...reported, approach: approach.name, size, seed, seconds });
      }
    }
  }
  const seedCount = seeds.length;
  const curves: ApproachCurve[] = approaches.map((a) => ({
    approach: a.name,
    points: ordered.map((size) => {
      const r = results.get(`${a.name}\u0000${size}`)!;
      const intervals: Partial<Record<ComparisonSet, MeanInterval>> = {};
      for (const [name, runs] of Object.entries(r.examples) as [ComparisonSet, Float64Array[]][]) {
        if (runs.length !== seedCount) continue;
        const values = name === 'train' ? concat(runs) : meanOverSeeds(runs);
        intervals[name] = bootstrapMeanInterval(values, resampling);
      }
      return {
        size,
        trainError: spread(r.errors.train!),
        testError: spread(r.errors.test!),
        ...(r.errors.dev ? { devError: spread(r.errors.dev) } : {}),
        ...(r.errors.trainDev ? { trainDevError: spread(r.errors.trainDev) } : {}),
        ...(Object.keys(intervals).length > 0 ? { intervals } : {}),
        seconds: r.seconds / seedCount,
      };
    }),
  }));
  const chosenOn: 'dev' | 'test' = data.dev === undefined ? 'test' : 'dev';
  const errorOn = (c: ApproachCurve, i: number) =>
    (chosenOn === 'dev' ? c.points[i]!.devError! : c.points[i]!.testError).mean;
  const leaders = ordered.map((size, i): Leader => {
    const ranked = curves.filter((c) => !references.has(c.approach)).sort((p, q) => errorOn(p, i) - errorOn(q, i));
    const best = ranked[0]!;
    const runnerUp = ranked[1];
    if (runnerUp === undefined) return { size, approach: best.approach, chosenOn, decided: null };
    const margin = pairedMargin(results, best.approach, runnerUp.approach, size, chosenOn, seedCount, resampling);
    return {
      size,
      approach: best.approach,
      chosenOn,
      runnerUp: runnerUp.approach,
      ...(margin ? { margin } : {}),
      decided: margin ? margin.low > 0 : null,
    };
  });
  const crossovers = leaders.flatMap((l, i) =>
    i > 0 && l.approach !== leaders[i - 1]!.approach
      ? [{ size: l.size, from: leaders[i - 1]!.approach, to: l.approach }]
      : [],
  );
  return { curves, leaders, crossovers };
}

interface Accumulated {
  errors: Partial<Record<ComparisonSet, number[]>>;
  examples: Partial<Record<ComparisonSet, Float64Array[]>>;
  seconds: number;
}

/** Checks one run's result against the sets it was given and returns its error per set. */
function checkResult(
  result: ApproachResult,
  name: string,
  size: number,
  given: Partial<Record<ComparisonSet, Split>>,
): Partial<Record<ComparisonSet, number>> {
  const where = `compareApproaches: '${name}' at size ${size}`;
  if (result === null || typeof result !== 'object')
    throw new PipelineError(`${where} returned ${String(result)}; run must return { trainError, testError, … }`);
  const fields: Record<ComparisonSet, keyof ApproachResult> = {
    train: 'trainError',
    test: 'testError',
    dev: 'devError',
    trainDev: 'trainDevError',
  };
  const errors: Partial<Record<ComparisonSet, number>> = {};
  for (const set of Object.keys(given) as ComparisonSet[]) {
    const value = result[fields[set]];
    if (!(typeof value === 'number' && Number.isFinite(value))) {
      throw new PipelineError(
        `${where} returned ${fields[set]} ${String(value)}; run must return a finite ${fields[set]} for every set it is given`,
      );
    }
    errors[set] = value;
    const perExample = result.perExample?.[set];
    if (perExample === undefined) continue;
    const rows = given[set]!.y.shape[0]!;
    if (perExample.length !== rows)
      throw new PipelineError(
        `${where} returned ${perExample.length} per-example errors for ${set}, which has ${rows} rows; give one error per row`,
      );
    let sum = 0;
    for (let i = 0; i < rows; i++) {
      const v = perExample[i]!;
      if (!Number.isFinite(v))
        throw new PipelineError(`${where}: per-example ${set} error ${i} is ${v}; every error must be finite`);
      sum += v;
    }
    // The per-example errors must be the ones the reported error averages, or the intervals describe another number.
    if (Math.abs(sum / rows - value) > 1e-4 * Math.max(1, Math.abs(value)))
      throw new PipelineError(
        `${where}: the mean of the per-example ${set} errors is ${sum / rows}, but ${fields[set]} is ${value}; they must agree`,
      );
  }
  return errors;
}

/** The runner-up's per-example error minus the leader's on the choice set, averaged over seeds, with its interval. */
function pairedMargin(
  results: ReadonlyMap<string, Accumulated>,
  leader: string,
  runnerUp: string,
  size: number,
  set: 'dev' | 'test',
  seedCount: number,
  resampling: { confidence: number; resamples: number; seed: number },
): MeanInterval | undefined {
  const a = results.get(`${leader}\u0000${size}`)!.examples[set];
  const b = results.get(`${runnerUp}\u0000${size}`)!.examples[set];
  if (a?.length !== seedCount || b?.length !== seedCount) return undefined;
  const best = meanOverSeeds(a);
  const next = meanOverSeeds(b);
  return bootstrapMeanInterval(
    next.map((v, i) => v - best[i]!),
    resampling,
  );
}

/** Each example's error averaged over seeds (the fixed sets have the same rows in every run). */
function meanOverSeeds(runs: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(runs[0]!.length);
  for (const run of runs) for (let i = 0; i < out.length; i++) out[i]! += run[i]! / runs.length;
  return out;
}

function concat(runs: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(runs.reduce((n, r) => n + r.length, 0));
  let at = 0;
  for (const run of runs) {
    out.set(run, at);
    at += run.length;
  }
  return out;
}

/**
 * The set a comparison's curves are read on: dev when every point has a dev error (the choices were
 * made there), else test.
 */
export function choiceSet(curves: readonly ApproachCurve[]): 'dev' | 'test' {
  return curves.every((c) => c.points.every((p) => p.devError !== undefined)) ? 'dev' : 'test';
}

function spread(values: readonly number[]): Spread {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, std: Math.sqrt(variance), values: [...values] };
}
