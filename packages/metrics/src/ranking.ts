import { MetricInputError } from './errors.js';
import {
  checkBinaryMatrix,
  checkLabels,
  checkSameLength,
  checkScores,
  isMatrixInput,
  type MatrixInput,
  optionsObject,
  toMatrix,
  toVector,
  type VectorInput,
} from './input.js';

/** How per-label ranking scores combine: `'macro'` mean over labels, `'micro'` pooled, `'none'` per label. */
export type RankingAverage = 'macro' | 'micro' | 'none';

/** Options of `rocAuc` and `averagePrecision`: how multi-label scores are averaged. */
export interface RankingOptions {
  average?: RankingAverage;
}

/**
 * Area under the ROC curve from scores: the probability that a random positive scores above a
 * random negative (ties count half). Binary labels with 1-D scores; 0/1 label matrices with score
 * matrices (per label); or integer class labels with a class-score matrix (one-vs-rest).
 *
 * @example
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 */
export function rocAuc(
  yTrue: VectorInput | MatrixInput,
  scores: VectorInput | MatrixInput,
  options?: RankingOptions,
): number;
export function rocAuc(
  yTrue: VectorInput | MatrixInput,
  scores: VectorInput | MatrixInput,
  options: { average: 'none' },
): number[];
export function rocAuc(
  yTrue: VectorInput | MatrixInput,
  scores: VectorInput | MatrixInput,
  options: RankingOptions = {},
): number | number[] {
  optionsObject(options, 'rocAuc');
  return perLabel(yTrue, scores, options, 'rocAuc', binaryRocAuc);
}

/**
 * Average precision: the area under the precision-recall curve as a step sum,
 * AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ over score thresholds (scikit-learn's `average_precision_score`, no interpolation).
 */
export function averagePrecision(
  yTrue: VectorInput | MatrixInput,
  scores: VectorInput | MatrixInput,
  options?: RankingOptions,
): number;
export function averagePrecision(
  yTrue: VectorInput | MatrixInput,
  scores: VectorInput | MatrixInput,
  options: { average: 'none' },
): number[];
export function averagePrecision(
  yTrue: VectorInput | MatrixInput,
  scores: VectorInput | MatrixInput,
  options: RankingOptions = {},
): number | number[] {
  optionsObject(options, 'averagePrecision');
  return perLabel(yTrue, scores, options, 'averagePrecision', binaryAveragePrecision);
}

type BinaryRanking = (truth: ArrayLike<number>, scores: ArrayLike<number>, caller: string) => number;

function perLabel(
  yTrue: VectorInput | MatrixInput,
  scores: VectorInput | MatrixInput,
  options: RankingOptions,
  caller: string,
  metric: BinaryRanking,
): number | number[] {
  const average = options.average === undefined ? 'macro' : options.average;
  if (!['macro', 'micro', 'none'].includes(average)) {
    throw new MetricInputError(`${caller}: unknown average ${JSON.stringify(average)}; use 'macro', 'micro' or 'none'`);
  }
  if (!isMatrixInput(scores)) {
    const t = toVector(yTrue as VectorInput, caller, 'yTrue');
    const s = toVector(scores, caller, 'scores');
    checkSameLength(t, s, caller, 'yTrue and scores');
    checkScores(s, caller, 'scores');
    for (let i = 0; i < t.length; i++) {
      if (t[i] !== 0 && t[i] !== 1) {
        throw new MetricInputError(`${caller}: yTrue[${i}] is ${t[i]}; with 1-D scores the labels must be 0 or 1`);
      }
    }
    return metric(t, s, caller);
  }
  const s = toMatrix(scores, caller, 'scores');
  checkScores(s.data, caller, 'scores');
  const truth = isMatrixInput(yTrue) ? toMatrix(yTrue, caller, 'yTrue') : oneHot(yTrue, s.cols, caller);
  if (truth.rows !== s.rows || truth.cols !== s.cols) {
    throw new MetricInputError(
      `${caller}: yTrue has shape [${truth.rows}, ${truth.cols}] but scores [${s.rows}, ${s.cols}]`,
    );
  }
  checkBinaryMatrix(truth, caller, 'yTrue');
  if (average === 'micro') return metric(truth.data, s.data, caller);
  const values = Array.from({ length: s.cols }, (_, c) => {
    const column = (m: ArrayLike<number>) => Float64Array.from({ length: s.rows }, (_, r) => m[r * s.cols + c]!);
    return metric(column(truth.data), column(s.data), `${caller} (label ${c})`);
  });
  return average === 'none' ? values : values.reduce((a, b) => a + b, 0) / values.length;
}

function oneHot(yTrue: VectorInput | MatrixInput, cols: number, caller: string) {
  const t = toVector(yTrue as VectorInput, caller, 'yTrue');
  checkLabels(t, caller, 'yTrue', cols);
  const data = new Float64Array(t.length * cols);
  for (let i = 0; i < t.length; i++) data[i * cols + t[i]!] = 1;
  return { data, rows: t.length, cols };
}

/** Sample indices by descending score. */
function byScoreDescending(scores: ArrayLike<number>): Uint32Array {
  const order = Uint32Array.from({ length: scores.length }, (_, i) => i);
  return order.sort((a, b) => scores[b]! - scores[a]!);
}

function countPositives(truth: ArrayLike<number>, caller: string): { positives: number; negatives: number } {
  let positives = 0;
  for (let i = 0; i < truth.length; i++) positives += truth[i]!;
  const negatives = truth.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new MetricInputError(
      `${caller}: yTrue holds only ${positives === 0 ? 'negatives' : 'positives'}; ROC AUC is undefined without both classes`,
    );
  }
  return { positives, negatives };
}

// Mann–Whitney U with average ranks for ties: equals the trapezoidal area under the ROC curve.
function binaryRocAuc(truth: ArrayLike<number>, scores: ArrayLike<number>, caller: string): number {
  const { positives, negatives } = countPositives(truth, caller);
  const order = byScoreDescending(scores);
  let rankSumOfPositives = 0; // ranks ascending by score, 1-based
  const n = order.length;
  for (let start = 0; start < n; ) {
    let end = start;
    let positivesInTie = 0;
    while (end < n && scores[order[end]!] === scores[order[start]!]) positivesInTie += truth[order[end++]!]!;
    // Positions start..end-1 in descending order are ascending ranks n-end+1 .. n-start.
    const averageRank = (n - end + 1 + (n - start)) / 2;
    rankSumOfPositives += positivesInTie * averageRank;
    start = end;
  }
  return (rankSumOfPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}

function binaryAveragePrecision(truth: ArrayLike<number>, scores: ArrayLike<number>, caller: string): number {
  let positives = 0;
  for (let i = 0; i < truth.length; i++) positives += truth[i]!;
  if (positives === 0) {
    throw new MetricInputError(`${caller}: yTrue holds no positives; average precision is undefined`);
  }
  const order = byScoreDescending(scores);
  let tp = 0;
  let fp = 0;
  let previousRecall = 0;
  let ap = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) {
      if (truth[order[end]!] === 1) tp++;
      else fp++;
      end++;
    }
    const recallHere = tp / positives;
    ap += (recallHere - previousRecall) * (tp / (tp + fp));
    previousRecall = recallHere;
    start = end;
  }
  return ap;
}
