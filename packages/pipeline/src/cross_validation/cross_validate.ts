import { type Fold, takeRows } from '@mlrecipe/data';
import { type Diagnosis, diagnose } from '@mlrecipe/diagnostics';
import { rateInterval } from '@mlrecipe/metrics';
import { tf } from '@mlrecipe/tensor';
import { PipelineError } from '../errors.js';
import { evaluateSplit, type Split, type SplitEvaluation } from '../evaluate.js';
import { type Inputs, rowsOf, takeInputRows } from '../inputs.js';
import { checkTask, type Task } from '../task.js';
import { type EpochRecord, type TrainOptions, train } from '../train.js';
import { studentTCritical } from './student_t.js';

/** Options of `crossValidate`: train's options without the splits, all rows, the folds, and human level. */
export interface CrossValidateOptions
  extends Omit<
    TrainOptions,
    | 'data'
    | 'resumeFrom'
    | 'onSnapshot'
    | 'snapshotEvery'
    | 'snapshotEveryBatches'
    | 'variables'
    | 'earlyStopping'
    | 'sampleWeights'
    | 'trainStrata'
  > {
  /** Every row; each fold trains on its `train` rows and is evaluated on its `test` rows. */
  data: Split<Inputs>;
  /** One weight per row of `data` (train's sampleWeights); each fold trains with its train rows' weights. */
  sampleWeights?: ArrayLike<number>;
  /** The folds: data's `kFold`, `stratifiedKFold` or `groupKFold`. A row may be tested by one fold only. */
  folds: readonly Fold[];
  /** Human-level error: each fold, and the pooled folds, then get the recipe's diagnosis (avoidable bias, variance). */
  humanLevel?: number | Readonly<Record<string, number>>;
  /**
   * Fits the input transform on each fold's train rows (e.g. a Standardizer: normalisation fitted
   * on train, never on the held-out fold) and returns it; train and the evaluations apply it as
   * `transformX`. Use it instead of `transformX`, which would be fitted once on every row.
   */
  fitTransformX?: (train: Split<Inputs>) => (values: Float32Array, rows: number) => Float32Array;
  /** The unit of a regression's error (mean absolute error), e.g. 'years', for the diagnosis. */
  errorUnit?: string;
  /** Confidence of the intervals. Default 0.95. */
  confidence?: number;
}

/** A quantity over the folds: each fold's value, their mean and standard deviation, and an interval for the mean. */
export interface FoldSummary {
  readonly perFold: readonly number[];
  readonly mean: number;
  /** Sample standard deviation over the folds (n − 1). */
  readonly sd: number;
  /**
   * Nadeau & Bengio's corrected resampled t interval, mean ± t(k−1)·√((1/k + n_test/n_train)·sd²):
   * the folds' training sets overlap, so the plain t interval (1/k alone) would be too narrow. Error
   * intervals are cut at 0 (and at 1 for rates).
   */
  readonly low: number;
  readonly high: number;
  readonly confidence: number;
  readonly method: 'corrected-resampled-t';
}

/** One fold's results: its sizes, training history, evaluations on its train and test rows, and diagnosis. */
export interface FoldResult {
  readonly fold: number;
  readonly trainRows: number;
  readonly testRows: number;
  readonly history: readonly EpochRecord[];
  readonly train: SplitEvaluation;
  readonly test: SplitEvaluation;
  /** The recipe's diagnosis with the fold's test rows as dev (with `humanLevel`). */
  readonly diagnosis?: Diagnosis;
  /** The rows of `data` this fold tested, in the order of `test.predictions`. */
  readonly testIndices: Uint32Array;
}

/** What `crossValidate` returns (report draws it as a section: `report({ title, crossValidation })`). */
export interface CrossValidation {
  readonly task: Task;
  readonly folds: readonly FoldResult[];
  /** `testError`, `trainError`, `testLoss` and each metric as `test_<name>`, over the folds. */
  readonly summary: Readonly<{ testError: FoldSummary; trainError: FoldSummary } & Record<string, FoldSummary>>;
  /** Multiclass: every tested row's errors pooled (each row tested once), with its Wilson interval. */
  readonly pooledTestError?: {
    readonly errors: number;
    readonly rows: number;
    readonly error: number;
    readonly low: number;
    readonly high: number;
  };
  /**
   * Multiclass: each row's class predicted by the fold that held it out (−1 for a row no fold
   * tested), for paired comparisons of two cross-validated models (metrics' compareModels).
   */
  readonly heldOutPredictions?: Int32Array;
  /** The diagnosis of the pooled folds (train errors and test errors summed over folds), with `humanLevel`. */
  readonly diagnosis?: Diagnosis;
  readonly confidence: number;
}

