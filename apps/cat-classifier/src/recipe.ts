import { devSizeFor, mismatchSplit, takeRows } from '@mlrecipe/data';
import { bootstrapInterval, f1Score, measureLatency, selectModel } from '@mlrecipe/metrics';
import { softmaxCrossEntropy } from '@mlrecipe/nn';
import { adam } from '@mlrecipe/optim';
import { type EpochRecord, type Iteration, iterate, type ProgressMode, type ReportImage } from '@mlrecipe/pipeline';
import { tf } from '@mlrecipe/tensor';
import type { CandidateSpec } from './candidates.js';
import type { MismatchData } from './mismatch_data.js';
import { scalePixels } from './pixels.js';
import { pngDataUrl } from './thumbnail.js';

export interface RecipeOptions {
  readonly candidates: readonly CandidateSpec[];
  readonly epochs: number;
  readonly batchSize?: number;
  readonly seed: number;
  /** Human-level error; default: the data's own estimate. */
  readonly humanLevel?: number;
  /** The satisficing metric's bound: milliseconds per picture. */
  readonly maxLatencyMs: number;
  /** Share of app pictures for dev and for test (default 0.25 each; the other half trains). */
  readonly devShare?: number;
  readonly trainDevSize?: number;
  /** Leave the app pictures out of training (to see data mismatch at its worst). */
  readonly noAppInTrain?: boolean;
  readonly progress?: ProgressMode;
  readonly onCandidate?: (name: string, index: number, total: number) => void;
  /** Rows of train whose error is reported each epoch (seeded, both sources in their shares). Default 5,000. */
  readonly trainSample?: number;
  /** Each evaluated epoch's record (live curves). */
  readonly onEpochEnd?: (record: EpochRecord) => void;
  /** Each training batch's loss (live curves). */
  readonly onBatch?: (loss: number) => void;
}

export interface CandidateResult {
  readonly name: string;
  readonly devF1: number;
  readonly devError: number;
  readonly latencyMs: number;
  readonly parameters: number;
  readonly devPredictions: ArrayLike<number>;
  /** The dev F1's 95 % bootstrap interval. */
  readonly devF1Interval: { readonly low: number; readonly high: number };
  readonly iteration: Iteration;
}

export interface RecipeResult {
  readonly chosen: CandidateResult;
  readonly candidates: readonly CandidateResult[];
  readonly rejected: readonly { readonly name: string; readonly reasons: readonly string[] }[];
  readonly split: {
    readonly trainWeb: number;
    readonly trainApp: number;
    readonly trainDev: number;
    readonly dev: number;
    readonly test: number;
  };
  readonly humanLevel: { readonly value: number; readonly reason: string };
  /** Why this model, and whether the data can tell it from the runner-up (selectModel's reasons). */
  readonly choice: readonly string[];
  /**
   * What the app did with selectModel's outcome: `'best-within-bound'`, or, when no candidate meets the
   * latency bound, `'fastest-none-within-bound'`: the fastest is reported, and the report says it misses the bound.
   */
  readonly decision: 'best-within-bound' | 'fastest-none-within-bound';
  /** The latency bound the candidates were held to, milliseconds per picture (p50). */
  readonly maxLatencyMs: number;
  /** The smallest difference in error rate the dev set can resolve (95 % confidence, 80 % power). */
  readonly resolvable: number;
  /** Dev rows (indices into the data) of the chosen model's reviewed errors. */
  readonly reviewedRows: readonly number[];
  readonly devRows: Uint32Array;
}

/**
 * One turn of the recipe on web vs app pictures: mismatch split (dev and test only from the app,
 * half of the app pictures in train, a train-dev set), train each candidate, evaluate every split,
 * keep the best dev F1 among models fast enough (optimizing vs satisficing), diagnose it against
 * human level, and analyse its dev errors with the ground-truth tags.
 */
