import { tf } from '@mlrecipe/tensor';
import { OptimError } from './errors.js';
import { shown } from './validate.js';

interface TensorJson {
  readonly __tensor: true;
  readonly shape: number[];
  readonly dtype: tf.DataType;
  readonly values: number[];
}

/** An optimizer state as JSON-safe data (tensors become { shape, dtype, values }), for checkpoints. */
export function stateToJSON(state: unknown): unknown {
  if (state instanceof tf.Tensor) {
    return {
      __tensor: true,
      shape: state.shape,
      dtype: state.dtype,
      values: Array.from(state.dataSync() as Float32Array),
    };
  }
  if (Array.isArray(state)) return state.map(stateToJSON);
  if (state !== null && typeof state === 'object') {
    return Object.fromEntries(Object.entries(state).map(([k, v]) => [k, stateToJSON(v)]));
  }
  return state;
}

/** Rebuilds a state saved by `stateToJSON`: the same numbers, bit for bit in float32. */
export function stateFromJSON<S>(json: unknown): S {
  const revive = (value: unknown): unknown => {
    if (value !== null && typeof value === 'object' && (value as TensorJson).__tensor === true) {
      const t = value as TensorJson;
      if (!Array.isArray(t.shape) || !Array.isArray(t.values))
        throw new OptimError('stateFromJSON: a saved tensor lacks shape or values');
      if (!t.shape.every((d) => Number.isInteger(d) && d >= 0))
        throw new OptimError(`stateFromJSON: a saved tensor has shape ${shown(t.shape)}; dimensions are integers ≥ 0`);
      if (!['float32', 'int32', 'bool'].includes(t.dtype))
        throw new OptimError(`stateFromJSON: a saved tensor has dtype ${shown(t.dtype)}; use float32, int32 or bool`);
      const size = t.shape.reduce((a, b) => a * b, 1);
      if (t.values.length !== size)
        throw new OptimError(
          `stateFromJSON: a saved tensor holds ${t.values.length} values for shape [${t.shape}] (${size})`,
        );
      // JSON writes NaN and ±Infinity as null; tfjs would read null as 0: refuse instead.
      const bad = t.values.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
      if (bad >= 0)
        throw new OptimError(
          `stateFromJSON: a saved tensor holds ${shown(t.values[bad])} at index ${bad}; values must be finite numbers`,
        );
      return tf.tensor(t.values, t.shape, t.dtype);
    }
    if (Array.isArray(value)) return value.map(revive);
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
    return value;
  };
  return revive(json) as S;
}
