import { OptimError } from './errors.js';

export function positive(value: number, name: string, caller: string): number {
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new OptimError(`${caller}: ${name} must be a positive finite number, got ${value}`);
  }
  return value;
}

export function nonNegative(value: number, name: string, caller: string): number {
  if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
    throw new OptimError(`${caller}: ${name} must be a finite number ≥ 0, got ${value}`);
  }
  return value;
}

/** β of an exponentially weighted average: in [0, 1). */
export function beta(value: number, name: string, caller: string): number {
  if (!(typeof value === 'number' && value >= 0 && value < 1)) {
    throw new OptimError(`${caller}: ${name} must be in [0, 1), got ${value} (β = 0.9 averages over about 10 steps)`);
  }
  return value;
}

/** A 1-based counter (epoch number or mini-batch number), as the course writes its schedules. */
export function counter(value: number, name: string, caller: string): number {
  if (!(Number.isInteger(value) && value >= 1)) {
    throw new OptimError(`${caller}: ${name} counts from 1 (the first ${name} is 1), got ${value}`);
  }
  return value;
}

/** A short rendering of a received value (never throws, even on BigInt). */
export function shown(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value)?.slice(0, 80) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** An options object (a number or string where options belong is a mix-up), `{}` when optional and absent. */
export function options<T extends object>(value: T | undefined, caller: string, example?: string): T {
  if (value === undefined && example === undefined) return {} as T;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new OptimError(
      `${caller}: give an options object${example === undefined ? '' : ` such as ${example}`}, got ${shown(value)}`,
    );
  }
  return value;
}

/** One of a fixed set of names. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string, caller: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new OptimError(
      `${caller}: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${shown(value)}`,
    );
  }
  return value as T;
}

/** A boolean option (a string 'false' would be truthy). */
export function bool(value: unknown, name: string, caller: string): boolean {
  if (typeof value !== 'boolean') throw new OptimError(`${caller}: ${name} must be true or false, got ${shown(value)}`);
  return value;
}