export async function runRecipe(data: MismatchData, options: RecipeOptions): Promise<RecipeResult> {
  const rows = recipeSplit(data.webCount, data.appCount, options);
  const { train: trainRows, trainDev: trainDevRows, dev: devRows, test: testRows } = rows;
  const part = (rows: Uint32Array) => ({
    x: takeRows(data.images, rows),
    y: { values: Int32Array.from(rows, (r) => data.labels[r]!), shape: [rows.length] },
  });
  const splits = { train: part(trainRows), trainDev: part(trainDevRows), dev: part(devRows), test: part(testRows) };
  const [, height, width, channels] = data.images.shape;
  const inputShape = [height, width, channels];
  const humanLevel =
    options.humanLevel === undefined
      ? data.humanLevel
      : { value: options.humanLevel, reason: 'given with --human-level' };
  const results: CandidateResult[] = [];
  const devLabels = Int32Array.from(devRows, (row) => data.labels[row]!);
  for (const [index, candidate] of options.candidates.entries()) {
    options.onCandidate?.(candidate.name, index, options.candidates.length);
    const iteration = await iterate({
      title: `${data.taskName}: ${candidate.name}`,
      model: candidate.build(),
      inputShape,
      data: splits,
      transformX: scalePixels,
      loss: softmaxCrossEntropy,
      optimizer: adam({ learningRate: 2e-3 }),
      metrics: { f1: (t, p) => f1Score(t, p) },
      epochs: options.epochs,
      batchSize: options.batchSize ?? 64,
      seed: options.seed,
      progress: options.progress ?? 'auto',
      humanLevel: humanLevel.value,
      // Train rows are web pictures first, app pictures last: the train-error sample takes both in their shares.
      trainStrata: Array.from(trainRows, (row) => (row < data.webCount ? 'web' : 'app')),
      ...(options.trainSample ? { trainSample: options.trainSample } : {}),
      ...(candidate.augment ? { augment: candidate.augment } : {}),
      classNames: data.classNames,
      notes: data.notes,
      errorAnalysis: { tagger: ({ index: devIndex }) => data.tags[devRows[devIndex]!]!, sample: 100 },
      callbacks: [
        {
          onEpochEnd: (_epoch, record) => {
            if (record) options.onEpochEnd?.(record);
          },
          onBatchEnd: ({ loss }) => options.onBatch?.(loss),
        },
      ],
    });
    const model = candidate.build();
    const picture = height * width * channels;
    const firstDev = data.images.values.subarray(devRows[0]! * picture, (devRows[0]! + 1) * picture);
    const one = tf.tensor(scalePixels(Float32Array.from(firstDev)), [1, ...inputShape]);
    const latency = await measureLatency(() => model.apply(iteration.params, one, { state: iteration.state }), {
      warmup: 5,
      runs: 30,
    });
    one.dispose();
    const devPredictions = iteration.evaluation.dev!.predictions!.values;
    const f1 = bootstrapInterval(devLabels, devPredictions, { metric: 'f1', seed: options.seed });
    results.push({
      name: candidate.name,
      devPredictions,
      devF1Interval: { low: f1.low, high: f1.high },
      devF1: iteration.evaluation.dev!.metrics.f1!,
      devError: iteration.evaluation.dev!.error,
      latencyMs: latency.p50Ms,
      parameters: Object.values(iteration.params).reduce((s, p) => s + p.size, 0),
      iteration,
    });
  }
  // The candidates' dev predictions and the dev labels: selectModel then tests (paired bootstrap of
  // F1 on the same pictures) whether the best is better than the runner-up beyond noise.
  const selection = selectModel(
    results.map((r) => ({
      name: r.name,
      metrics: { devF1: r.devF1, latencyMs: r.latencyMs },
      predictions: r.devPredictions,
    })),
    {
      optimize: { metric: 'devF1', goal: 'max' },
      satisfice: [{ metric: 'latencyMs', max: options.maxLatencyMs }],
      ...(results.length > 1 ? { paired: { labels: devLabels, seed: options.seed } } : {}),
    },
  );
  // No candidate within the latency bound: selectModel says so and chooses nothing; this app then
  // reports the fastest, and says that it misses the bound, rather than pretend it was chosen.
  const fastest = [...results].sort((a, b) => a.latencyMs - b.latencyMs)[0]!;
  const best = selection.outcome === 'chosen' ? selection.best : null;
  const chosen = best ? results.find((r) => r.name === best.name)! : fastest;
  const choice = best
    ? [
        `Chosen model: ${chosen.name}, the best dev F1 among models within the latency bound (${options.maxLatencyMs} ms).`,
        ...selection.reasons,
      ]
    : [
        `No candidate met the latency bound of ${options.maxLatencyMs} ms; ${chosen.name}, the fastest (${chosen.latencyMs.toFixed(1)} ms), is reported instead.`,
        ...selection.rejected.map((r) => `${r.name}: ${r.reasons.join('; ')}`),
      ];
  for (const r of results)
    if (r !== chosen) tf.dispose([...Object.values(r.iteration.params), ...Object.values(r.iteration.state)]);
  return {
    chosen,
    candidates: results,
    rejected: selection.rejected,
    split: {
      trainWeb: rows.trainWeb,
      trainApp: trainRows.length - rows.trainWeb,
      trainDev: trainDevRows.length,
      dev: devRows.length,
      test: testRows.length,
    },
    humanLevel,
    choice,
    decision: best ? 'best-within-bound' : 'fastest-none-within-bound',
    maxLatencyMs: options.maxLatencyMs,
    resolvable: resolvableDifference(chosen.devError, devRows.length),
    reviewedRows: (chosen.iteration.reviewedDevRows ?? []).map((i) => devRows[i]!),
    devRows,
  };
}

