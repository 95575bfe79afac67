// The argument checks regularizers' entries share, so messages read alike: what was wrong, the
// value received, and the fix.
import { requireBackend, tf } from '@mlrecipe/tensor';
import { RegularizerError } from './errors.js';

/** A short rendering of a received value (never throws, even on BigInt). */
export function shown(value: unknown): string {
  if (value instanceof tf.Tensor) return `a ${value.dtype} tensor of shape [${value.shape}]`;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value)?.slice(0, 80) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** An options object; `{}` when optional and absent. */
export function options<T extends object>(value: T | undefined, caller: string, required = false): T {
  if (value === undefined && !required) return {} as T;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new RegularizerError(`${caller}: give an options object, got ${shown(value)}`);
  }
  return value;
}

/** A finite number in [low, high] (an end excluded when `open` says so). */
export function numberIn(
  value: unknown,
  name: string,
  caller: string,
  low: number,
  high: number,
  open: { low?: boolean; high?: boolean } = {},
): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (open.low ? value > low : value >= low) &&
    (open.high ? value < high : value <= high);
  if (!ok) {
    const interval = `${open.low ? '(' : '['}${low}, ${high === Number.MAX_VALUE ? '∞' : high}${open.high ? ')' : ']'}`;
    throw new RegularizerError(`${caller}: ${name} must be in ${interval} (a finite number), got ${shown(value)}`);
  }
  return value as number;
}

/** An integer in [low, high]. */
export function integerIn(value: unknown, name: string, caller: string, low: number, high: number): number {
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= low && value <= high)) {
    throw new RegularizerError(`${caller}: ${name} must be an integer in [${low}, ${high}], got ${shown(value)}`);
  }
  return value;
}

/** A tensor that is still alive, with a backend selected. */
export function liveTensor(value: unknown, name: string, caller: string): tf.Tensor {
  if (!(value instanceof tf.Tensor))
    throw new RegularizerError(`${caller}: ${name} must be a tensor, got ${shown(value)}`);
  if (value.isDisposed) throw new RegularizerError(`${caller}: ${name} (shape [${value.shape}]) was already disposed`);
  requireBackend(caller);
  return value;
}

/** A seeded generator from createRng (a Math.random-like function would break reproducibility). */
export function rngLike(value: unknown, caller: string): void {
  const r = value as { next?: unknown; fork?: unknown } | null;
  if (r === null || typeof r !== 'object' || typeof r.next !== 'function' || typeof r.fork !== 'function') {
    throw new RegularizerError(`${caller}: rng must be a generator from createRng(seed), got ${shown(value)}`);
  }
}
