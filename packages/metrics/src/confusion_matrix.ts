import { MetricInputError } from './errors.js';
import {
  checkBinaryMatrix,
  checkLabels,
  checkSameLength,
  checkSameShape,
  type MatrixInput,
  toMatrix,
  toVector,
  type VectorInput,
} from './input.js';

/** Options shared by the label metrics. */
export interface ClassOptions {
  /** The number of classes; labels must be < numClasses. Defaults to 1 + the largest label seen. */
  numClasses?: number;
}

/** Counts of a confusion matrix in row-major order: row = true class, column = predicted class. */
export interface ConfusionCounts {
  readonly numClasses: number;
  readonly counts: Float64Array;
  /** Which classes occur in yTrue or yPred (scikit-learn scores only those unless told otherwise). */
  readonly present: Uint8Array;
}

/** Validates two label vectors and counts them in one pass. Shared by every label metric. */
export function countConfusion(
  yTrue: VectorInput,
  yPred: VectorInput,
  caller: string,
  options: ClassOptions = {},
): ConfusionCounts {
  const t = toVector(yTrue, caller, 'yTrue');
  const p = toVector(yPred, caller, 'yPred');
  checkSameLength(t, p, caller, 'yTrue and yPred');
  if (options.numClasses !== undefined && !(Number.isInteger(options.numClasses) && options.numClasses >= 1)) {
    throw new MetricInputError(`${caller}: numClasses must be a positive integer, got ${options.numClasses}`);
  }
  const maxLabel = Math.max(
    checkLabels(t, caller, 'yTrue', options.numClasses),
    checkLabels(p, caller, 'yPred', options.numClasses),
  );
  const k = options.numClasses ?? maxLabel + 1;
  const counts = new Float64Array(k * k);
  for (let i = 0; i < t.length; i++) counts[t[i]! * k + p[i]!]!++;
  const present = new Uint8Array(k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      if (counts[a * k + b]! > 0) {
        present[a] = 1;
        present[b] = 1;
      }
    }
  }
  return { numClasses: k, counts, present };
}

/**
 * The confusion matrix C, where C[i][j] counts samples of true class i predicted as class j
 * (scikit-learn's convention). Classes are 0..numClasses-1.
 *
 * @example
 * confusionMatrix([0, 1, 1], [0, 1, 0]); // [[1, 0], [1, 1]]
 */
export function confusionMatrix(yTrue: VectorInput, yPred: VectorInput, options: ClassOptions = {}): number[][] {
  const { numClasses: k, counts } = countConfusion(yTrue, yPred, 'confusionMatrix', options);
  return Array.from({ length: k }, (_, i) => Array.from(counts.subarray(i * k, (i + 1) * k)));
}

/** Per-label true/false positives and negatives of 0/1 label matrices. */
export interface LabelCounts {
  readonly tp: Float64Array;
  readonly fp: Float64Array;
  readonly fn: Float64Array;
  readonly tn: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

export function countMultilabel(
  yTrue: MatrixInput,
  yPred: MatrixInput,
  caller: string,
): LabelCounts & {
  readonly trueData: ArrayLike<number>;
  readonly predData: ArrayLike<number>;
} {
  const t = toMatrix(yTrue, caller, 'yTrue');
  const p = toMatrix(yPred, caller, 'yPred');
  checkSameShape(t, p, caller, 'yTrue and yPred');
  checkBinaryMatrix(t, caller, 'yTrue');
  checkBinaryMatrix(p, caller, 'yPred');
  const { rows, cols } = t;
  const tp = new Float64Array(cols);
  const fp = new Float64Array(cols);
  const fn = new Float64Array(cols);
  const tn = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const a = t.data[r * cols + c];
      const b = p.data[r * cols + c];
      if (a === 1) {
        if (b === 1) tp[c]!++;
        else fn[c]!++;
      } else if (b === 1) fp[c]!++;
      else tn[c]!++;
    }
  }
  return { tp, fp, fn, tn, rows, cols, trueData: t.data, predData: p.data };
}

/**
 * One 2×2 confusion matrix per label of a multi-label problem, as `[[tn, fp], [fn, tp]]`
 * (scikit-learn's `multilabel_confusion_matrix` layout).
 *
 * @example
 * multilabelConfusionMatrix([[1, 0], [0, 1]], [[1, 1], [0, 1]]); // [[[1, 0], [0, 1]], [[0, 1], [0, 1]]]
 */
export function multilabelConfusionMatrix(yTrue: MatrixInput, yPred: MatrixInput): number[][][] {
  const { tp, fp, fn, tn, cols } = countMultilabel(yTrue, yPred, 'multilabelConfusionMatrix');
  return Array.from({ length: cols }, (_, c) => [
    [tn[c]!, fp[c]!],
    [fn[c]!, tp[c]!],
  ]);
}