/**
 * The smallest drop in error rate from `baseline` that `n` dev examples detect (data's devSizeFor,
 * 95 % confidence, 80 % power), to a tenth of a point.
 */
export function resolvableDifference(baseline: number, n: number): number {
  const rate = Math.min(Math.max(baseline, 0.005), 0.5);
  for (let points = 1; points < 1000; points++) {
    const difference = points / 1000;
    if (difference >= rate) break;
    if (devSizeFor({ baseline: rate, difference }) <= n) return difference;
  }
  return rate;
}

/**
 * Rows (web first, then app) of each split: dev and test only from the app, the rest of the app
 * pictures in train (unless noAppInTrain), and a train-dev set from the training distribution.
 */
export function recipeSplit(
  webCount: number,
  appCount: number,
  options: Pick<RecipeOptions, 'seed' | 'devShare' | 'trainDevSize' | 'noAppInTrain'>,
) {
  const dev = Math.max(1, Math.round(appCount * (options.devShare ?? 0.25)));
  const split = mismatchSplit(
    { source: webCount, target: appCount },
    {
      dev,
      test: dev,
      trainDev: options.trainDevSize ?? Math.min(2000, Math.round(webCount * 0.1)),
      seed: options.seed,
    },
  );
  const app = (rows: Uint32Array) => Uint32Array.from(rows, (r) => webCount + r);
  return {
    train: Uint32Array.from([...split.train.source, ...(options.noAppInTrain ? [] : app(split.train.target))]),
    trainWeb: split.train.source.length,
    trainDev: Uint32Array.from([...split.trainDev.source, ...app(split.trainDev.target)]),
    dev: app(split.dev.target),
    test: app(split.test.target),
    warnings: split.warnings,
  };
}

/** Example misclassified dev pictures for the report: true label, prediction, its probability, and tags. */
export function misclassifiedExamples(data: MismatchData, result: RecipeResult, count = 24): ReportImage[] {
  const dev = result.chosen.iteration.evaluation.dev!;
  const predicted = dev.predictions!.values;
  const scores = dev.scores;
  const [, height, width, channels] = data.images.shape;
  const pixels = height * width * channels;
  const classes = data.classNames.length;
  const examples: ReportImage[] = [];
  for (const row of result.reviewedRows.slice(0, count)) {
    const devIndex = result.devRows.indexOf(row);
    const rgb = data.images.values.subarray(row * pixels, (row + 1) * pixels);
    const guess = predicted[devIndex]!;
    examples.push({
      caption: data.tags[row]!.join(', '),
      label: data.classNames[data.labels[row]!]!,
      predicted: data.classNames[guess]!,
      ...(scores ? { probability: scores.values[devIndex * classes + guess]! } : {}),
      src: pngDataUrl(rgb, width, height, 3),
    });
  }
  return examples;
}
