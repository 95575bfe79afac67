// @mlrecipe/tune: hyperparameter search on the right scales.

// Errors
export { TuneError } from './errors.js';
export type { Decision, Executor, Objective, TrialHandle, TrialTask } from './executor.js';
// Searches and executors (worker threads and study files in '@mlrecipe/tune/node')
export { inProcess } from './executor.js';
export type { SearchOptions, SearchResult, Trial } from './random_search.js';
export { coarseToFine, randomSearch } from './random_search.js';
export type { Dimension, ParamsOf, Space } from './space.js';
// Search spaces
export { choice, intUniform, logUniform, oneMinusLogUniform, sampleSpace, uniform } from './space.js';
export type { FailedTrial, FailureKind, RunControls } from './trial_failure.js';
export { StudyFailedError } from './trial_failure.js';
