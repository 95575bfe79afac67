// The checks every nn entry makes on its arguments, in one place so that messages read alike:
// what was wrong, the value received, and the fix.
import { requireBackend, tf } from '@mlrecipe/tensor';
import { NnError, NnShapeError } from './errors.js';

/** A short, safe rendering of any received value for an error message. */
export function shown(value: unknown): string {
  if (value instanceof tf.Tensor) return `a ${value.dtype} tensor of shape [${value.shape}]`;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (typeof value === 'function') return 'a function';
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value)?.slice(0, 80) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** A tensor that is still alive; with a backend selected (every op on it needs one). */
export function liveTensor(value: unknown, name: string, caller: string): tf.Tensor {
  if (!(value instanceof tf.Tensor)) throw new NnError(`${caller}: ${name} must be a tensor, got ${shown(value)}`);
  if (value.isDisposed) {
    throw new NnError(
      `${caller}: ${name} (shape [${value.shape}]) was already disposed; keep it alive (tf.keep, or dispose it after this call)`,
    );
  }
  requireBackend(caller);
  return value;
}

/** An integer ≥ 1 (units, filters, window sizes). */
export function positiveInteger(value: unknown, name: string, caller: string): number {
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 2 ** 31 - 1)) {
    throw new NnError(`${caller}: ${name} must be a positive integer, got ${shown(value)}`);
  }
  return value;
}

/** A positive integer or a pair of them (kernel sizes, strides, pool sizes). */
export function positivePair(value: unknown, name: string, caller: string): [number, number] {
  if (Array.isArray(value)) {
    if (value.length !== 2)
      throw new NnError(`${caller}: ${name} must be a number or [height, width], got ${shown(value)}`);
    return [positiveInteger(value[0], `${name}[0]`, caller), positiveInteger(value[1], `${name}[1]`, caller)];
  }
  const n = positiveInteger(value, name, caller);
  return [n, n];
}

/** One of a fixed set of names. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string, caller: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new NnError(
      `${caller}: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${shown(value)}`,
    );
  }
  return value as T;
}

/** A finite number in [low, high) or (low, high], as `bounds` says. */
export function inRange(
  value: unknown,
  name: string,
  caller: string,
  {
    low,
    high,
    includeLow = true,
    includeHigh = true,
  }: { low: number; high: number; includeLow?: boolean; includeHigh?: boolean },
): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (includeLow ? value >= low : value > low) &&
    (includeHigh ? value <= high : value < high);
  if (!ok) {
    const interval = `${includeLow ? '[' : '('}${low}, ${high}${includeHigh ? ']' : ')'}`;
    throw new NnError(`${caller}: ${name} must be a number in ${interval}, got ${shown(value)}`);
  }
  return value as number;
}

/** A boolean option (a string 'false' would be truthy). */
export function bool(value: unknown, name: string, caller: string): boolean {
  if (typeof value !== 'boolean') throw new NnError(`${caller}: ${name} must be true or false, got ${shown(value)}`);
  return value;
}

/** An options object (or undefined for defaults). */
export function options<T extends object>(value: T | undefined, caller: string): T | Record<string, never> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new NnError(`${caller}: options must be an object, got ${shown(value)}`);
  }
  return value;
}

/** Two tensors of the same shape (labels and predictions). */
export function sameShape(a: tf.Tensor, b: tf.Tensor, caller: string, names = ['labels', 'predictions']): void {
  if (!tf.util.arraysEqual(a.shape, b.shape)) {
    throw new NnShapeError(
      `${caller}: ${names[0]} have shape [${a.shape}] but ${names[1]} [${b.shape}]; they must match`,
    );
  }
}

/** A layer's parameter from the tree `apply` hands it: present, a tensor, alive. */
export function param(params: Readonly<Record<string, tf.Tensor>>, key: string, kind: string): tf.Tensor {
  const value = params[key];
  if (value === undefined) {
    throw new NnError(`${kind}: parameter '${key}' is missing; pass the params that init() (or loadModel) returned`);
  }
  return liveTensor(value, `parameter '${key}'`, kind);
}
