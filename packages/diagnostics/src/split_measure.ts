import { DiagnosticsError } from './errors.js';
import { absoluteError, rate } from './rates.js';

/**
 * What was measured on one split: an error rate, the counts `{ errors, n }`, or a rate with the
 * number of examples it was measured on `{ rate, n }` (rate·n is rounded to a whole count). For
 * errors in a unit (regression, e.g. a mean absolute error in years), a number or
 * `{ value, standardError, n }`: the mean of n per-example errors and its standard error (e.g.
 * `bootstrapMeanInterval(absErrors).standardError` from `@mlrecipe/metrics`).
 */
export type SplitMeasure =
  | number
  | { readonly errors: number; readonly n: number }
  | { readonly rate: number; readonly n: number }
  | { readonly value: number; readonly standardError: number; readonly n: number };

/** A split's error with its size when known. */
export interface MeasuredSplit {
  readonly rate: number;
  /** Examples the rate was measured on (undefined when only a rate was given). */
  readonly n?: number;
  /** Misclassified examples among n. */
  readonly errors?: number;
  /** For errors in a unit: the standard error of the mean error (gaps then get normal intervals). */
  readonly standardError?: number;
}

/** Checks one split's measure and reads it as a rate (and counts when given). */
export function measureSplit(value: SplitMeasure | undefined, name: string, unit: string | undefined): MeasuredSplit {
  const caller = 'diagnose';
  if (typeof value !== 'object' || value === null) {
    return { rate: unit === undefined ? rate(value, name, caller) : absoluteError(value, name, caller) };
  }
  if (unit !== undefined) return measureInUnit(value, name, unit);
  if ('standardError' in value) {
    throw new DiagnosticsError(
      `${caller}: ${name} is given as { value, standardError, n } but no unit is set; that form is for errors in a unit (regression): pass unit, e.g. 'years', or give error rates as { errors, n }`,
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

/** A mean error in a unit with its standard error and the number of examples behind it. */
function measureInUnit(value: object, name: string, unit: string): MeasuredSplit {
  const caller = 'diagnose';
  if (!('standardError' in value && 'value' in value && 'n' in value)) {
    throw new DiagnosticsError(
      `${caller}: ${name} is ${JSON.stringify(value)} but the errors are in '${unit}'; pass ${name} as a number in '${unit}' or as { value, standardError, n } (counts make sense only for error rates)`,
    );
  }
  const { standardError, n } = value as { standardError: unknown; n: unknown };
  const mean = absoluteError((value as { value: number }).value, `${name}.value`, caller);
  if (!(typeof standardError === 'number' && Number.isFinite(standardError) && standardError >= 0)) {
    throw new DiagnosticsError(
      `${caller}: ${name}.standardError must be a finite number ≥ 0 in '${unit}', got ${String(standardError)}; a bootstrap of the per-example errors gives it`,
    );
  }
  if (!(Number.isInteger(n) && (n as number) >= 1)) {
    throw new DiagnosticsError(
      `${caller}: ${name}.n must be the whole number of examples the error was measured on (≥ 1), got ${String(n)}`,
    );
  }
  return { rate: mean, n: n as number, standardError };
}