/**
 * k-fold cross-validation: trains a fresh model on each fold's train rows (seeded per fold), evaluates
 * it on the fold's train and test rows, and summarises each quantity over the folds as mean ± sd with
 * an interval. For small data sets, where one dev set would be too small to trust; with plenty of
 * data a fixed dev set is cheaper and enough. With `humanLevel`, each fold and the pooled folds are
 * diagnosed (avoidable bias, variance). Every tensor each fold made is freed.
 *
 * @example
 * const folds = stratifiedKFold(labels, { k: 5, seed: 1 });
 * const cv = await crossValidate({ model, inputShape: [30], data, folds, loss, optimizer, epochs: 20, batchSize: 32, seed: 1 });
 * console.log(cv.summary.testError.mean, cv.summary.testError.sd);
 */
export async function crossValidate(options: CrossValidateOptions): Promise<CrossValidation> {
  const caller = 'crossValidate';
  if (options === null || typeof options !== 'object')
    throw new PipelineError(`${caller}: expected an options object, got ${String(options)}`);
  const {
    data,
    folds,
    humanLevel,
    confidence = 0.95,
    errorUnit = 'units',
    fitTransformX,
    sampleWeights,
    ...trainOptions
  } = options;
  if (fitTransformX !== undefined && (typeof fitTransformX !== 'function' || options.transformX !== undefined))
    throw new PipelineError(
      `${caller}: fitTransformX must be a function (train split) => transformX, given instead of transformX (got ${typeof fitTransformX}${options.transformX ? ' and a transformX' : ''})`,
    );
  const task = checkTask(options.task ?? 'multiclass', caller);
  if (!(typeof confidence === 'number' && confidence > 0 && confidence < 1))
    throw new PipelineError(`${caller}: confidence must be in (0, 1), e.g. 0.95, got ${confidence}`);
  if (data === null || typeof data !== 'object' || data.y?.shape?.[0] === undefined)
    throw new PipelineError(`${caller}: data must be one split { x, y } holding every row`);
  const rows = data.y.shape[0]!;
  if (rowsOf(data.x) !== rows)
    throw new PipelineError(`${caller}: data has ${rowsOf(data.x)} rows of x but ${rows} of y`);
  checkFolds(folds, rows, caller);
  if (sampleWeights !== undefined && (typeof sampleWeights !== 'object' || sampleWeights?.length !== rows))
    throw new PipelineError(
      `${caller}: sampleWeights must give one weight per row of data (${rows}), got ${typeof sampleWeights === 'object' && sampleWeights !== null ? `${sampleWeights.length} entries` : String(sampleWeights)}`,
    );

  const results: FoldResult[] = [];
  for (const [f, fold] of folds.entries()) {
    const part = (indices: ArrayLike<number>): Split<Inputs> => ({
      x: takeInputRows(data.x, indices),
      y: takeRows(data.y, indices),
    });
    const foldTrain = part(fold.train);
    const foldTest = part(fold.test);
    const transformX = fitTransformX ? fitTransformX(foldTrain) : options.transformX;
    const trained = await train({
      ...trainOptions,
      ...(transformX ? { transformX } : {}),
      ...(sampleWeights
        ? { sampleWeights: Array.from(fold.train as ArrayLike<number>, (row) => sampleWeights[row]!) }
        : {}),
      data: { train: foldTrain, dev: foldTest },
      seed: `${options.seed}/fold-${f + 1}`,
    });
    try {
      const evaluateOn = (split: Split<Inputs>, where: 'train' | 'test') =>
        evaluateSplit(
          options.model,
          trained,
          split,
          {
            task,
            inputShape: options.inputShape,
            loss: options.loss,
            keepPredictions: where === 'test',
            confidence,
            ...(options.metrics ? { metrics: options.metrics } : {}),
            ...(transformX ? { transformX } : {}),
          },
          `${caller} (fold ${f + 1}, ${where})`,
        );
      const onTrain = evaluateOn(foldTrain, 'train');
      const onTest = evaluateOn(foldTest, 'test');
      results.push({
        fold: f + 1,
        trainRows: fold.train.length,
        testRows: fold.test.length,
        history: trained.history,
        train: onTrain,
        test: onTest,
        testIndices: Uint32Array.from(fold.test as ArrayLike<number>),
        ...(humanLevel === undefined ? {} : { diagnosis: diagnoseFold(humanLevel, task, errorUnit, onTrain, onTest) }),
      });
    } finally {
      tf.dispose([...Object.values(trained.params), ...Object.values(trained.state)]);
    }
  }

  const testShare =
    results.reduce((s, r) => s + r.testRows, 0) /
    Math.max(
      1,
      results.reduce((s, r) => s + r.trainRows, 0),
    );
  const summarise = (values: number[], bounds?: readonly [number, number]) =>
    foldSummary(values, testShare, confidence, bounds);
  const errorBounds: readonly [number, number] = task === 'regression' ? [0, Number.POSITIVE_INFINITY] : [0, 1];
  const summary: { testError: FoldSummary; trainError: FoldSummary } & Record<string, FoldSummary> = {
    testError: summarise(
      results.map((r) => r.test.error),
      errorBounds,
    ),
    trainError: summarise(
      results.map((r) => r.train.error),
      errorBounds,
    ),
  };
  if (results.every((r) => r.test.loss !== undefined)) summary.testLoss = summarise(results.map((r) => r.test.loss!));
  for (const name of Object.keys(options.metrics ?? {}))
    summary[`test_${name}`] = summarise(results.map((r) => r.test.metrics[name]!));

  const pooled = pooledCounts(results);
  let heldOutPredictions: Int32Array | undefined;
  if (task === 'multiclass') {
    heldOutPredictions = new Int32Array(rows).fill(-1);
    for (const r of results) {
      const predicted = r.test.predictions!.values;
      r.testIndices.forEach((row, i) => {
        heldOutPredictions![row] = predicted[i]!;
      });
    }
  }
  return {
    task,
    folds: results,
    summary,
    ...(heldOutPredictions ? { heldOutPredictions } : {}),
    ...(pooled
      ? {
          pooledTestError: (() => {
            const interval = rateInterval(pooled.test.errors, pooled.test.n, { confidence });
            return {
              errors: pooled.test.errors,
              rows: pooled.test.n,
              error: pooled.test.errors / pooled.test.n,
              low: interval.low,
              high: interval.high,
            };
          })(),
        }
      : {}),
    ...(humanLevel !== undefined && pooled
      ? { diagnosis: diagnose({ humanLevel, train: pooled.train, dev: pooled.test }) }
      : {}),
    confidence,
  };
}

