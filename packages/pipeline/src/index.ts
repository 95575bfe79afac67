// @mlrecipe/pipeline: the recipe as a loop. (Checkpoint files: '@mlrecipe/pipeline/node'.)

// Feature caching for frozen trunks (graph models, frozen layers)
export type { CachedFeatures, CacheFeaturesOptions } from './cache_features.js';
export { cacheFeatures } from './cache_features.js';
export type {
  Approach,
  ApproachCurve,
  ApproachResult,
  ApproachRunInput,
  CompareOptions,
  Comparison,
  ComparisonSet,
  CurvePoint,
  Leader,
  Spread,
} from './compare_approaches.js';
export { compareApproaches } from './compare_approaches.js';
// Cross-validation: train and evaluate over folds, mean ± sd with intervals, per-fold diagnosis
export type {
  CrossValidateOptions,
  CrossValidation,
  FoldResult,
  FoldSummary,
} from './cross_validation/cross_validate.js';
export { crossValidate } from './cross_validation/cross_validate.js';
export { PipelineError, TrainingDivergedError } from './errors.js';
export type { ErrorInterval, EvaluateOptions, Metric, SplitEvaluation } from './evaluate.js';
export { evaluate } from './evaluate.js';
export type { Inputs } from './inputs.js';
export type { DevError, IterateOptions, Iteration } from './iterate.js';
export { iterate } from './iterate.js';
export type { Progress, ProgressMode } from './progress.js';
export { barProgress, lineProgress, progressFor } from './progress.js';
// Reports: one list of sections rendered to Markdown and HTML; next steps in an app's words
export { wordNextSteps } from './report/domain_steps.js';
export type { Report, ReportInput } from './report/report.js';
export { report } from './report/report.js';
export type { ReportBlock, ReportImage, ReportSection } from './report/section.js';
export type { Task } from './task.js';
export type {
  Awaitable,
  BatchEvent,
  Callback,
  EpochHealth,
  EpochRecord,
  HealthOptions,
  MonitorKey,
  ScheduledOptimizer,
  Split,
  TrainingRun,
  TrainingSnapshot,
  TrainOptions,
  TrainResult,
} from './train.js';
// Training: the loop, learning-rate schedules paired with an optimizer, callbacks
export { scheduled, train } from './train.js';
export type { TransferOptions, Transferred } from './transfer.js';
export { transfer } from './transfer.js';
