import { MetricInputError } from './errors.js';

/** Checks a confidence level in (0, 1) and returns it (default 0.95). */
export function checkConfidence(confidence: number | undefined, caller: string): number {
  // Only an absent field takes the default: null is a mistake, not "the default".
  const value = confidence === undefined ? 0.95 : confidence;
  if (!(typeof value === 'number' && value > 0 && value < 1)) {
    const hint = typeof value === 'number' && value > 1 && value < 100 ? ` (pass ${value / 100} for ${value} %)` : '';
    throw new MetricInputError(`${caller}: confidence must be in (0, 1), e.g. 0.95, got ${String(value)}${hint}`);
  }
  return value;
}

// A million resamples pins a percentile to ±0.01 %; 2^31 would hold the thread for hours.
const MAX_RESAMPLES = 1_000_000;

/** Checks a bootstrap resample count: an integer in [100, 10^6] (fewer cannot place a 95 % interval's ends). */
export function checkResamples(resamples: number | undefined, caller: string): number {
  const value = resamples === undefined ? 1000 : resamples;
  if (!(Number.isInteger(value) && value >= 100 && value <= MAX_RESAMPLES)) {
    throw new MetricInputError(
      `${caller}: resamples must be an integer in [100, 1,000,000] (1,000 is usual, 10,000 for stable 99 % ends), got ${String(value)}`,
    );
  }
  return value;
}

/** Checks a count of successes out of n: integers with 0 ≤ count ≤ n and n ≥ 1. */
export function checkCount(count: number, n: number, caller: string, countName: string): void {
  if (!(Number.isSafeInteger(n) && n >= 1)) {
    throw new MetricInputError(
      `${caller}: n must be a whole number of examples ≥ 1, got ${String(n)}; a rate over no examples has no value`,
    );
  }
  if (!(Number.isSafeInteger(count) && count >= 0)) {
    throw new MetricInputError(
      `${caller}: ${countName} must be a whole number ≥ 0, got ${String(count)}; pass counts, not rates`,
    );
  }
  if (count > n) {
    throw new MetricInputError(
      `${caller}: ${countName} ${count} exceeds n ${n}; ${countName} are counted among the n examples`,
    );
  }
}
