import { bootstrapInterval, rateInterval } from '@mlrecipe/metrics';
import type { SplitEvaluation } from '../evaluate.js';

/** A rate and, where its count allows, its interval. */
interface Figure {
  readonly value: number | null;
  readonly low?: number;
  readonly high?: number;
}

/** Precision, recall and F1 of one class, one-vs-rest, with intervals where the counts allow. */
export interface ClassFigures {
  readonly name: string;
  /** True examples of the class. */
  readonly support: number;
  /** Examples predicted as the class. */
  readonly predicted: number;
  readonly precision: Figure;
  readonly recall: Figure;
  readonly f1: Figure;
}

/**
 * Per-class figures from a split's confusion matrix: precision tp / predicted and recall tp / support
 * with Wilson intervals (a rate over that many examples), F1 with a seeded percentile bootstrap of
 * the split's examples when its labels and predictions were kept. A rate with nothing to measure it
 * on (no example predicted as the class, or none of it) is null, not 0.
 */
export function perClassFigures(
  evaluation: SplitEvaluation,
  classNames?: readonly string[],
  confidence = 0.95,
): ClassFigures[] | null {
  const confusion = evaluation.confusion;
  if (!confusion || confusion.length === 0) return null;
  const labels = evaluation.labels?.values;
  const predictions = evaluation.predictions?.values;
  return confusion.map((row, c) => {
    const tp = row[c]!;
    const support = row.reduce((s, v) => s + v, 0);
    const predicted = confusion.reduce((s, r) => s + r[c]!, 0);
    const rate = (count: number, n: number): Figure => {
      if (n === 0) return { value: null };
      const r = rateInterval(count, n, { confidence });
      return { value: r.value, low: r.low, high: r.high };
    };
    const precision = rate(tp, predicted);
    const recall = rate(tp, support);
    const f1Value = precision.value === null || recall.value === null ? null : (2 * tp) / (support + predicted);
    let f1: Figure = { value: f1Value };
    if (f1Value !== null && labels && predictions) {
      // One class against the rest: its F1 is the binary F1 of "is c" labels and predictions.
      const isC = (values: ArrayLike<number>) => Uint8Array.from(values as ArrayLike<number>, (v) => (v === c ? 1 : 0));
      const b = bootstrapInterval(isC(labels), isC(predictions), {
        metric: 'f1',
        numClasses: 2,
        confidence,
        seed: `per-class-${c}`,
      });
      f1 = { value: f1Value, low: b.low, high: b.high };
    }
    return { name: classNames?.[c] ?? String(c), support, predicted, precision, recall, f1 };
  });
}
