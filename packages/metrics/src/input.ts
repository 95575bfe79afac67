import { MetricInputError, MetricShapeError } from './errors.js';

/** A tensor-like value: anything with `dataSync()` and a `shape` (tfjs tensors). Read without a backend import. */
export interface TensorInput {
  readonly shape: readonly number[];
  /** The values, row-major (a tfjs tensor's `dataSync`). */
  dataSync(): ArrayLike<number>;
}

/** Labels or scores: arrays, typed arrays, or tensors. */
export type VectorInput = ArrayLike<number> | TensorInput;

/** A 0/1 label matrix or a score matrix (rows are samples): nested arrays or a 2-D tensor. */
export type MatrixInput = ReadonlyArray<ArrayLike<number>> | TensorInput;

export interface Matrix {
  readonly data: ArrayLike<number>;
  readonly rows: number;
  readonly cols: number;
}

function isTensor(x: unknown): x is TensorInput {
  return typeof (x as TensorInput | null)?.dataSync === 'function' && Array.isArray((x as TensorInput).shape);
}

/** True for nested arrays and rank-2 tensors: the multi-label form. */
export function isMatrixInput(x: unknown): x is MatrixInput {
  if (isTensor(x)) return x.shape.length === 2;
  return Array.isArray(x) && x.length > 0 && typeof x[0] === 'object' && x[0] !== null;
}

/** Flattens a vector input and checks it is non-empty and 1-D. */
export function toVector(x: VectorInput, caller: string, what: string): ArrayLike<number> {
  if (isTensor(x)) {
    if (x.shape.length !== 1) {
      throw new MetricShapeError(`${caller}: ${what} must be 1-D, got a tensor of shape [${x.shape.join(', ')}]`);
    }
    x = x.dataSync();
  }
  if (x == null || typeof (x as ArrayLike<number>).length !== 'number') {
    throw new MetricInputError(`${caller}: ${what} must be an array, a typed array or a tensor, got ${typeof x}`);
  }
  if (x.length === 0) throw new MetricInputError(`${caller}: ${what} is empty; there is nothing to score`);
  return x;
}

/** Flattens a matrix input (nested arrays or a 2-D tensor) into row-major data. */
export function toMatrix(x: MatrixInput, caller: string, what: string): Matrix {
  if (isTensor(x)) {
    if (x.shape.length !== 2) {
      throw new MetricShapeError(`${caller}: ${what} must be 2-D, got shape [${x.shape.join(', ')}]`);
    }
    const [rows = 0, cols = 0] = x.shape;
    if (rows === 0 || cols === 0) throw new MetricInputError(`${caller}: ${what} is empty`);
    return { data: x.dataSync(), rows, cols };
  }
  const rows = x.length;
  if (rows === 0) throw new MetricInputError(`${caller}: ${what} is empty; there is nothing to score`);
  const cols = x[0]!.length;
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const row = x[r]!;
    if (row.length !== cols) {
      throw new MetricShapeError(`${caller}: ${what} row ${r} has ${row.length} columns, row 0 has ${cols}`);
    }
    for (let c = 0; c < cols; c++) data[r * cols + c] = row[c]!;
  }
  return { data, rows, cols };
}

/**
 * The most classes a confusion table holds: k×k float64 counts, 134 MB at 4,096. A label of 10^9
 * is almost always an id that was never mapped to a class index.
 */
export const MAX_CLASSES = 4096;

/**
 * Checks class labels: integers ≥ 0 (and < numClasses when given). Returns the largest label.
 * One pass, no copy: the check runs on 10M labels in a few milliseconds.
 */

export function checkLabels(labels: ArrayLike<number>, caller: string, what: string, numClasses?: number): number {
  let max = 0;
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i]!;
    // v === (v | 0) is false for NaN, ±Infinity, fractions and values beyond int32.
    if (v !== (v | 0) || v < 0) {
      throw new MetricInputError(
        `${caller}: ${what}[${i}] is ${v}; labels must be non-negative integers (class indices 0, 1, 2, …)`,
      );
    }
    if (v > max) max = v;
  }
  if (max >= MAX_CLASSES) {
    throw new MetricInputError(
      `${caller}: ${what} contains label ${max}; labels are class indices 0..k-1 with k ≤ ${MAX_CLASSES.toLocaleString('en')} ` +
        '(the counts are a k×k table): map your labels to 0, 1, 2, …',
    );
  }
  if (numClasses !== undefined && max >= numClasses) {
    throw new MetricInputError(
      `${caller}: ${what} contains label ${max}, but numClasses is ${numClasses} (labels must be < numClasses)`,
    );
  }
  return max;
}

/** Checks 0/1 label matrices (multi-label targets). */
export function checkBinaryMatrix(m: Matrix, caller: string, what: string): void {
  for (let i = 0; i < m.data.length; i++) {
    const v = m.data[i];
    if (v !== 0 && v !== 1) {
      const row = Math.floor(i / m.cols);
      throw new MetricInputError(
        `${caller}: ${what}[${row}][${i % m.cols}] is ${v}; multi-label matrices hold 0 or 1 per sample and label`,
      );
    }
  }
}

/** Checks scores are finite numbers. */
export function checkScores(scores: ArrayLike<number>, caller: string, what: string): void {
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i]!)) {
      throw new MetricInputError(`${caller}: ${what}[${i}] is ${scores[i]}; scores must be finite numbers`);
    }
  }
}

export function checkSameLength(a: { length: number }, b: { length: number }, caller: string, names: string): void {
  if (a.length !== b.length) {
    throw new MetricShapeError(
      `${caller}: ${names} have different lengths (${a.length} and ${b.length}); pass one prediction per sample`,
    );
  }
}

export function checkSameShape(a: Matrix, b: Matrix, caller: string, names: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new MetricShapeError(
      `${caller}: ${names} have different shapes ([${a.rows}, ${a.cols}] and [${b.rows}, ${b.cols}])`,
    );
  }
}

/** Checks an options argument: absent (`{}`) or a plain object; `null`, numbers, strings and arrays are mistakes. */
export function optionsObject<T extends object>(options: T | undefined, caller: string): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new MetricInputError(
      `${caller}: options must be an object, got ${Array.isArray(options) ? 'an array' : JSON.stringify(options)}`,
    );
  }
  return options;
}
