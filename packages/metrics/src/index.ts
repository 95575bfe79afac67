// biome-ignore-all assist/source/organizeImports: the table of contents is grouped by concept, not by file name
// @mlrecipe/metrics: single-number evaluation metrics, their uncertainty, and optimizing/satisficing model choice.
// Plain TypeScript over arrays and typed arrays; tensors are read with dataSync(), no backend needed.

// Label metrics
export { accuracy, errorRate } from './accuracy.js';
export type { ClassificationReport, ReportOptions, ReportRow } from './classification_report.js';
export { classificationReport } from './classification_report.js';
export type { ClassOptions } from './confusion_matrix.js';
export { confusionMatrix, multilabelConfusionMatrix } from './confusion_matrix.js';
export type {
  Average,
  FScoreOptions,
  LabelInput,
  PrecisionRecallFScore,
  ScoreOptions,
  ZeroDivision,
} from './precision_recall_fscore.js';
export { f1Score, fBetaScore, fScoreOf, precision, precisionRecallFScore, recall } from './precision_recall_fscore.js';

// Ranking metrics from scores
export type { RankingAverage, RankingOptions } from './ranking.js';
export { averagePrecision, rocAuc } from './ranking.js';

// Uncertainty: rates with intervals, bootstrap intervals, paired comparisons of two models
export type { BootstrapInterval, BootstrapOptions, ResampleOptions } from './bootstrap_interval.js';
export { bootstrapInterval } from './bootstrap_interval.js';
export type { MeanInterval } from './bootstrap_mean.js';
export { bootstrapMeanInterval } from './bootstrap_mean.js';
export type { Count, DifferenceInterval } from './difference_interval.js';
export { rateDifferenceInterval } from './difference_interval.js';
export type { LabelRateIntervals, LabelRateOptions } from './label_rate_intervals.js';
export { rateIntervals } from './label_rate_intervals.js';
export { mcnemarExactPValue, pairedSampleSize } from './mcnemar.js';
export type { CompareOptions, PairedComparison } from './paired_comparison.js';
export { compareModels } from './paired_comparison.js';
export type { RateInterval, RateIntervalMethod, RateIntervalOptions } from './rate_interval.js';
export { rateInterval } from './rate_interval.js';
export type { TallyMetric, TallyMetricOptions } from './tally_metric.js';

// Distributions behind the intervals (used by @mlrecipe/data and @mlrecipe/diagnostics too)
export { binomialCdf } from './beta_function.js';
export { normalCdf, normalQuantile } from './normal_distribution.js';

// Model selection: one optimizing metric, N − 1 satisficing ones; latency for the satisficing side
export type { Latency, LatencyOptions } from './latency.js';
export { measureLatency } from './latency.js';
export type { Candidate, SatisficingConstraint, Selection, SelectModelOptions } from './select_model.js';
export { selectModel } from './select_model.js';

// Inputs and errors
export { MetricInputError, MetricShapeError } from './errors.js';
export type { MatrixInput, TensorInput, VectorInput } from './input.js';
