import { type ArrayData, takeRows } from '@mlrecipe/data';
import { batches } from '@mlrecipe/data/batches';
import { bootstrapMeanInterval, confusionMatrix, rateInterval } from '@mlrecipe/metrics';
import type { InputShape, Model } from '@mlrecipe/nn';
import type { tf } from '@mlrecipe/tensor';
import { PipelineError } from './errors.js';
import { checkInputs, type Inputs, isArrayData, packed, unpacked } from './inputs.js';
import { type BatchCounts, checkFeatures, checkLabels, checkTask, countBatch, type Task } from './task.js';
import { yieldToEventLoop } from './yield.js';

/**
 * One split of a data set: inputs `x` and labels (or targets) `y`, row-aligned. For a graph model
 * with several inputs, `x` holds one array per input name (`Split<Inputs>`): `{ image: {…}, age: {…} }`.
 */
export interface Split<X extends Inputs = ArrayData> {
  readonly x: X;
  /** Labels: integer classes [rows] (multiclass), 0/1/NaN [rows, tasks] (multilabel), or targets (regression). */
  readonly y: ArrayData;
}

/**
 * A metric of labels and predictions, e.g. `accuracy` or `(t, p) => f1Score(t, p, { average: 'macro' })`
 * from @mlrecipe/metrics. Classification gets label and predicted class vectors; multilabel and
 * regression get one array per row.
 */
export type Metric = (
  labels: ArrayLike<number> | ArrayLike<number>[],
  predictions: ArrayLike<number> | ArrayLike<number>[],
) => number;

/** Options of `evaluate`: input shape, task, loss, extra metrics, input transform, batch size and rows. */
export interface EvaluateOptions {
  /** The model's input shape; `{ name: shape }` per input for a graph model with several inputs. */
  inputShape: InputShape;
  /** Default 'multiclass'. */
  task?: Task;
  /** The training loss, reported as its row-weighted mean over the split's batches. */
  loss?: (labels: tf.Tensor, outputs: tf.Tensor) => tf.Scalar;
  metrics?: Readonly<Record<string, Metric>>;
  /** Transforms each batch's inputs before the forward pass (e.g. a fitted scaler's `transform`). */
  transformX?: (values: Float32Array, rows: number) => Float32Array;
  /** Rows per forward pass. Default 1,000. */
  batchSize?: number;
  /** Evaluate only the first `rows` rows. */
  rows?: number;
  /** Keep predictions and labels in the result (for error analysis and reports). Default true. */
  keepPredictions?: boolean;
  /**
   * Attach the error's confidence interval (default true): Wilson for a multiclass error rate,
   * a seeded percentile bootstrap for a regression's mean absolute error.
   */
  intervals?: boolean;
  /** Confidence of the intervals. Default 0.95. */
  confidence?: number;
}

/** How sure an evaluated error is: the interval at `confidence` and how it was computed. */
export interface ErrorInterval {
  readonly low: number;
  readonly high: number;
  readonly confidence: number;
  readonly method: 'wilson' | 'percentile-bootstrap';
}

/**
 * A model's results on one split: rows, error, loss, per-output errors, metrics and (optionally) predictions and labels.
 */
export interface SplitEvaluation {
  readonly rows: number;
  /** The task's error: error rate (classification) or mean absolute error (regression). */
  readonly error: number;
  readonly loss?: number;
  /** Error per output column (multilabel: per task; regression: per output). */
  readonly perTaskError?: readonly number[];
  readonly metrics: Readonly<Record<string, number>>;
  /** Misclassified rows (multiclass): with `rows`, the counts a diagnosis needs for its intervals. */
  readonly errorCount?: number;
  /**
   * The error's interval (multiclass and regression; multilabel entries of one row are not
   * independent, so no binomial interval is claimed for them).
   */
  readonly errorInterval?: ErrorInterval;
  /** Rows × classes counts (multiclass only): confusion[true][predicted]. */
  readonly confusion?: readonly (readonly number[])[];
  readonly predictions?: ArrayData;
  readonly labels?: ArrayData;
  /**
   * Multiclass, kept with the predictions: each row's class probabilities (softmax of the model's
   * outputs, the usual logits of softmaxCrossEntropy), shape [rows, classes]. Reports draw ROC and
   * precision–recall curves from them.
   */
  readonly scores?: ArrayData;
}

interface Variables {
  readonly params: Readonly<Record<string, tf.Tensor>>;
  readonly state?: Readonly<Record<string, tf.Variable>>;
}

