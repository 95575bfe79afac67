import type { ArrayData } from '@mlrecipe/data';
import { tf } from '@mlrecipe/tensor';
import { PipelineError } from './errors.js';

/**
 * What the model's outputs mean, which decides how labels are checked and how error is counted:
 * - 'multiclass': one integer label per row; outputs are logits over classes (softmax); error is the
 *   share of rows whose arg-max is wrong.
 * - 'multilabel': several things true at once (multi-task learning): labels [rows, tasks] of 0/1, NaN
 *   where a label is missing; outputs are one logit per task (sigmoid); error is the share of wrong
 *   present labels, and per task.
 * - 'regression': real-valued targets [rows] or [rows, outputs]; error is the mean absolute error.
 */
export type Task = 'multiclass' | 'multilabel' | 'regression';

export const TASKS: readonly Task[] = ['multiclass', 'multilabel', 'regression'];

/** Sums over one batch, to be added up over a split. */
export interface BatchCounts {
  /** Errors (wrong rows, wrong present labels, or absolute errors) per output column (one column for multiclass). */
  readonly wrong: Float64Array;
  /** What the errors are counted over, per column (rows, or present labels). */
  readonly counted: Float64Array;
  /** Predictions: class indices (multiclass), 0/1 per task (multilabel), or outputs (regression). */
  readonly predictions: Float32Array | Int32Array;
  /** Multiclass: each row's class probabilities (softmax of the outputs), rows × classes. */
  readonly scores?: Float32Array;
}

export function checkTask(task: unknown, caller: string): Task {
  if (!TASKS.includes(task as Task))
    throw new PipelineError(`${caller}: task must be one of ${TASKS.join(', ')}, got ${String(task)}`);
  return task as Task;
}

/** Checks that labels suit the task and the model's `outputs` columns, with a message saying how to fix them. */
export function checkLabels(y: ArrayData, task: Task, outputs: number, where: string): void {
  const rows = y.shape[0] ?? 0;
  const width = y.shape.slice(1).reduce((a, b) => a * b, 1);
  const { values } = y;
  if (task === 'multiclass') {
    if (y.shape.length !== 1)
      throw new PipelineError(
        `${where}: multiclass labels must be one integer per row, shape [rows], got [${y.shape}]`,
      );
    for (let i = 0; i < rows; i++) {
      const v = values[i]!;
      if (!(Number.isInteger(v) && v >= 0 && v < outputs)) {
        throw new PipelineError(
          `${where}: label ${v} at row ${i} is not a class index of a model with ${outputs} outputs (0 … ${outputs - 1}); give integer labels or a model with more outputs`,
        );
      }
    }
    return;
  }
  if (width !== outputs) {
    throw new PipelineError(
      `${where}: labels have ${width} columns but the model has ${outputs} outputs; give one column per output`,
    );
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const ok = task === 'multilabel' ? v === 0 || v === 1 || Number.isNaN(v) : Number.isFinite(v);
    if (!ok) {
      const row = Math.floor(i / width);
      throw new PipelineError(
        task === 'multilabel'
          ? `${where}: multilabel label ${v} at row ${row} must be 0, 1, or NaN for a missing label`
          : `${where}: regression target ${v} at row ${row} is not finite`,
      );
    }
  }
}

/** Errors of one batch of model outputs against labels. */
export function countBatch(task: Task, outputs: tf.Tensor, labels: tf.Tensor): BatchCounts {
  const rows = outputs.shape[0]!;
  const columns = outputs.size / rows;
  const out = outputs.dataSync();
  const y = labels.dataSync();
  if (task === 'multiclass') {
    const argMax = tf.argMax(outputs, -1);
    const predictions = argMax.dataSync() as Int32Array;
    argMax.dispose();
    let wrong = 0;
    for (let i = 0; i < rows; i++) if (predictions[i] !== y[i]) wrong++;
    return {
      wrong: Float64Array.of(wrong),
      counted: Float64Array.of(rows),
      predictions: Int32Array.from(predictions),
      scores: softmaxRows(out, rows, columns),
    };
  }
  const wrong = new Float64Array(columns);
  const counted = new Float64Array(columns);
  const predictions = new Float32Array(out.length);
  for (let i = 0; i < out.length; i++) {
    const column = i % columns;
    const label = y[i]!;
    if (task === 'multilabel') {
      predictions[i] = out[i]! > 0 ? 1 : 0; // logit > 0 ⇔ sigmoid > 0.5
      if (Number.isNaN(label)) continue;
      counted[column] = counted[column]! + 1;
      if (predictions[i] !== label) wrong[column] = wrong[column]! + 1;
    } else {
      predictions[i] = out[i]!;
      counted[column] = counted[column]! + 1;
      wrong[column] = wrong[column]! + Math.abs(out[i]! - label);
    }
  }
  return { wrong, counted, predictions };
}

/**
 * Row-wise softmax of outputs already read from the device, in plain arithmetic (no tensors to
 * free): the probabilities ROC and precision–recall curves and a report's gallery need. Subtracting
 * the row maximum keeps exp() finite for large logits.
 */
function softmaxRows(out: ArrayLike<number>, rows: number, columns: number): Float32Array {
  const probabilities = new Float32Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let c = 0; c < columns; c++) max = Math.max(max, out[r * columns + c]!);
    let sum = 0;
    for (let c = 0; c < columns; c++) {
      const e = Math.exp(out[r * columns + c]! - max);
      probabilities[r * columns + c] = e;
      sum += e;
    }
    for (let c = 0; c < columns; c++) probabilities[r * columns + c] = probabilities[r * columns + c]! / sum;
  }
  return probabilities;
}

/**
 * Features must be finite: one NaN in x makes every loss and prediction that touches it NaN, and
 * train would report a diverged run (or evaluate an error rate) for what is a data bug. Integer
 * typed arrays (uint8 images) cannot hold NaN and are not scanned.
 */
export function checkFeatures(x: ArrayData | Readonly<Record<string, ArrayData>>, where: string): void {
  if (!('values' in x && 'shape' in x)) {
    // A multi-input model's inputs, by name.
    for (const [name, part] of Object.entries(x)) checkFeatures(part as ArrayData, `${where}.${name}`);
    return;
  }
  const { values } = x as ArrayData;
  if (!(values instanceof Float32Array || values instanceof Float64Array || Array.isArray(values))) return;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) {
      const width = (x as ArrayData).shape.slice(1).reduce((a, b) => a * b, 1);
      throw new PipelineError(
        `${where}: feature ${v} at row ${Math.floor(i / width)} (value ${i}) is not finite; impute or drop it before training`,
      );
    }
  }
}
