import { createRng } from '@mlrecipe/core';
import { percentileInterval, type ResampleOptions, standardDeviation } from './bootstrap_interval.js';
import { MetricInputError } from './errors.js';
import { optionsObject, toVector, type VectorInput } from './input.js';
import { checkConfidence, checkResamples } from './interval_checks.js';

/** A mean with its percentile-bootstrap interval. */
export interface MeanInterval {
  readonly value: number;
  readonly low: number;
  readonly high: number;
  /** The standard deviation of the resampled means: the bootstrap standard error. */
  readonly standardError: number;
  readonly n: number;
  readonly method: 'percentile-bootstrap';
  readonly confidence: number;
  readonly resamples: number;
}

/**
 * The mean of per-example values (absolute errors for a mean absolute error, losses, latencies) with
 * a seeded percentile-bootstrap interval: redraw the n values with replacement `resamples` times.
 * Deterministic for a seed. For regression errors such as bone age's MAE in years, where the
 * binomial intervals of `rateInterval` do not apply.
 *
 * @example
 * const absErrors = predicted.map((p, i) => Math.abs(p - actual[i]));
 * bootstrapMeanInterval(absErrors, { seed: 1 }); // { value: MAE, low, high, … }
 */
export function bootstrapMeanInterval(values: VectorInput, options: ResampleOptions = {}): MeanInterval {
  optionsObject(options, 'bootstrapMeanInterval');
  const caller = 'bootstrapMeanInterval';
  const x = toVector(values, caller, 'values');
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) {
      throw new MetricInputError(`${caller}: values[${i}] is ${x[i]}; every value must be a finite number`);
    }
  }
  const resamples = checkResamples(options.resamples, caller);
  const confidence = checkConfidence(options.confidence, caller);
  const n = x.length;
  const data = Float64Array.from(x);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += data[i]!;
  const rng = createRng(options.seed === undefined ? 0 : options.seed).fork('bootstrap-mean');
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += data[rng.int(n)]!;
    means[r] = s / n;
  }
  const standardError = standardDeviation(means);
  const [low, high] = percentileInterval(means, confidence);
  return { value: sum / n, low, high, standardError, n, method: 'percentile-bootstrap', confidence, resamples };
}
