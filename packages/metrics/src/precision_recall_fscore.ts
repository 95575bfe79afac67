import { MlrecipeWarning, warn } from '@mlrecipe/core';
import { type ClassOptions, countConfusion, countMultilabel } from './confusion_matrix.js';
import { MetricInputError } from './errors.js';
import { isMatrixInput, type MatrixInput, optionsObject, type VectorInput } from './input.js';

/**
 * How per-class scores become one number (scikit-learn's `average`):
 * - `'binary'`: the score of `positiveLabel` only (binary problems; the default).
 * - `'micro'`: pool every class's true/false positives, then score (equals accuracy for single-label multiclass).
 * - `'macro'`: the unweighted mean over classes: every class counts the same, however rare.
 * - `'weighted'`: the mean over classes weighted by support (true count).
 * - `'samples'`: multi-label only: score each sample's label set, then average.
 * - `'none'`: one score per class.
 */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted' | 'samples' | 'none';

/**
 * What a 0/0 score becomes: `'warn'` (0, with an `UNDEFINED_METRIC` warning through `@mlrecipe/core`'s
 * channel, scikit-learn's default), 0, 1 or NaN.
 */
export type ZeroDivision = 'warn' | 0 | 1 | number;

export interface ScoreOptions extends ClassOptions {
  average?: Average;
  /** The class that counts as positive with `average: 'binary'`. Default 1. */
  positiveLabel?: number;
  zeroDivision?: ZeroDivision;
}

export interface FScoreOptions extends ScoreOptions {
  /** Weight of recall against precision: β > 1 favours recall, β < 1 precision. Default 1 (F1). */
  beta?: number;
}

/** Labels: 1-D class indices, or 0/1 label matrices for multi-label problems. */
export type LabelInput = VectorInput | MatrixInput;

/** Precision, recall, F-score and support: numbers when averaged, one per class (`average: 'none'`) otherwise. */
export interface PrecisionRecallFScore<T> {
  precision: T;
  recall: T;
  fScore: T;
  /** True count per class (or in total when averaged). */
  support: T;
}

const AVERAGES: readonly Average[] = ['binary', 'micro', 'macro', 'weighted', 'samples', 'none'];

/**
 * Precision, recall, F-beta and support in one pass, as scikit-learn's
 * `precision_recall_fscore_support`:
 * precision = tp / (tp + fp), recall = tp / (tp + fn),
 * Fβ = (1 + β²)·tp / ((1 + β²)·tp + β²·fn + fp).
 * Per-class scores cover the classes present in yTrue or yPred, or all `numClasses` when given.
 */
export function precisionRecallFScore(
  yTrue: LabelInput,
  yPred: LabelInput,
  options: FScoreOptions & { average: 'none' },
): PrecisionRecallFScore<number[]>;
export function precisionRecallFScore(
  yTrue: LabelInput,
  yPred: LabelInput,
  options?: FScoreOptions,
): PrecisionRecallFScore<number>;
export function precisionRecallFScore(
  yTrue: LabelInput,
  yPred: LabelInput,
  options: FScoreOptions = {},
): PrecisionRecallFScore<number | number[]> {
  return score(yTrue, yPred, options, 'precisionRecallFScore');
}

/** Precision tp / (tp + fp): of the predicted positives, the share that is right. */
export function precision(yTrue: LabelInput, yPred: LabelInput, options: ScoreOptions & { average: 'none' }): number[];
export function precision(yTrue: LabelInput, yPred: LabelInput, options?: ScoreOptions): number;
export function precision(yTrue: LabelInput, yPred: LabelInput, options: ScoreOptions = {}): number | number[] {
  return score(yTrue, yPred, options, 'precision', 'precision').precision;
}

/** Recall tp / (tp + fn): of the true positives, the share that is found. */
export function recall(yTrue: LabelInput, yPred: LabelInput, options: ScoreOptions & { average: 'none' }): number[];
export function recall(yTrue: LabelInput, yPred: LabelInput, options?: ScoreOptions): number;
export function recall(yTrue: LabelInput, yPred: LabelInput, options: ScoreOptions = {}): number | number[] {
  return score(yTrue, yPred, options, 'recall', 'recall').recall;
}

