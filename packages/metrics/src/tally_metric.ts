import { MetricInputError } from './errors.js';

/** A metric computed from a tally of (true class, predicted class) counts. */
export type TallyMetric = 'accuracy' | 'errorRate' | 'precision' | 'recall' | 'f1' | 'fBeta';

/** Which metric a bootstrap or a paired comparison measures, scored as scikit-learn scores it. */
export interface TallyMetricOptions {
  /** Default 'f1'. */
  readonly metric?: TallyMetric;
  /** For 'fBeta': the weight of recall against precision. */
  readonly beta?: number;
  /** For precision, recall, F: 'binary' (default), 'micro', 'macro' or 'weighted' (see `Average`). */
  readonly average?: 'binary' | 'micro' | 'macro' | 'weighted';
  /** The positive class with average 'binary'. Default 1. */
  readonly positiveLabel?: number;
  /** The number of classes; default 1 + the largest label seen. */
  readonly numClasses?: number;
}

/** A metric resolved against the labels: what `scoreTally` needs. */
export interface ResolvedMetric {
  readonly metric: TallyMetric;
  readonly beta2: number;
  readonly average: 'binary' | 'micro' | 'macro' | 'weighted';
  readonly positive: number;
  /** The classes averaged over: those present in the whole sample (or all numClasses), fixed for every resample. */
  readonly labels: Int32Array;
  readonly numClasses: number;
}

const METRICS: readonly TallyMetric[] = ['accuracy', 'errorRate', 'precision', 'recall', 'f1', 'fBeta'];
const AVERAGES = ['binary', 'micro', 'macro', 'weighted'] as const;

/** Checks the metric options against the classes present and fixes the label set. */
export function resolveMetric(
  options: TallyMetricOptions,
  numClasses: number,
  present: Uint8Array,
  caller: string,
): ResolvedMetric {
  const metric = options.metric === undefined ? 'f1' : options.metric;
  if (!METRICS.includes(metric)) {
    throw new MetricInputError(`${caller}: unknown metric ${JSON.stringify(metric)}; use one of ${METRICS.join(', ')}`);
  }
  const beta = metric === 'fBeta' ? options.beta : 1;
  if (!(typeof beta === 'number' && beta > 0 && Number.isFinite(beta))) {
    throw new MetricInputError(
      `${caller}: metric 'fBeta' needs beta > 0 (e.g. 2 to weigh recall twice), got ${String(beta)}`,
    );
  }
  const average = options.average === undefined ? 'binary' : options.average;
  if (!AVERAGES.includes(average)) {
    throw new MetricInputError(
      `${caller}: average must be one of ${AVERAGES.join(', ')}, got ${JSON.stringify(average)}`,
    );
  }
  const all = options.numClasses !== undefined;
  const labels = Int32Array.from({ length: numClasses }, (_, c) => c).filter((c) => all || present[c] === 1);
  const positive = options.positiveLabel === undefined ? 1 : options.positiveLabel;
  const needsClasses = metric !== 'accuracy' && metric !== 'errorRate';
  if (needsClasses && average === 'binary') {
    if (labels.length > 2) {
      throw new MetricInputError(
        `${caller}: the labels hold ${labels.length} classes but average is 'binary'; choose average 'micro', 'macro' or 'weighted'`,
      );
    }
    if (!(Number.isInteger(positive) && positive >= 0)) {
      throw new MetricInputError(`${caller}: positiveLabel must be a class index, got ${positive}`);
    }
  }
  return { metric, beta2: beta * beta, average, positive, labels, numClasses: Math.max(numClasses, positive + 1) };
}

/** Per-class working space for `scoreTally`, allocated once per bootstrap. */
export interface TallyScratch {
  readonly truePositives: Float64Array;
  readonly predicted: Float64Array;
  readonly actual: Float64Array;
}

export function tallyScratch(numClasses: number): TallyScratch {
  return {
    truePositives: new Float64Array(numClasses),
    predicted: new Float64Array(numClasses),
    actual: new Float64Array(numClasses),
  };
}

/**
 * The metric of a tally: `counts[i]` examples had true class `truth[i]` and prediction `pred[i]`.
 * A 0/0 precision, recall or F is 0 (scikit-learn's value), silently: resamples hit it by chance.
 */
export function scoreTally(
  truth: Int32Array,
  pred: Int32Array,
  counts: ArrayLike<number>,
  m: ResolvedMetric,
  scratch: TallyScratch,
): number {
  if (m.metric === 'accuracy' || m.metric === 'errorRate') {
    let correct = 0;
    let total = 0;
    for (let i = 0; i < counts.length; i++) {
      total += counts[i]!;
      if (truth[i] === pred[i]) correct += counts[i]!;
    }
    return m.metric === 'accuracy' ? correct / total : 1 - correct / total;
  }
  const { truePositives: tp, predicted, actual } = scratch;
  tp.fill(0);
  predicted.fill(0);
  actual.fill(0);
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    actual[truth[i]!]! += c;
    predicted[pred[i]!]! += c;
    if (truth[i] === pred[i]) tp[truth[i]!]! += c;
  }
  if (m.average === 'binary') return classScore(m, tp[m.positive]!, predicted[m.positive]!, actual[m.positive]!);
  if (m.average === 'micro') {
    let t = 0;
    let p = 0;
    let a = 0;
    for (const c of m.labels) {
      t += tp[c]!;
      p += predicted[c]!;
      a += actual[c]!;
    }
    return classScore(m, t, p, a);
  }
  let sum = 0;
  let weight = 0;
  for (const c of m.labels) {
    const w = m.average === 'macro' ? 1 : actual[c]!;
    sum += w * classScore(m, tp[c]!, predicted[c]!, actual[c]!);
    weight += w;
  }
  return weight === 0 ? 0 : sum / weight;
}

function classScore(m: ResolvedMetric, tp: number, predicted: number, actual: number): number {
  if (m.metric === 'precision') return predicted === 0 ? 0 : tp / predicted;
  if (m.metric === 'recall') return actual === 0 ? 0 : tp / actual;
  // Fβ = (1 + β²)·tp / ((1 + β²)·tp + β²·fn + fp) = (1 + β²)·tp / (β²·actual + predicted).
  const denominator = m.beta2 * actual + predicted;
  return denominator === 0 ? 0 : ((1 + m.beta2) * tp) / denominator;
}
