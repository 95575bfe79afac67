import { createRng } from '@mlrecipe/core';
import { betaQuantile } from './beta_function.js';
import { sampleMultinomial } from './binomial_sampler.js';
import { metricName, percentileInterval, type ResampleOptions, standardDeviation } from './bootstrap_interval.js';
import { countConfusion } from './confusion_matrix.js';
import { MetricInputError, MetricShapeError } from './errors.js';
import { checkLabels, isMatrixInput, optionsObject, toVector, type VectorInput } from './input.js';
import { checkConfidence, checkResamples } from './interval_checks.js';
import { mcnemarExactPValue, pairedSampleSize } from './mcnemar.js';
import { normalQuantile } from './normal_distribution.js';
import { resolveMetric, scoreTally, type TallyMetricOptions, tallyScratch } from './tally_metric.js';

export interface CompareOptions extends TallyMetricOptions, ResampleOptions {
  /** The power used for `examplesToSeparate`. Default 0.8. */
  readonly power?: number;
}

/** Two models scored on the same examples, and whether the data tell them apart. */
export interface PairedComparison {
  readonly metric: string;
  readonly valueA: number;
  readonly valueB: number;
  /** valueA − valueB. */
  readonly difference: number;
  /** The interval of the difference at `confidence`. */
  readonly low: number;
  readonly high: number;
  /** Two-sided p-value of "no difference". */
  readonly pValue: number;
  /** True when the interval excludes 0: the data say which model is better. */
  readonly distinguishable: boolean;
  /** 'mcnemar-exact' for accuracy and error rate, 'paired-bootstrap' otherwise. */
  readonly method: 'mcnemar-exact' | 'paired-bootstrap';
  readonly confidence: number;
  readonly n: number;
  /** Examples only A got wrong and only B got wrong (McNemar's discordant pairs). */
  readonly onlyAWrong: number;
  readonly onlyBWrong: number;
  /** Bootstrap resamples (paired bootstrap only). */
  readonly resamples?: number;
  /**
   * About how many examples would detect a difference of this size at `confidence` with 80 %
   * power (McNemar: Connor 1987; bootstrap: n·((z_{α/2} + z_power)·se / |d|)²); null when the
   * difference is exactly 0.
   */
  readonly examplesToSeparate: number | null;
}

/**
 * Compares models A and B on the same examples (paired: their errors are correlated, so this is far
 * sharper than two independent intervals).
 * - accuracy / errorRate: McNemar's exact test; the interval is the Clopper–Pearson interval of the
 *   share π of discordant examples where only A is wrong, mapped to the difference m/n·(2π − 1)
 *   (m discordant of n), so it excludes 0 exactly when the exact test rejects.
 * - F1, Fβ, precision, recall (any average): the paired bootstrap — resample examples, score both
 *   models on the same resample, take the percentile interval of the difference; the p-value is
 *   twice the smaller share of resampled differences on either side of 0.
 *
 * @example
 * const c = compareModels(yTrue, predA, predB, { metric: 'f1', seed: 1 });
 * c.distinguishable ? 'A and B differ' : `about ${c.examplesToSeparate} examples would tell`;
 */
export function compareModels(
  yTrue: VectorInput,
  predA: VectorInput,
  predB: VectorInput,
  options: CompareOptions = {},
): PairedComparison {
  optionsObject(options, 'compareModels');
  const caller = 'compareModels';
  if ([yTrue, predA, predB].some(isMatrixInput)) {
    throw new MetricInputError(`${caller}: takes 1-D class labels; multi-label matrices are not supported`);
  }
  const t = toVector(yTrue, caller, 'yTrue');
  const a = toVector(predA, caller, 'predA');
  const b = toVector(predB, caller, 'predB');
  if (a.length !== t.length || b.length !== t.length) {
    throw new MetricShapeError(
      `${caller}: yTrue, predA and predB have lengths ${t.length}, ${a.length} and ${b.length}; a paired comparison needs both models' predictions on the same examples, one per label`,
    );
  }
  checkLabels(t, caller, 'yTrue');
  checkLabels(a, caller, 'predA');
  checkLabels(b, caller, 'predB');
  const confidence = checkConfidence(options.confidence, caller);
  const power = options.power === undefined ? 0.8 : options.power;
  if (!(power > 0 && power < 1))
    throw new MetricInputError(`${caller}: power must be in (0, 1), e.g. 0.8, got ${power}`);
  const classes = options.numClasses === undefined ? {} : { numClasses: options.numClasses };
  const ca = countConfusion(t, a, caller, classes);
  const cb = countConfusion(t, b, caller, classes);
  const k = Math.max(ca.numClasses, cb.numClasses);
  const present = new Uint8Array(k);
  for (let c = 0; c < k; c++) present[c] = (ca.present[c] ?? 0) | (cb.present[c] ?? 0);
  const metric = resolveMetric(options, k, present, caller);
  const n = t.length;
  let onlyAWrong = 0;
  let onlyBWrong = 0;
  for (let i = 0; i < n; i++) {
    const aRight = a[i] === t[i];
    const bRight = b[i] === t[i];
    if (!aRight && bRight) onlyAWrong++;
    else if (aRight && !bRight) onlyBWrong++;
  }
  if (metric.metric === 'accuracy' || metric.metric === 'errorRate') {
    return mcnemarComparison(metric.metric, ca, cb, { n, onlyAWrong, onlyBWrong, confidence, power });
  }

  // Paired bootstrap over the (true, A, B) tally: one multinomial per resample, as in bootstrapInterval.
  const resamples = checkResamples(options.resamples, caller);
  const { truth, byA, byB, counts } = jointCells(t, a, b, k);
  const size = counts.length;
  const scratch = tallyScratch(metric.numClasses);
  const valueA = scoreTally(truth, byA, counts, metric, scratch);
  const valueB = scoreTally(truth, byB, counts, metric, scratch);
  const difference = valueA - valueB;
  const rng = createRng(options.seed === undefined ? 0 : options.seed).fork('paired-bootstrap');
  const draw = new Float64Array(size);
  const diffs = new Float64Array(resamples);
  let atOrBelow = 0;
  let atOrAbove = 0;
  for (let r = 0; r < resamples; r++) {
    sampleMultinomial(counts, n, rng, draw);
    const d = scoreTally(truth, byA, draw, metric, scratch) - scoreTally(truth, byB, draw, metric, scratch);
    diffs[r] = d;
    if (d <= 0) atOrBelow++;
    if (d >= 0) atOrAbove++;
  }
  const standardError = standardDeviation(diffs);
  const [low, high] = percentileInterval(diffs, confidence);
  const z = normalQuantile(1 - (1 - confidence) / 2) + normalQuantile(power);
  return {
    metric: metricName(metric.metric, metric.average),
    valueA,
    valueB,
    difference,
    low,
    high,
    pValue: Math.min(1, (2 * Math.min(atOrBelow, atOrAbove)) / resamples),
    distinguishable: low > 0 || high < 0,
    method: 'paired-bootstrap',
    confidence,
    n,
    onlyAWrong,
    onlyBWrong,
    resamples,
    examplesToSeparate: difference === 0 ? null : Math.ceil(n * ((z * standardError) / Math.abs(difference)) ** 2),
  };
}