/**
 * F1, the harmonic mean of precision and recall: the recipe's single-number metric when a team
 * would otherwise weigh precision against recall by eye.
 *
 * @example
 * // Classifier A: precision 95 %, recall 90 %; B: 98 %, 85 %. F1 picks A (92.4 % vs 91.0 %).
 * f1Score([1, 1, 0, 1], [1, 0, 0, 1]); // 0.8
 */
export function f1Score(yTrue: LabelInput, yPred: LabelInput, options: ScoreOptions & { average: 'none' }): number[];
export function f1Score(yTrue: LabelInput, yPred: LabelInput, options?: ScoreOptions): number;
export function f1Score(yTrue: LabelInput, yPred: LabelInput, options: ScoreOptions = {}): number | number[] {
  optionsObject(options, 'f1Score');
  return score(yTrue, yPred, { ...options, beta: 1 }, 'f1Score', 'fScore').fScore;
}

/** Fβ: β > 1 weighs recall more (β = 2: recall counts twice as much), β < 1 precision. */
export function fBetaScore(
  yTrue: LabelInput,
  yPred: LabelInput,
  options: FScoreOptions & { beta: number; average: 'none' },
): number[];
export function fBetaScore(yTrue: LabelInput, yPred: LabelInput, options: FScoreOptions & { beta: number }): number;
export function fBetaScore(
  yTrue: LabelInput,
  yPred: LabelInput,
  options: FScoreOptions & { beta: number },
): number | number[] {
  optionsObject(options, 'fBetaScore');
  return score(yTrue, yPred, options, 'fBetaScore', 'fScore').fScore;
}

/** The harmonic-mean F-score of a precision and a recall, for single-number comparisons of reported figures. */
export function fScoreOf(precisionValue: number, recallValue: number, beta = 1): number {
  for (const [name, v] of [
    ['precision', precisionValue],
    ['recall', recallValue],
  ] as const) {
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new MetricInputError(`fScoreOf: ${name} must be a number in [0, 1], got ${JSON.stringify(v) ?? String(v)}`);
    }
  }
  if (typeof beta !== 'number' || !(beta > 0 && Number.isFinite(beta))) {
    throw new MetricInputError(`fScoreOf: beta must be a positive number, got ${String(beta)}`);
  }
  const b2 = beta * beta;
  const denominator = b2 * precisionValue + recallValue;
  return denominator === 0 ? 0 : ((1 + b2) * precisionValue * recallValue) / denominator;
}

interface Tally {
  tp: ArrayLike<number>;
  fp: ArrayLike<number>;
  fn: ArrayLike<number>;
  /** Classes scored, in order. */
  labels: number[];
}

function score(
  yTrue: LabelInput,
  yPred: LabelInput,
  options: FScoreOptions,
  caller: string,
  wanted?: 'precision' | 'recall' | 'fScore',
): PrecisionRecallFScore<number | number[]> {
  optionsObject(options, caller);
  const average = options.average === undefined ? 'binary' : options.average;
  if (!AVERAGES.includes(average)) {
    throw new MetricInputError(
      `${caller}: unknown average ${JSON.stringify(average)}; use one of ${AVERAGES.join(', ')}`,
    );
  }
  const beta = options.beta === undefined ? 1 : options.beta;
  if (!(beta > 0 && Number.isFinite(beta))) throw new MetricInputError(`${caller}: beta must be positive, got ${beta}`);
  const zeroDivision = options.zeroDivision === undefined ? 'warn' : options.zeroDivision;
  if (zeroDivision !== 'warn' && zeroDivision !== 0 && zeroDivision !== 1 && !Number.isNaN(zeroDivision)) {
    throw new MetricInputError(`${caller}: zeroDivision must be 'warn', 0, 1 or NaN, got ${zeroDivision}`);
  }
  const multilabel = isMatrixInput(yTrue) || isMatrixInput(yPred);
  const ctx: Context = { caller, zeroDivision, undefinedLabels: new Set() };
  const result = multilabel
    ? scoreMultilabel(yTrue as MatrixInput, yPred as MatrixInput, average, beta, ctx)
    : scoreSingleLabel(yTrue as VectorInput, yPred as VectorInput, average, beta, options, ctx);
  if (zeroDivision === 'warn' && ctx.undefinedLabels.size > 0) warnUndefined(ctx, wanted);
  return result;
}

