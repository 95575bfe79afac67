import { createRng } from '@mlrecipe/core';
import { copyRows, gatherRows, requireBackend, tf } from '@mlrecipe/tensor';
import { DataShapeError } from './errors.js';
import { type ArrayData, type NumericArray, toRows } from './feature_matrix.js';
import { optionsObject, shown } from './validate.js';

/**
 * Options of `batches`: batch size, shuffling (seeded, one order per epoch), the rows to draw from and per-batch transforms.
 */
export interface BatchOptions {
  /** Rows per batch. Powers of two (32–512) are usual because they fit memory and vector units evenly; any size works. */
  batchSize: number;
  /** Shuffle the row order (a new order per epoch). Default true. */
  shuffle?: boolean;
  seed?: number | string;
  /** The epoch number: with the same seed, each epoch gets its own order and the same order on every run. */
  epoch?: number;
  /** Drop a last batch smaller than batchSize. Default false. */
  dropRemainder?: boolean;
  /** Iterate only these rows (e.g. `split.train`), without copying the data. */
  indices?: ArrayLike<number>;
  /** Applied to each x batch (float32, row-major) before it becomes a tensor, e.g. a fitted scaler. */
  transformX?: (values: Float32Array, rows: number) => Float32Array;
}

/** One mini-batch: tensors the caller disposes (`batch.dispose()`), and the rows they came from. */
export interface Batch {
  readonly x: tf.Tensor;
  readonly y?: tf.Tensor;
  readonly indices: Uint32Array;
  /** Disposes the batch's tensors (`x`, and `y` when present). */
  dispose(): void;
}

/**
 * Mini-batches as tensors, built one at a time from rows kept in typed arrays: memory stays
 * O(batch), and 200,000 uint8 images never become one float32 tensor. x becomes float32; y keeps
 * integer labels as int32 (others float32).
 *
 * @example
 * for (const batch of batches({ x: images, y: labels }, { batchSize: 64, seed: 1, epoch, indices: split.train })) {
 *   trainStep(batch.x, batch.y);
 *   batch.dispose();
 * }
 */
export function* batches(
  data: { x: ArrayData; y?: ArrayData },
  options: BatchOptions,
): Generator<Batch, void, undefined> {
  if (data === null || typeof data !== 'object') {
    throw new DataShapeError(`batches: data must be { x, y? } of { values, shape }, got ${shown(data)}`);
  }
  optionsObject(options, 'batches', true);
  const x = toRows(data.x, 'batches', 'x');
  const y = data.y === undefined ? undefined : toRows(data.y, 'batches', 'y');
  if (y !== undefined && y.rows !== x.rows) {
    throw new DataShapeError(`batches: x has ${x.rows} rows but y has ${y.rows}; give one target per row`);
  }
  const { batchSize, shuffle = true, dropRemainder = false, epoch = 0 } = options;
  if (!(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 2 ** 31 - 1)) {
    throw new DataShapeError(`batches: batchSize must be a positive integer, got ${shown(batchSize)}`);
  }
  if (!(Number.isInteger(epoch) && epoch >= 0 && epoch <= Number.MAX_SAFE_INTEGER))
    throw new DataShapeError(`batches: epoch must be a non-negative integer, got ${shown(epoch)}`);
  // NaN passes through on purpose: in y it marks a missing label (maskedSigmoidCrossEntropy), and
  // in x it makes the loss NaN, which train reports as TrainingDivergedError naming the batch.
  // The batches are tensors: without a backend, say so here rather than from inside tfjs.
  requireBackend('batches');
  const order = rowOrder(x.rows, options.indices);
  if (shuffle)
    createRng(options.seed ?? 0)
      .fork(`epoch-${epoch}`)
      .shuffle(order);
  const yDtype = y !== undefined && isIntegerArray(data.y!.values) ? 'int32' : 'float32';
  for (let start = 0; start < order.length; start += batchSize) {
    const rows = order.subarray(start, Math.min(start + batchSize, order.length));
    if (rows.length < batchSize && dropRemainder) return;
    const rowShape = x.shape.slice(1);
    // Without a transform the rows go straight into the tensor's memory (on wasm, one copy).
    const xTensor =
      options.transformX === undefined
        ? gatherRows(x.values, x.width, rows, rowShape)
        : tf.tensor(
            options.transformX(gather(x.values, x.width, rows, Float32Array), rows.length),
            [rows.length, ...rowShape],
            'float32',
          );
    const yTensor =
      y === undefined
        ? undefined
        : tf.tensor(
            yDtype === 'int32'
              ? gather(y.values, y.width, rows, Int32Array)
              : gather(y.values, y.width, rows, Float32Array),
            [rows.length, ...y.shape.slice(1)],
            yDtype,
          );
    yield {
      x: xTensor,
      ...(yTensor === undefined ? {} : { y: yTensor }),
      indices: rows,
      dispose: () => tf.dispose(yTensor === undefined ? [xTensor] : [xTensor, yTensor]),
    };
  }
}

function rowOrder(rows: number, indices?: ArrayLike<number>): Uint32Array {
  if (indices === undefined) return Uint32Array.from({ length: rows }, (_, i) => i);
  const order = Uint32Array.from(indices);
  for (let i = 0; i < order.length; i++) {
    if (order[i]! >= rows || order[i] !== indices[i]) {
      throw new DataShapeError(`batches: indices[${i}] is ${indices[i]}, but the data has ${rows} rows`);
    }
  }
  return order;
}

/** The rows as a new array of `Out`'s type (tensor's copyRows does the copy). */
function gather<T extends Float32Array | Int32Array>(
  values: ArrayLike<number>,
  width: number,
  rows: Uint32Array,
  Out: { new (length: number): T },
): T {
  return copyRows(values, width, rows, new Out(rows.length * width));
}

function isIntegerArray(values: NumericArray): boolean {
  return (
    values instanceof Uint8Array ||
    values instanceof Int8Array ||
    values instanceof Uint16Array ||
    values instanceof Int16Array ||
    values instanceof Uint32Array ||
    values instanceof Int32Array
  );
}
