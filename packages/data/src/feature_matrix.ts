import { DataShapeError } from './errors.js';
import { shown } from './validate.js';

/** Numeric typed arrays data can live in (uint8 images stay uint8 until a batch is built). */
export type NumericArray =
  | Uint8Array
  | Uint8ClampedArray
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array
  | number[];

/** Rows of data in one flat array: `shape[0]` rows, each of `shape.slice(1)` (e.g. [n, 28, 28, 1]). */
export interface ArrayData {
  readonly values: NumericArray;
  readonly shape: readonly number[];
}

/** Features as `ArrayData` of shape [n, d] or as nested rows. */
export type FeatureInput = ArrayData | ReadonlyArray<ArrayLike<number>>;

export interface Rows {
  readonly values: ArrayLike<number>;
  readonly rows: number;
  /** Values per row. */
  readonly width: number;
  readonly shape: readonly number[];
}

/** Normalises row data and checks values.length matches the shape. */
export function toRows(x: FeatureInput | ArrayData, caller: string, what = 'x'): Rows {
  if (Array.isArray(x)) {
    const rows = x.length;
    if (rows === 0) throw new DataShapeError(`${caller}: ${what} has no rows`);
    const bad = x.findIndex(
      (row) => row === null || typeof row !== 'object' || typeof (row as ArrayLike<number>).length !== 'number',
    );
    if (bad >= 0) {
      throw new DataShapeError(
        `${caller}: ${what} row ${bad} is not an array of numbers; give rows like [[1, 2], [3, 4]] or { values, shape }`,
      );
    }
    const width = (x[0] as ArrayLike<number>).length;
    if (width === 0) throw new DataShapeError(`${caller}: ${what} rows are empty`);
    const values = new Float64Array(rows * width);
    x.forEach((row: ArrayLike<number>, r: number) => {
      if (row.length !== width) {
        throw new DataShapeError(`${caller}: ${what} row ${r} has ${row.length} values, row 0 has ${width}`);
      }
      for (let c = 0; c < width; c++) values[r * width + c] = row[c]!;
    });
    return { values, rows, width, shape: [rows, width] };
  }
  if (x === null || typeof x !== 'object') {
    throw new DataShapeError(`${caller}: ${what} must be { values, shape } or an array of rows, got ${shown(x)}`);
  }
  const { values, shape } = x as ArrayData;
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new DataShapeError(`${caller}: ${what}.shape must be non-negative integers like [n, d], got ${shown(shape)}`);
  }
  const rows = shape[0]!;
  const width = shape.slice(1).reduce((a, b) => a * b, 1);
  if (values?.length !== rows * width) {
    throw new DataShapeError(
      `${caller}: ${what} has ${values?.length} values but shape [${shape.join(', ')}] needs ${rows * width}`,
    );
  }
  if (rows === 0) throw new DataShapeError(`${caller}: ${what} has no rows`);
  return { values, rows, width, shape };
}
