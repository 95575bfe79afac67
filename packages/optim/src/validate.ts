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