function mcnemarComparison(
  metric: 'accuracy' | 'errorRate',
  ca: { counts: Float64Array; numClasses: number },
  cb: { counts: Float64Array; numClasses: number },
  s: { n: number; onlyAWrong: number; onlyBWrong: number; confidence: number; power: number },
): PairedComparison {
  const { n, onlyAWrong, onlyBWrong, confidence, power } = s;
  const accuracyOf = (c: { counts: Float64Array; numClasses: number }) => {
    let right = 0;
    for (let i = 0; i < c.numClasses; i++) right += c.counts[i * c.numClasses + i]!;
    return right / n;
  };
  const sign = metric === 'errorRate' ? 1 : -1;
  const valueA = metric === 'accuracy' ? accuracyOf(ca) : 1 - accuracyOf(ca);
  const valueB = metric === 'accuracy' ? accuracyOf(cb) : 1 - accuracyOf(cb);
  const m = onlyAWrong + onlyBWrong;
  const alpha = 1 - confidence;
  let low: number;
  let high: number;
  if (m === 0) {
    // No disagreement seen: the discordant share is below its exact upper bound 1 − (α/2)^(1/n),
    // and so is the size of the difference.
    const bound = 1 - (alpha / 2) ** (1 / n);
    [low, high] = [-bound, bound];
  } else {
    const piLow = onlyAWrong === 0 ? 0 : betaQuantile(alpha / 2, onlyAWrong, m - onlyAWrong + 1);
    const piHigh = onlyAWrong === m ? 1 : betaQuantile(1 - alpha / 2, onlyAWrong + 1, m - onlyAWrong);
    // errorA − errorB = (onlyAWrong − onlyBWrong)/n = m/n·(2π − 1); accuracy flips the sign.
    const ends = [(m / n) * (2 * piLow - 1) * sign, (m / n) * (2 * piHigh - 1) * sign];
    [low, high] = [Math.min(...ends), Math.max(...ends)];
  }
  const difference = valueA - valueB;
  return {
    metric,
    valueA,
    valueB,
    difference,
    low,
    high,
    pValue: mcnemarExactPValue(onlyAWrong, onlyBWrong),
    distinguishable: low > 0 || high < 0,
    method: 'mcnemar-exact',
    confidence,
    n,
    onlyAWrong,
    onlyBWrong,
    examplesToSeparate:
      onlyAWrong === onlyBWrong
        ? null
        : pairedSampleSize({ discordant: m / n, difference: (onlyAWrong - onlyBWrong) / n, confidence, power }),
  };
}

/** The distinct (true, A, B) triples with counts: a dense table for few classes, a map beyond. */
function jointCells(
  t: ArrayLike<number>,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  k: number,
): { truth: Int32Array; byA: Int32Array; byB: Int32Array; counts: Float64Array } {
  const keys: number[] = [];
  const values: number[] = [];
  if (k * k * k <= 1 << 16) {
    const table = new Float64Array(k * k * k);
    for (let i = 0; i < t.length; i++) table[(t[i]! * k + a[i]!) * k + b[i]!]!++;
    table.forEach((count, key) => {
      if (count > 0) {
        keys.push(key);
        values.push(count);
      }
    });
  } else {
    const cells = new Map<number, number>();
    for (let i = 0; i < t.length; i++) {
      const key = (t[i]! * k + a[i]!) * k + b[i]!;
      cells.set(key, (cells.get(key) ?? 0) + 1);
    }
    for (const [key, count] of [...cells.entries()].sort((x, y) => x[0] - y[0])) {
      keys.push(key);
      values.push(count);
    }
  }
  return {
    truth: Int32Array.from(keys, (key) => Math.floor(key / (k * k))),
    byA: Int32Array.from(keys, (key) => Math.floor(key / k) % k),
    byB: Int32Array.from(keys, (key) => key % k),
    counts: Float64Array.from(values),
  };
}
