import { DiagnosticsError } from './errors.js';

/** Checks an error rate in [0, 1], with a hint when it looks like a percentage. */
export function rate(value: number | undefined, name: string, caller: string): number {
  if (value === undefined || value === null) throw new DiagnosticsError(`${caller}: ${name} error rate is missing`);
  if (typeof value !== 'number' || Number.isNaN(value))
    throw new DiagnosticsError(`${caller}: ${name} error rate is ${value}; give a number in [0, 1]`);
  if (value < 0 || value > 1) {
    const hint = value > 1 && value <= 100 ? ` (it looks like a percentage: pass ${value / 100} for ${value} %)` : '';
    throw new DiagnosticsError(`${caller}: ${name} error rate ${value} is outside [0, 1]${hint}`);
  }
  return value;
}

export const percent = (v: number): string => `${(100 * v).toFixed(Math.abs(v) < 0.01 && v !== 0 ? 2 : 1)} %`;

/** An error that is not a rate (e.g. a mean absolute error in years): any finite number ≥ 0. */
export function absoluteError(value: number | undefined, name: string, caller: string): number {
  if (value === undefined || value === null) throw new DiagnosticsError(`${caller}: ${name} error is missing`);
  if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0))
    throw new DiagnosticsError(`${caller}: ${name} error is ${value}; give a finite number ≥ 0 in the unit given`);
  return value;
}
