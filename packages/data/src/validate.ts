// The argument checks data's entries share, so messages read alike: what was wrong, the value
// received, and the fix.
import { DataShapeError } from './errors.js';

/** A short rendering of a received value for an error message (never throws, even on BigInt). */
export function shown(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as Uint8Array).length}`;
  try {
    return JSON.stringify(value)?.slice(0, 80) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** An integer in [min, max] (sizes, counts, bins). */
export function integerIn(value: unknown, name: string, caller: string, min: number, max: number): number {
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max)) {
    throw new DataShapeError(`${caller}: ${name} must be an integer in [${min}, ${max}], got ${shown(value)}`);
  }
  return value;
}

/** A finite number > 0 (durations, rates, epsilons). */
export function positiveFinite(value: unknown, name: string, caller: string): number {
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new DataShapeError(`${caller}: ${name} must be a positive finite number, got ${shown(value)}`);
  }
  return value;
}

/** A finite number ≥ 0. */
export function nonNegativeFinite(value: unknown, name: string, caller: string): number {
  if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
    throw new DataShapeError(`${caller}: ${name} must be a finite number ≥ 0, got ${shown(value)}`);
  }
  return value;
}

/** An options object, or a typed error (a number or string where options belong is a mix-up). */
export function optionsObject<T extends object>(value: T | undefined, caller: string, required = false): T {
  if (value === undefined && !required) return {} as T;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new DataShapeError(`${caller}: options must be an object, got ${shown(value)}`);
  }
  return value;
}

/** An array of finite numbers (saved parameters). */
export function finiteArray(value: unknown, name: string, caller: string): number[] {
  if (!Array.isArray(value))
    throw new DataShapeError(`${caller}: ${name} must be an array of numbers, got ${shown(value)}`);
  const bad = value.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (bad >= 0) {
    throw new DataShapeError(
      `${caller}: ${name}[${bad}] is ${shown(value[bad])}; saved parameters must be finite numbers`,
    );
  }
  return value as number[];
}
