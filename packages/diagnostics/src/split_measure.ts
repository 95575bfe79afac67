import { DiagnosticsError } from './errors.js';
import { absoluteError, rate } from './rates.js';

/**
 * What was measured on one split: an error rate, the counts `{ errors, n }`, or a rate with the
 * number of examples it was measured on `{ rate, n }` (rate·n is rounded to a whole count).
 */
export type SplitMeasure =
  | number
  | { readonly errors: number; readonly n: number }
  | { readonly rate: number; readonly n: number };

/** A split's error with its size when known. */
export interface MeasuredSplit {
  readonly rate: number;
  /** Examples the rate was measured on (undefined when only a rate was given). */
  readonly n?: number;
  /** Misclassified examples among n. */
  readonly errors?: number;
}

/** Checks one split's measure and reads it as a rate (and counts when given). */
export function measureSplit(value: SplitMeasure | undefined, name: string, unit: string | undefined): MeasuredSplit {
  const caller = 'diagnose';
  if (typeof value !== 'object' || value === null) {
    return { rate: unit === undefined ? rate(value, name, caller) : absoluteError(value, name, caller) };
  }
  if (unit !== undefined) {
    throw new DiagnosticsError(
      `${caller}: ${name} is given as counts (${JSON.stringify(value)}) but the errors are in '${unit}'; counts make sense only for error rates: pass ${name} as a number in '${unit}'`,
    );
  }
  const { n } = value;
  if (!(Number.isSafeInteger(n) && n >= 1)) {
    throw new DiagnosticsError(
      `${caller}: ${name}.n must be the whole number of examples the error was measured on (≥ 1), got ${String(n)}`,
    );
  }
  if ('errors' in value) {
    const { errors } = value;
    if (!(Number.isSafeInteger(errors) && errors >= 0)) {
      throw new DiagnosticsError(
        `${caller}: ${name}.errors must be a whole number of misclassified examples ≥ 0, got ${String(errors)}; for a rate pass { rate, n }`,
      );
    }
    if (errors > n) {
      throw new DiagnosticsError(
        `${caller}: ${name}.errors ${errors} exceeds ${name}.n ${n}; errors are counted among the n examples`,
      );
    }
    return { rate: errors / n, n, errors };
  }
  if (!('rate' in value)) {
    throw new DiagnosticsError(
      `${caller}: ${name} must be a rate, { errors, n } or { rate, n }, got ${JSON.stringify(value)}`,
    );
  }
  const r = rate(value.rate, `${name}.rate`, caller);
  return { rate: r, n, errors: Math.round(r * n) };
}

/** Rates that all exceed 0.5 with a human level given look like accuracies: say so instead of diagnosing nonsense. */
export function rejectAccuracies(rates: ReadonlyArray<readonly [string, number]>): void {
  if (rates.length < 2 || !rates.every(([, r]) => r > 0.5)) return;
  const listed = rates.map(([name, r]) => `${name} ${r}`).join(', ');
  const flipped = rates.map(([name, r]) => `${name} ${Number((1 - r).toPrecision(6))}`).join(', ');
  throw new DiagnosticsError(
    `diagnose: every rate is above 0.5 (${listed}); these look like accuracies. diagnose reads error rates: pass 1 − accuracy (${flipped})`,
  );
}