function checkFolds(folds: readonly Fold[], rows: number, caller: string): void {
  if (!Array.isArray(folds) || folds.length < 2)
    throw new PipelineError(
      `${caller}: folds must be at least 2 folds from data's kFold / stratifiedKFold / groupKFold, got ${Array.isArray(folds) ? `${folds.length}` : String(folds)}`,
    );
  const tested = new Int32Array(rows).fill(-1);
  folds.forEach((fold, f) => {
    for (const key of ['train', 'test'] as const) {
      const list = fold?.[key];
      if (list === undefined || list === null || typeof list.length !== 'number' || list.length === 0)
        throw new PipelineError(`${caller}: fold ${f + 1} has no ${key} rows; give folds as { train, test } row lists`);
      for (let i = 0; i < list.length; i++) {
        const row = list[i]!;
        if (!(Number.isInteger(row) && row >= 0 && row < rows))
          throw new PipelineError(`${caller}: fold ${f + 1} ${key}[${i}] is ${row}, but the data has ${rows} rows`);
      }
    }
    const testRows: number[] = Array.from(fold.test as ArrayLike<number>);
    const inTest = new Set(testRows);
    const both = Array.from(fold.train as ArrayLike<number>).find((row) => inTest.has(row));
    if (both !== undefined)
      throw new PipelineError(`${caller}: row ${both} is in both the train and the test rows of fold ${f + 1}`);
    for (const row of testRows) {
      if (tested[row] !== -1)
        throw new PipelineError(
          `${caller}: row ${row} is tested by folds ${tested[row]! + 1} and ${f + 1}; each row may be tested once (make the folds with kFold / stratifiedKFold / groupKFold)`,
        );
      tested[row] = f;
    }
  });
}

/** Mean, sample sd and the corrected resampled t interval (Nadeau & Bengio 2003). */
export function foldSummary(
  values: readonly number[],
  testShare: number,
  confidence: number,
  bounds: readonly [number, number] = [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
): FoldSummary {
  const k = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / k;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (k - 1));
  const half = studentTCritical(confidence, k - 1) * Math.sqrt((1 / k + testShare) * sd * sd);
  // An error rate cannot leave [0, 1] (nor an error go below 0): the interval is cut at the bounds.
  return {
    perFold: [...values],
    mean,
    sd,
    low: Math.max(bounds[0], mean - half),
    high: Math.min(bounds[1], mean + half),
    confidence,
    method: 'corrected-resampled-t',
  };
}

function pooledCounts(results: readonly FoldResult[]) {
  if (!results.every((r) => r.train.errorCount !== undefined && r.test.errorCount !== undefined)) return undefined;
  const sum = (pick: (r: FoldResult) => number) => results.reduce((s, r) => s + pick(r), 0);
  return {
    train: { errors: sum((r) => r.train.errorCount!), n: sum((r) => r.train.rows) },
    test: { errors: sum((r) => r.test.errorCount!), n: sum((r) => r.test.rows) },
  };
}

function diagnoseFold(
  humanLevel: number | Readonly<Record<string, number>>,
  task: Task,
  unit: string,
  onTrain: SplitEvaluation,
  onTest: SplitEvaluation,
): Diagnosis {
  const measure = (e: SplitEvaluation) => (e.errorCount === undefined ? e.error : { errors: e.errorCount, n: e.rows });
  return diagnose({
    humanLevel,
    train: measure(onTrain),
    dev: measure(onTest),
    ...(task === 'regression' ? { unit } : {}),
  });
}
