import { takeRows } from '@mlrecipe/data';
import { createRng } from '@mlrecipe/tensor';
import { PipelineError } from './errors.js';
import type { Split } from './evaluate.js';

/** One way to solve the task, e.g. a two-step component pipeline or a single end-to-end model. */
export interface Approach {
  readonly name: string;
  /** Trains on `train` (a subset of `size` rows) and returns the task's error on it and on `test`. */
  run(input: {
    train: Split;
    test: Split;
    size: number;
    seed: number;
  }): Promise<{ trainError: number; testError: number }> | { trainError: number; testError: number };
}

/** A metric over seeds: its mean, sample standard deviation and every value. */
export interface Spread {
  readonly mean: number;
  /** Sample standard deviation over seeds (0 with one seed). */
  readonly std: number;
  readonly values: readonly number[];
}

/** One approach's learning curve: at each training-set size, train and test error over seeds. */
export interface ApproachCurve {
  readonly approach: string;
  readonly points: readonly {
    readonly size: number;
    readonly trainError: Spread;
    readonly testError: Spread;
    readonly seconds: number;
  }[];
}

/** The result of `compareApproaches`: every approach's curve, the leader at each size and where the leader changes. */
export interface Comparison {
  readonly curves: readonly ApproachCurve[];
  /** The approach with the lowest mean test error at each size. */
  readonly leaders: readonly { readonly size: number; readonly approach: string }[];
  /** Sizes where the leader changes (where, e.g., end-to-end starts to win). */
  readonly crossovers: readonly { readonly size: number; readonly from: string; readonly to: string }[];
}

/** Options of `compareApproaches`: the approaches, the data, the training-set sizes and the seeds. */
export interface CompareOptions {
  approaches: readonly Approach[];
  /** Training rows to draw subsets from, and the fixed test set every run is measured on. */
  data: { train: Split; test: Split };
  /** Training-set sizes, e.g. [100, 300, 1000, 3000]. Subsets are nested: each size extends the smaller ones. */
  sizes: readonly number[];
  /** One run per seed at each size (the spread shows how much a result is luck). Default [1]. */
  seeds?: readonly number[];
  /** Called after every run (for progress). */
  onRun?: (run: {
    approach: string;
    size: number;
    seed: number;
    trainError: number;
    testError: number;
    seconds: number;
  }) => void;
}

/**
 * Runs each approach at several training-set sizes and returns learning curves of test error, so
 * users see where one approach overtakes another. The course's lesson: an end-to-end model needs
 * much more data; with little, hand-designed components carry knowledge the data cannot.
 *
 * @example
 * const { curves, crossovers } = await compareApproaches({ approaches: [twoStep, endToEnd], data, sizes: [100, 1000, 10000] });
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
  if (!Array.isArray(sizes) || sizes.length === 0)
    throw new PipelineError('compareApproaches: give training-set sizes, e.g. [100, 300, 1000]');
  for (const size of sizes) {
    if (!(Number.isInteger(size) && size >= 1 && size <= available)) {
      throw new PipelineError(
        `compareApproaches: size ${size} must be an integer from 1 to the ${available} training rows available`,
      );
    }
  }
  if (seeds.length === 0) throw new PipelineError('compareApproaches: give at least one seed');
  const ordered = [...sizes].sort((a, b) => a - b);
  const results = new Map<string, { train: number[]; test: number[]; seconds: number }>();
  for (const seed of seeds) {
    const order = createRng(seed).fork('compareApproaches').permutation(available);
    for (const size of ordered) {
      const rows = order.subarray(0, size);
      const subset = { x: takeRows(data.train.x, rows), y: takeRows(data.train.y, rows) };
      for (const approach of approaches) {
        const started = performance.now();
        const { trainError, testError } = await approach.run({ train: subset, test: data.test, size, seed });
        const seconds = (performance.now() - started) / 1000;
        if (!(Number.isFinite(trainError) && Number.isFinite(testError))) {
          throw new PipelineError(
            `compareApproaches: '${approach.name}' at size ${size} returned errors ${trainError}, ${testError}; run must return finite numbers`,
          );
        }
        const key = `${approach.name}\u0000${size}`;
        const entry = results.get(key) ?? { train: [], test: [], seconds: 0 };
        entry.train.push(trainError);
        entry.test.push(testError);
        entry.seconds += seconds;
        results.set(key, entry);
        options.onRun?.({ approach: approach.name, size, seed, trainError, testError, seconds });
      }
    }
  }
  const curves = approaches.map((a) => ({
    approach: a.name,
    points: ordered.map((size) => {
      const r = results.get(`${a.name}\u0000${size}`)!;
      return { size, trainError: spread(r.train), testError: spread(r.test), seconds: r.seconds / seeds.length };
    }),
  }));
  const leaders = ordered.map((size, i) => ({
    size,
    approach: curves.reduce((best, c) => (c.points[i]!.testError.mean < best.points[i]!.testError.mean ? c : best))
      .approach,
  }));
  const crossovers = leaders.flatMap((l, i) =>
    i > 0 && l.approach !== leaders[i - 1]!.approach
      ? [{ size: l.size, from: leaders[i - 1]!.approach, to: l.approach }]
      : [],
  );
  return { curves, leaders, crossovers };
}

function spread(values: readonly number[]): Spread {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, std: Math.sqrt(variance), values: [...values] };
}