interface Context {
  caller: string;
  zeroDivision: ZeroDivision;
  /** "precision"/"recall"/"fScore" that hit 0/0, for the warning. */
  undefinedLabels: Set<string>;
}

function warnUndefined(ctx: Context, wanted?: string): void {
  const hits = [...ctx.undefinedLabels].filter((h) => wanted === undefined || h.startsWith(wanted));
  if (hits.length === 0) return;
  // scikit-learn's UndefinedMetricWarning, through the library's one channel (@mlrecipe/core).
  warn(
    new MlrecipeWarning(
      'UNDEFINED_METRIC',
      `${ctx.caller}: ${hits.join('; ')} ill-defined (0/0) and set to 0. ` +
        'Pass zeroDivision: 0 | 1 | NaN to choose the value and silence this warning.',
      { caller: ctx.caller, undefined: hits },
    ),
  );
}

function divide(numerator: number, denominator: number, ctx: Context, what: string): number {
  if (denominator > 0) return numerator / denominator;
  ctx.undefinedLabels.add(what);
  return ctx.zeroDivision === 'warn' ? 0 : ctx.zeroDivision;
}

function perClass(t: Tally, beta: number, ctx: Context): PrecisionRecallFScore<number[]> {
  const b2 = beta * beta;
  const out: PrecisionRecallFScore<number[]> = { precision: [], recall: [], fScore: [], support: [] };
  t.labels.forEach((label, i) => {
    const tp = t.tp[i]!;
    const fp = t.fp[i]!;
    const fn = t.fn[i]!;
    out.precision.push(divide(tp, tp + fp, ctx, `precision of label ${label} (no predicted samples)`));
    out.recall.push(divide(tp, tp + fn, ctx, `recall of label ${label} (no true samples)`));
    out.fScore.push(divide((1 + b2) * tp, (1 + b2) * tp + b2 * fn + fp, ctx, `fScore of label ${label}`));
    out.support.push(tp + fn);
  });
  return out;
}

function averaged(t: Tally, average: Average, beta: number, ctx: Context): PrecisionRecallFScore<number | number[]> {
  if (average === 'micro') {
    const sum = (a: ArrayLike<number>) => {
      let total = 0;
      for (let i = 0; i < a.length; i++) total += a[i]!;
      return total;
    };
    return perClassToScalar(perClass({ tp: [sum(t.tp)], fp: [sum(t.fp)], fn: [sum(t.fn)], labels: [-1] }, beta, ctx));
  }
  const scores = perClass(t, beta, ctx);
  if (average === 'none' || average === 'binary') return average === 'none' ? scores : perClassToScalar(scores);
  const total = scores.support.reduce((s, v) => s + v, 0);
  const mean = (values: number[]): number => {
    if (average === 'macro') return values.reduce((s, v) => s + v, 0) / values.length;
    return divide(
      values.reduce((s, v, i) => s + v * scores.support[i]!, 0),
      total,
      ctx,
      'weighted average (no true samples)',
    );
  };
  return {
    precision: mean(scores.precision),
    recall: mean(scores.recall),
    fScore: mean(scores.fScore),
    support: total,
  };
}

function perClassToScalar(s: PrecisionRecallFScore<number[]>): PrecisionRecallFScore<number> {
  return { precision: s.precision[0]!, recall: s.recall[0]!, fScore: s.fScore[0]!, support: s.support[0]! };
}

