import { DataShapeError } from './errors.js';
import type { ArrayData } from './feature_matrix.js';
import { shown } from './validate.js';

/**
 * The rows `indices` of an array (e.g. a split's `train` indices), copied into a new array of the
 * same type and shape past the first axis.
 *
 * @example
 * const trainX = takeRows(images, split.train); // shape [split.train.length, 28, 28]
 */
export function takeRows(data: ArrayData, indices: ArrayLike<number>): ArrayData {
  const rows = data?.shape?.[0];
  if (rows === undefined || !(rows >= 0))
    throw new DataShapeError('takeRows: data must be { values, shape } with rows first');
  const width = data.shape.slice(1).reduce((a, b) => a * b, 1);
  if (data.values.length !== rows * width) {
    throw new DataShapeError(
      `takeRows: ${data.values.length} values do not fill shape [${data.shape}] (${rows * width} needed)`,
    );
  }
  if (!(Array.isArray(indices) || (ArrayBuffer.isView(indices) && !(indices instanceof DataView)))) {
    throw new DataShapeError(
      `takeRows: indices must be an array of row numbers (e.g. split.train), got ${shown(indices)}`,
    );
  }
  const Out = data.values.constructor as new (length: number) => ArrayData['values'];
  const out = Array.isArray(data.values) ? new Array<number>(indices.length * width) : new Out(indices.length * width);
  const source = data.values as ArrayLike<number>;
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i]!;
    if (!(Number.isInteger(row) && row >= 0 && row < rows))
      throw new DataShapeError(`takeRows: indices[${i}] is ${shown(row)}, but the data has ${rows} rows`);
    const from = row * width;
    for (let c = 0; c < width; c++) (out as number[])[i * width + c] = source[from + c]!;
  }
  return { values: out, shape: [indices.length, ...data.shape.slice(1)] };
}