/**
 * Evaluates a model on named splits (train, train-dev, dev, test): the task's error, the loss, the
 * given metrics, and for classification the confusion matrix; predictions are kept for error analysis.
 *
 * @example
 * const { dev } = evaluate(model, { params, state }, { dev: devSet }, { inputShape: [784], metrics: { f1 } });
 */
export function evaluate<K extends string>(
  model: Model,
  variables: Variables,
  data: Readonly<Record<K, Split<Inputs>>>,
  options: EvaluateOptions,
): Record<K, SplitEvaluation> {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new PipelineError(
      `evaluate: options must be { inputShape, task?, metrics? }, got ${JSON.stringify(options)}`,
    );
  }
  const { inputShape } = options;
  // One shape, or { name: shape } per input of a graph model.
  const shapes: unknown[] = Array.isArray(inputShape)
    ? [inputShape]
    : inputShape !== null && typeof inputShape === 'object'
      ? Object.values(inputShape)
      : [];
  const positiveShape = (s: unknown) =>
    Array.isArray(s) && s.length > 0 && s.every((d) => Number.isSafeInteger(d) && d >= 1);
  if (shapes.length === 0 || !shapes.every(positiveShape)) {
    throw new PipelineError(
      `evaluate: inputShape must be positive integers such as [784] (or { name: shape } per input of a graph model), got ${JSON.stringify(inputShape)}`,
    );
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new PipelineError('evaluate: data must name its splits, e.g. { dev: { x, y } }');
  }
  const task = checkTask(options.task === undefined ? 'multiclass' : options.task, 'evaluate');
  const result = {} as Record<K, SplitEvaluation>;
  for (const [name, split] of Object.entries(data) as [K, Split<Inputs>][]) {
    result[name] = evaluateSplit(model, variables, split, { ...options, task }, `evaluate (${name})`);
  }
  return result;
}

type SplitOptions = EvaluateOptions & { task: Task; indices?: Uint32Array };

