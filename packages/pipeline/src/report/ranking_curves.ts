// ROC and precision–recall curves of one class against the rest, from scores. Metrics gives their
// areas (rocAuc, averagePrecision); a report needs the points. Ties in score form one step, as in
// scikit-learn's roc_curve and precision_recall_curve (drop_intermediate=False).

/** A point of a ROC curve: false- and true-positive rates at one threshold. */
export interface RocPoint {
  readonly falsePositiveRate: number;
  readonly truePositiveRate: number;
}

/** A point of a precision–recall curve at one threshold. */
export interface PrPoint {
  readonly recall: number;
  readonly precision: number;
}

/** Cumulative true and false positives at each distinct score, highest score first. */
function steps(positive: ArrayLike<boolean>, scores: ArrayLike<number>) {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const out: { tp: number; fp: number }[] = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; i++) {
    if (positive[order[i]!]) tp++;
    else fp++;
    const next = order[i + 1];
    if (next === undefined || scores[next] !== scores[order[i]!]) out.push({ tp, fp });
  }
  return { out, positives: tp, negatives: fp };
}

/** The ROC curve from (0, 0) to (1, 1); null when one of the two groups is empty (no curve exists). */
export function rocPoints(positive: ArrayLike<boolean>, scores: ArrayLike<number>): RocPoint[] | null {
  const { out, positives, negatives } = steps(positive, scores);
  if (positives === 0 || negatives === 0) return null;
  return [
    { falsePositiveRate: 0, truePositiveRate: 0 },
    ...out.map((s) => ({ falsePositiveRate: s.fp / negatives, truePositiveRate: s.tp / positives })),
  ];
}

/** The precision–recall curve, recall rising, starting at recall 0 with precision 1; null without positives. */
export function prPoints(positive: ArrayLike<boolean>, scores: ArrayLike<number>): PrPoint[] | null {
  const { out, positives } = steps(positive, scores);
  if (positives === 0) return null;
  return [
    { recall: 0, precision: 1 },
    ...out.map((s) => ({ recall: s.tp / positives, precision: s.tp / (s.tp + s.fp) })),
  ];
}

/** Area under a ROC curve by the trapezoidal rule (equals the rank statistic, ties counted half). */
export function rocArea(points: readonly RocPoint[]): number {
  let area = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    area += ((b.falsePositiveRate - a.falsePositiveRate) * (a.truePositiveRate + b.truePositiveRate)) / 2;
  }
  return area;
}

/** Average precision: Σ (Rₙ − Rₙ₋₁) Pₙ over the thresholds (scikit-learn's definition, no interpolation). */
export function prArea(points: readonly PrPoint[]): number {
  let area = 0;
  for (let i = 1; i < points.length; i++) area += (points[i]!.recall - points[i - 1]!.recall) * points[i]!.precision;
  return area;
}
