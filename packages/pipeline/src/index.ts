// @mlrecipe/pipeline: the recipe as a loop. (Checkpoint files: '@mlrecipe/pipeline/node'.)

export { PipelineError, TrainingDivergedError } from './errors.js';
export type { EvaluateOptions, Metric, SplitEvaluation } from './evaluate.js';
export { evaluate } from './evaluate.js';
export type { Progress, ProgressMode } from './progress.js';
export { barProgress, lineProgress, progressFor } from './progress.js';
export type { Task } from './task.js';
export type { EpochRecord, Split, TrainingSnapshot, TrainOptions, TrainResult } from './train.js';
export { train } from './train.js';
export type { TransferOptions, Transferred } from './transfer.js';
export { transfer } from './transfer.js';