/** One split; `where` names it in errors. */
export function evaluateSplit(
  model: Model,
  variables: Variables,
  split: Split<Inputs>,
  options: SplitOptions,
  where: string,
): SplitEvaluation {
  const steps = evaluating(model, variables, split, options, where);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/** evaluateSplit giving the event loop a turn between batches (a page stays responsive while train evaluates). */
export async function evaluateSplitAsync(
  model: Model,
  variables: Variables,
  split: Split<Inputs>,
  options: SplitOptions,
  where: string,
): Promise<SplitEvaluation> {
  const steps = evaluating(model, variables, split, options, where);
  let step = steps.next();
  try {
    while (!step.done) {
      // Read what the next step reads synchronously, asynchronously first (WebGL then serves the
      // synchronous read from its cache instead of blocking the page), or give the event loop a turn.
      if (step.value === undefined) await yieldToEventLoop();
      else await Promise.all(step.value.map((t) => t.data()));
      step = steps.next();
    }
  } finally {
    // A failed read leaves the generator paused: closing it runs its finally blocks (frees the batch).
    if (!step.done) steps.return(undefined as never);
  }
  return step.value;
}

/** The evaluation, pausing before each device read (yielding the tensors it will read) and after each batch. */
function* evaluating(
  model: Model,
  { params, state }: Variables,
  split: Split<Inputs>,
  options: SplitOptions,
  where: string,
): Generator<tf.Tensor[] | undefined, SplitEvaluation> {
  const { task, inputShape } = options;
  const total = split?.y?.shape?.[0] ?? 0;
  if (total === 0) throw new PipelineError(`${where}: the split is empty; give it some rows`);
  if (options.rows !== undefined && !(Number.isInteger(options.rows) && options.rows >= 1))
    throw new PipelineError(
      `${where}: rows must be a positive integer (the first rows evaluated), got ${options.rows}`,
    );
  // A sample of rows (train's seeded train-error sample) or the first `rows`.
  const indices = options.indices ?? Uint32Array.from({ length: Math.min(options.rows ?? total, total) }, (_, i) => i);
  const rows = indices.length;
  // Named inputs (or a record given for one input) are checked here; one array as before, by batches.
  if (!Array.isArray(inputShape) || !isArrayData(split.x)) checkInputs(split.x, inputShape, `${where}: the split`);
  const x = packed(split.x, inputShape);
  const keep = options.keepPredictions ?? true;
  const parts: BatchCounts[] = [];
  let lossSum = 0;
  let outputs = 0;
  for (const b of batches(
    { x, y: split.y },
    {
      batchSize: options.batchSize ?? 1000,
      shuffle: false,
      indices,
      ...(options.transformX ? { transformX: options.transformX } : {}),
    },
  )) {
    const input = unpacked(b.x, inputShape);
    let out: tf.Tensor;
    try {
      out = model.apply(params, input.input, { training: false, ...(state ? { state } : {}) });
    } finally {
      input.dispose();
    }
    try {
      yield [out];
      if (parts.length === 0) {
        outputs = out.size / out.shape[0]!;
        checkLabels(split.y, task, outputs, where);
        checkFeatures(split.x, where);
      }
      parts.push(countBatch(task, out, b.y!));
      if (options.loss) {
        const l = options.loss(b.y!, out);
        try {
          yield [l];
          lossSum += l.dataSync()[0]! * b.indices.length;
        } finally {
          l.dispose();
        }
      }
    } finally {
      out.dispose();
      b.dispose();
    }
    yield undefined;
  }
  const columns = parts[0]!.wrong.length;
  const wrong = new Float64Array(columns);
  const counted = new Float64Array(columns);
  for (const p of parts) {
    for (let c = 0; c < columns; c++) {
      wrong[c] = wrong[c]! + p.wrong[c]!;
      counted[c] = counted[c]! + p.counted[c]!;
    }
  }
  const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
  const predictions = concat(parts.map((p) => p.predictions));
  const predictionShape = task === 'multiclass' ? [rows] : [rows, predictions.length / rows];
  const labels = options.indices
    ? takeRows(split.y, indices)
    : {
        values: split.y.values.slice(0, rows * (split.y.values.length / total)),
        shape: [rows, ...split.y.shape.slice(1)],
      };
  const predicted = { values: predictions, shape: predictionShape };
  const metrics: Record<string, number> = {};
  for (const [name, metric] of Object.entries(options.metrics ?? {})) {
    metrics[name] =
      task === 'multiclass' ? metric(labels.values, predictions) : metric(asRows(labels), asRows(predicted));
  }
  const interval =
    (options.intervals ?? true) ? errorIntervalOf(task, wrong, rows, labels, predicted, options) : undefined;
  return {
    rows,
    error: sum(counted) === 0 ? Number.NaN : sum(wrong) / sum(counted),
    ...(task === 'multiclass' ? { errorCount: sum(wrong) } : {}),
    ...(interval ? { errorInterval: interval } : {}),
    ...(options.loss ? { loss: lossSum / rows } : {}),
    ...(task !== 'multiclass' ? { perTaskError: Array.from(wrong, (w, c) => w / counted[c]!) } : {}),
    metrics,
    ...(task === 'multiclass'
      ? { confusion: confusionMatrix(labels.values, predictions, { numClasses: outputs }) }
      : {}),
    ...(keep ? { predictions: predicted, labels } : {}),
    ...(keep && task === 'multiclass'
      ? { scores: { values: concat(parts.map((p) => p.scores!)), shape: [rows, outputs] } }
      : {}),
  };
}

function errorIntervalOf(
  task: Task,
  wrong: Float64Array,
  rows: number,
  labels: ArrayData,
  predicted: ArrayData,
  options: SplitOptions,
): ErrorInterval | undefined {
  const confidence = options.confidence ?? 0.95;
  if (task === 'multiclass') {
    const r = rateInterval(wrong[0]!, rows, { confidence });
    return { low: r.low, high: r.high, confidence, method: 'wilson' };
  }
  if (task !== 'regression') return undefined;
  // Per-row absolute error (averaged over the outputs), then a bootstrap of its mean.
  const width = predicted.values.length / rows;
  const perRow = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let total = 0;
    for (let c = 0; c < width; c++) total += Math.abs(predicted.values[r * width + c]! - labels.values[r * width + c]!);
    perRow[r] = total / width;
  }
  const b = bootstrapMeanInterval(perRow, { confidence, seed: 'evaluate' });
  return { low: b.low, high: b.high, confidence, method: 'percentile-bootstrap' };
}

function concat(parts: readonly (Float32Array | Int32Array)[]): Float32Array | Int32Array {
  const length = parts.reduce((s, p) => s + p.length, 0);
  const out = parts[0] instanceof Int32Array ? new Int32Array(length) : new Float32Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

function asRows({ values, shape }: ArrayData): ArrayLike<number>[] {
  const width = values.length / shape[0]!;
  return Array.from({ length: shape[0]! }, (_, r) => Array.prototype.slice.call(values, r * width, (r + 1) * width));
}
