import { NnError } from '../errors.js';
import type { Layer } from '../layers/layer.js';
import type { MergeLayer } from '../layers/merge.js';
import { shown } from '../validate.js';

/** A layer a graph model can call: one input (`Layer`) or several (`MergeLayer`: add, concatenate). */
export type GraphLayer = Layer | MergeLayer;

/**
 * A placeholder in a graph model's definition: a named input, or the output of a layer called on
 * other placeholders. It holds no values; `graphModel` turns the placeholders reachable from its
 * output into a model, and `apply` runs it on tensors.
 */
export interface SymbolicTensor {
  readonly source:
    | { readonly input: string; readonly shape: readonly number[] }
    | { readonly layer: GraphLayer; readonly inputs: readonly SymbolicTensor[] };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * A named input of a graph model, with its shape without the batch dimension (Keras' `Input`).
 * The name is the key of its tensor in `apply(params, { [name]: x })` and of its data in pipeline's
 * `train` (`data.train.x[name]`).
 *
 * @example
 * const image = input({ name: 'image', shape: [28, 28, 1] });
 */
export function input({ name, shape }: { name: string; shape: readonly number[] }): SymbolicTensor {
  if (typeof name !== 'string' || !NAME.test(name))
    throw new NnError(`input: name must be an identifier such as 'image' or 'age_years', got ${shown(name)}`);
  if (
    !Array.isArray(shape) ||
    shape.length === 0 ||
    !shape.every((d) => Number.isInteger(d) && d >= 1 && d <= 2 ** 31 - 1)
  ) {
    throw new NnError(
      `input '${name}': shape must be positive integers without the batch dimension, e.g. [8] or [28, 28, 1], got ${shown(shape)}`,
    );
  }
  return Object.freeze({ source: Object.freeze({ input: name, shape: Object.freeze([...shape]) }) });
}

/**
 * Calls a layer on placeholders, giving the placeholder of its output (Keras' `layer(x)`). Calling
 * the same layer object twice shares it: one set of parameters used on both paths (a siamese
 * network). A merge layer takes a list: `connect(add(), [x, h])`.
 *
 * @example
 * const h = connect(dense({ units: 16, activation: 'relu' }), x);
 */
export function connect(layer: GraphLayer, inputs: SymbolicTensor | readonly SymbolicTensor[]): SymbolicTensor {
  if (layer === null || typeof layer !== 'object' || typeof layer.kind !== 'string' || typeof layer.call !== 'function')
    throw new NnError(`connect: layer must be a layer such as dense({ units: 8 }) or add(), got ${shown(layer)}`);
  const merges = (layer as MergeLayer).merges === true;
  const list = Array.isArray(inputs) ? inputs : [inputs];
  if (merges !== Array.isArray(inputs)) {
    throw new NnError(
      merges
        ? `connect: ${layer.kind} merges several inputs; give a list, e.g. connect(${layer.kind}(), [a, b])`
        : `connect: ${layer.kind} takes one input; give one placeholder (merge a list first with add() or concatenate())`,
    );
  }
  list.forEach((x, i) => {
    if (x === null || typeof x !== 'object' || typeof (x as SymbolicTensor).source !== 'object')
      throw new NnError(
        `connect: input ${i} of ${layer.kind} must be a placeholder from input() or connect(), got ${shown(x)}`,
      );
  });
  return Object.freeze({ source: Object.freeze({ layer, inputs: Object.freeze([...list]) }) });
}
