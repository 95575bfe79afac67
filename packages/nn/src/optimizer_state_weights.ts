import { tf } from '@mlrecipe/tensor';
import { NnError } from './errors.js';
import { shown } from './validate.js';

/** Weight-name prefix of optimizer-state tensors saved with a model. */
export const OPTIMIZER_PREFIX = 'optimizer:';

interface WeightRef {
  readonly __weight: string;
}

/**
 * Splits an optimizer state (optim's plain data: nested objects and arrays of tensors, numbers,
 * strings, booleans) into a JSON tree and named tensors. The tensors travel with the model's weights
 * as raw float32 / int32 bytes, so the state comes back bit for bit and IndexedDB stores it as it
 * stores the weights; a state that is not plain data is refused at save, not found broken at load.
 */
export function packOptimizerState(state: unknown, caller: string): { tree: unknown; tensors: tf.NamedTensorMap } {
  const tensors: tf.NamedTensorMap = {};
  const walk = (value: unknown, path: string): unknown => {
    if (value instanceof tf.Tensor) {
      if (value.isDisposed)
        throw new NnError(`${caller}: optimizerState${path} is a disposed tensor; save before disposing the optimizer`);
      if (value.dtype !== 'float32' && value.dtype !== 'int32')
        throw new NnError(
          `${caller}: optimizerState${path} is a ${value.dtype} tensor; only float32 and int32 are saved`,
        );
      const name = `${OPTIMIZER_PREFIX}${Object.keys(tensors).length}`;
      tensors[name] = value;
      return { __weight: name } satisfies WeightRef;
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new NnError(`${caller}: optimizerState${path} is ${value}; it must be finite`);
      return value;
    }
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${path}[${i}]`));
    if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, `${path}.${k}`)]));
    throw new NnError(
      `${caller}: optimizerState${path} is ${shown(value)}; give optimizer.state (plain objects of tensors and numbers), not the optimizer`,
    );
  };
  return { tree: walk(state, ''), tensors };
}

/** Rebuilds the state `packOptimizerState` split, taking the tensors from the decoded weights (kept, not copied). */
export function unpackOptimizerState(tree: unknown, weights: tf.NamedTensorMap, caller: string): unknown {
  const used = new Set<string>();
  const walk = (value: unknown): unknown => {
    if (value !== null && typeof value === 'object' && typeof (value as WeightRef).__weight === 'string') {
      const name = (value as WeightRef).__weight;
      const tensor = weights[name];
      if (tensor === undefined || used.has(name))
        throw new NnError(
          `${caller}: the saved optimizer state refers to a missing tensor '${name}'; the file is corrupt`,
        );
      used.add(name);
      return tensor;
    }
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return walk(tree);
}
