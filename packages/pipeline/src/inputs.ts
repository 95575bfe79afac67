// How train and evaluate feed a model with several named inputs (a graph model's `{ a: [2], b: [1] }`):
// x is a record of arrays, one per input, row-aligned with y. The inputs are laid side by side in
// one matrix once (so batching, shuffling and sampling stay those of one array, and a run with
// named inputs resumes bit-identically like any other), and each batch is cut back into named
// tensors just before the forward pass.
import { type ArrayData, takeRows } from '@mlrecipe/data';
import type { InputShape, ModelInput } from '@mlrecipe/nn';
import { tf } from '@mlrecipe/tensor';
import { PipelineError } from './errors.js';

/** The inputs of a split: one array, or one per named input of a graph model (`{ image, age }`). */
export type Inputs = ArrayData | Readonly<Record<string, ArrayData>>;

/** Whether x is one `{ values, shape }` array (rather than a record of named inputs). */
export const isArrayData = (x: unknown): x is ArrayData =>
  typeof x === 'object' && x !== null && 'values' in x && 'shape' in x;

/** Rows of a split's inputs (of the first named input; checkInputs makes them agree). */
export function rowsOf(x: Inputs): number {
  if (isArrayData(x)) return x.shape[0]!;
  return Object.values(x)[0]?.shape[0] ?? 0;
}

const named = (inputShape: InputShape): Array<[string, readonly number[]]> =>
  Object.entries(inputShape as Record<string, readonly number[]>).sort(([a], [b]) => a.localeCompare(b));

const width = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Checks that a split's inputs fit the model's input shape: one array of rows × ∏inputShape values
 * for a plain shape, or exactly the named inputs, each of the shape its name declares, with the same rows.
 */
export function checkInputs(x: unknown, inputShape: InputShape, where: string): void {
  if (Array.isArray(inputShape)) {
    if (!isArrayData(x)) {
      const keys = typeof x === 'object' && x !== null ? Object.keys(x).join(', ') : String(x);
      throw new PipelineError(
        `${where}.x must be { values, shape } for a model with one input [${inputShape}], got ${typeof x === 'object' && x !== null ? `a record of ${keys}` : keys}`,
      );
    }
    const rowWidth = x.shape.slice(1).reduce((a: number, b: number) => a * b, 1);
    if (rowWidth !== width(inputShape))
      throw new PipelineError(
        `${where} rows have ${rowWidth} values but the model's input shape [${inputShape}] needs ${width(inputShape)}`,
      );
    return;
  }
  const names = named(inputShape).map(([n]) => n);
  if (typeof x !== 'object' || x === null || isArrayData(x))
    throw new PipelineError(
      `${where}.x must be a record of named inputs { ${names.join(', ')} } (one { values, shape } each) for a model with inputs ${names.join(', ')}`,
    );
  const given = Object.keys(x);
  const missing = names.filter((n) => !given.includes(n));
  const unknown = given.filter((n) => !names.includes(n));
  if (missing.length > 0 || unknown.length > 0)
    throw new PipelineError(
      `${where}.x names ${given.join(', ') || 'nothing'} but the model's inputs are ${names.join(', ')}${missing.length ? ` (missing ${missing.join(', ')})` : ''}${unknown.length ? ` (unknown ${unknown.join(', ')})` : ''}`,
    );
  let rows: number | undefined;
  for (const [name, shape] of named(inputShape)) {
    const part = (x as Record<string, unknown>)[name];
    if (!isArrayData(part)) throw new PipelineError(`${where}.x.${name} must be { values, shape }`);
    checkInputs(part, shape, `${where}.x.${name}`);
    if (part.values.length !== part.shape[0]! * width(shape))
      throw new PipelineError(
        `${where}.x.${name} holds ${part.values.length} values but its shape [${part.shape}] needs ${part.shape[0]! * width(shape)}`,
      );
    if (rows !== undefined && part.shape[0] !== rows)
      throw new PipelineError(`${where}.x.${name} has ${part.shape[0]} rows but the other inputs ${rows}; align them`);
    rows = part.shape[0];
  }
}

const packs = new WeakMap<object, { key: string; data: ArrayData }>();

/**
 * The inputs as one array of rows: a single input as it is (shaped [rows, ...inputShape]); named
 * inputs side by side in name order, float32 (what batches makes of x anyway), built once per record.
 */
export function packed(x: Inputs, inputShape: InputShape): ArrayData {
  if (Array.isArray(inputShape)) {
    const data = x as ArrayData;
    return { values: data.values, shape: [data.shape[0]!, ...inputShape] };
  }
  const key = JSON.stringify(named(inputShape));
  const cached = packs.get(x);
  if (cached?.key === key) return cached.data;
  const parts = named(inputShape).map(([name, shape]) => ({
    data: (x as Record<string, ArrayData>)[name]!,
    w: width(shape),
  }));
  const rows = rowsOf(x);
  const total = parts.reduce((s, p) => s + p.w, 0);
  const values = new Float32Array(rows * total);
  let offset = 0;
  for (const { data, w } of parts) {
    for (let r = 0; r < rows; r++) for (let c = 0; c < w; c++) values[r * total + offset + c] = data.values[r * w + c]!;
    offset += w;
  }
  const data = { values, shape: [rows, total] };
  packs.set(x, { key, data });
  return data;
}

/** A batch of packed rows as the model's input, and how to free what cutting it made. */
export function unpacked(batch: tf.Tensor, inputShape: InputShape): { input: ModelInput; dispose(): void } {
  if (Array.isArray(inputShape)) return { input: batch, dispose: () => {} };
  const rows = batch.shape[0]!;
  let offset = 0;
  const input: Record<string, tf.Tensor> = {};
  for (const [name, shape] of named(inputShape)) {
    const w = width(shape);
    input[name] = tf.tidy(() => tf.reshape(tf.slice(batch, [0, offset], [rows, w]), [rows, ...shape]));
    offset += w;
  }
  return { input, dispose: () => tf.dispose(Object.values(input)) };
}

/** A one-row batch of zeros for each input (to learn the model's output width). */
export function zerosFor(inputShape: InputShape): ModelInput {
  if (Array.isArray(inputShape)) return tf.zeros([1, ...inputShape]);
  return Object.fromEntries(named(inputShape).map(([name, shape]) => [name, tf.zeros([1, ...shape])]));
}

/** The given rows of every input (the folds of crossValidate). */
export function takeInputRows(x: Inputs, rows: ArrayLike<number>): Inputs {
  if (isArrayData(x)) return takeRows(x, rows);
  return Object.fromEntries(Object.entries(x).map(([name, data]) => [name, takeRows(data, rows)]));
}
