import { countConfusion } from './confusion_matrix.js';
import {
  checkBinaryMatrix,
  checkSameShape,
  isMatrixInput,
  type MatrixInput,
  toMatrix,
  type VectorInput,
} from './input.js';
import type { LabelInput } from './precision_recall_fscore.js';

/**
 * The share of samples predicted right. For multi-label matrices: subset accuracy, the share of
 * samples whose whole label set is right (scikit-learn's `accuracy_score`).
 *
 * @example
 * accuracy([0, 1, 2, 2], [0, 2, 2, 2]); // 0.75
 */
export function accuracy(yTrue: LabelInput, yPred: LabelInput): number {
  if (isMatrixInput(yTrue) || isMatrixInput(yPred)) return subsetAccuracy(yTrue as MatrixInput, yPred as MatrixInput);
  const { numClasses: k, counts } = countConfusion(yTrue as VectorInput, yPred as VectorInput, 'accuracy');
  let correct = 0;
  let total = 0;
  for (let i = 0; i < k; i++) {
    correct += counts[i * k + i]!;
    for (let j = 0; j < k; j++) total += counts[i * k + j]!;
  }
  return correct / total;
}

/**
 * 1 − accuracy: the error rate that the recipe compares against human-level error, as in
 * "human 1 %, train 8 %, dev 10 %: avoidable bias 7 %, variance 2 %".
 */
export function errorRate(yTrue: LabelInput, yPred: LabelInput): number {
  return 1 - accuracy(yTrue, yPred);
}

function subsetAccuracy(yTrue: MatrixInput, yPred: MatrixInput): number {
  const t = toMatrix(yTrue, 'accuracy', 'yTrue');
  const p = toMatrix(yPred, 'accuracy', 'yPred');
  checkSameShape(t, p, 'accuracy', 'yTrue and yPred');
  checkBinaryMatrix(t, 'accuracy', 'yTrue');
  checkBinaryMatrix(p, 'accuracy', 'yPred');
  let exact = 0;
  for (let r = 0; r < t.rows; r++) {
    let same = true;
    for (let c = 0; c < t.cols && same; c++) same = t.data[r * t.cols + c] === p.data[r * t.cols + c];
    if (same) exact++;
  }
  return exact / t.rows;
}