function scoreSingleLabel(
  yTrue: VectorInput,
  yPred: VectorInput,
  average: Average,
  beta: number,
  options: FScoreOptions,
  ctx: Context,
): PrecisionRecallFScore<number | number[]> {
  if (average === 'samples') {
    throw new MetricInputError(
      `${ctx.caller}: average 'samples' is for multi-label matrices; use 'micro', 'macro' or 'weighted'`,
    );
  }
  const { numClasses: k, counts, present } = countConfusion(yTrue, yPred, ctx.caller, options);
  const labels: number[] = [];
  for (let c = 0; c < k; c++) if (options.numClasses !== undefined || present[c] === 1) labels.push(c);
  if (average === 'binary') {
    const positive = options.positiveLabel === undefined ? 1 : options.positiveLabel;
    if (labels.length > 2) {
      throw new MetricInputError(
        `${ctx.caller}: the labels hold ${labels.length} classes (${labels.join(', ')}) but average is 'binary'; ` +
          "choose average 'micro', 'macro', 'weighted' or 'none'",
      );
    }
    if (!(Number.isInteger(positive) && positive >= 0)) {
      throw new MetricInputError(`${ctx.caller}: positiveLabel must be a class index, got ${positive}`);
    }
    if (!labels.includes(positive) && labels.length >= 2) {
      throw new MetricInputError(
        `${ctx.caller}: positiveLabel ${positive} is not one of the labels present (${labels.join(', ')})`,
      );
    }
    const kk = Math.max(k, positive + 1);
    const at = (a: number, b: number) => (a < k && b < k ? counts[a * k + b]! : 0);
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let c = 0; c < kk; c++) {
      if (c === positive) continue;
      fp += at(c, positive);
      fn += at(positive, c);
    }
    tp = at(positive, positive);
    return averaged({ tp: [tp], fp: [fp], fn: [fn], labels: [positive] }, 'binary', beta, ctx);
  }
  const tp = labels.map((c) => counts[c * k + c]!);
  const predicted = labels.map((c) => {
    let s = 0;
    for (let r = 0; r < k; r++) s += counts[r * k + c]!;
    return s;
  });
  const actual = labels.map((c) => {
    let s = 0;
    for (let p = 0; p < k; p++) s += counts[c * k + p]!;
    return s;
  });
  return averaged(
    { tp, fp: predicted.map((v, i) => v - tp[i]!), fn: actual.map((v, i) => v - tp[i]!), labels },
    average,
    beta,
    ctx,
  );
}

function scoreMultilabel(
  yTrue: MatrixInput,
  yPred: MatrixInput,
  average: Average,
  beta: number,
  ctx: Context,
): PrecisionRecallFScore<number | number[]> {
  if (average === 'binary') {
    throw new MetricInputError(
      `${ctx.caller}: the labels are a multi-label matrix but average is 'binary'; choose 'micro', 'macro', 'weighted', 'samples' or 'none'`,
    );
  }
  const counts = countMultilabel(yTrue, yPred, ctx.caller);
  const labels = Array.from({ length: counts.cols }, (_, c) => c);
  if (average !== 'samples') return averaged({ ...counts, labels }, average, beta, ctx);
  // Per sample: score the predicted label set against the true one, then average over samples.
  const { rows, cols, trueData, predData } = counts;
  const sums = { precision: 0, recall: 0, fScore: 0 };
  for (let r = 0; r < rows; r++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let c = 0; c < cols; c++) {
      const a = trueData[r * cols + c];
      const b = predData[r * cols + c];
      if (a === 1 && b === 1) tp++;
      else if (b === 1) fp++;
      else if (a === 1) fn++;
    }
    const s = perClass({ tp: [tp], fp: [fp], fn: [fn], labels: [r] }, beta, ctx);
    sums.precision += s.precision[0]!;
    sums.recall += s.recall[0]!;
    sums.fScore += s.fScore[0]!;
  }
  let support = 0;
  for (let i = 0; i < trueData.length; i++) support += trueData[i]!;
  return { precision: sums.precision / rows, recall: sums.recall / rows, fScore: sums.fScore / rows, support };
}
