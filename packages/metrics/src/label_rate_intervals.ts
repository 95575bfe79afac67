import { countConfusion } from './confusion_matrix.js';
import { MetricInputError } from './errors.js';
import { isMatrixInput, optionsObject, type VectorInput } from './input.js';
import { type RateInterval, type RateIntervalOptions, rateInterval } from './rate_interval.js';

/** Options of `rateIntervals`: the interval's options plus which label counts as positive. */
export interface LabelRateOptions extends RateIntervalOptions {
  /** The class whose precision and recall are given. Default 1 for binary labels; required for more classes. */
  readonly positiveLabel?: number;
  readonly numClasses?: number;
}

/** Accuracy, error rate and (for one positive class) precision and recall, each a rate with its interval. */
export interface LabelRateIntervals {
  readonly accuracy: RateInterval;
  readonly errorRate: RateInterval;
  /** tp of tp + fp; null when nothing was predicted positive (no examples to measure it on). */
  readonly precision: RateInterval | null;
  /** tp of tp + fn; null when no example is positive. */
  readonly recall: RateInterval | null;
}

/**
 * The recipe's rates with their uncertainty, from labels: each is a count out of the examples it is
 * measured on (accuracy and error rate: all n; precision: the predicted positives; recall: the true
 * positives), with a Wilson (default) or Clopper–Pearson interval.
 *
 * @example
 * rateIntervals(yTrue, yPred).errorRate; // { value: 0.228, low: 0.180, high: 0.284, n: 250, … }
 */
export function rateIntervals(
  yTrue: VectorInput,
  yPred: VectorInput,
  options: LabelRateOptions = {},
): LabelRateIntervals {
  optionsObject(options, 'rateIntervals');
  const caller = 'rateIntervals';
  if (isMatrixInput(yTrue) || isMatrixInput(yPred)) {
    throw new MetricInputError(`${caller}: takes 1-D class labels; multi-label matrices are not supported`);
  }
  const { numClasses: k, counts } = countConfusion(
    yTrue,
    yPred,
    caller,
    options.numClasses === undefined ? {} : { numClasses: options.numClasses },
  );
  const interval = {
    ...(options.method ? { method: options.method } : {}),
    ...(options.confidence === undefined ? {} : { confidence: options.confidence }),
  };
  let correct = 0;
  let n = 0;
  for (let i = 0; i < k; i++) {
    correct += counts[i * k + i]!;
    for (let j = 0; j < k; j++) n += counts[i * k + j]!;
  }
  const accuracy = rateInterval(correct, n, interval);
  const errorRate = rateInterval(n - correct, n, interval);
  if (options.positiveLabel === undefined && k > 2) return { accuracy, errorRate, precision: null, recall: null };
  const positive = options.positiveLabel === undefined ? 1 : options.positiveLabel;
  if (!(Number.isInteger(positive) && positive >= 0)) {
    throw new MetricInputError(`${caller}: positiveLabel must be a class index, got ${positive}`);
  }
  let predicted = 0;
  let actual = 0;
  for (let c = 0; c < k && positive < k; c++) {
    predicted += counts[c * k + positive]!;
    actual += counts[positive * k + c]!;
  }
  const tp = positive < k ? counts[positive * k + positive]! : 0;
  return {
    accuracy,
    errorRate,
    precision: predicted === 0 ? null : rateInterval(tp, predicted, interval),
    recall: actual === 0 ? null : rateInterval(tp, actual, interval),
  };
}
