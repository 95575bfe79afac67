// @mlrecipe/optim: optimizers as chains of small gradient transformations (Optax's design), and
// learning-rate schedules as plain functions.

export type { Optimizer, OptimizerOptions } from './create_optimizer.js';
// Binding to variables, applying updates, checkpoints
export { applyUpdates, createOptimizer } from './create_optimizer.js';
// Errors
export { OptimError, OptimShapeError } from './errors.js';
export type { Ewa } from './ewa.js';
export { ewa } from './ewa.js';
// Optimizers (chains of the transformations below)
export { adam, adamw, momentum, rmsprop, sgd } from './optimizers.js';
export type { PartitionState } from './partition.js';
// Freezing and per-parameter transformations (Optax's masked / set_to_zero / multi_transform)
export { freeze, identity, masked, partition, setToZero } from './partition.js';
export type { EpochSchedule, ManualSchedule, Schedule, StepSchedule } from './schedules.js';

// Learning-rate schedules and exponentially weighted averages
export {
  constant,
  cosineDecay,
  epochSchedule,
  exponentialDecay,
  inverseSqrtEpochDecay,
  inverseSqrtStepDecay,
  inverseTimeDecay,
  isEpochSchedule,
  isStepSchedule,
  manual,
  perStep,
  requireStepSchedule,
  staircase,
  stepSchedule,
  warmup,
} from './schedules.js';
export { stateFromJSON, stateToJSON } from './state_json.js';
export type { GradientTransformation, Tree } from './transform.js';
// Transformations and composition
export { chain, mapTree, zerosLike } from './transform.js';
export {
  addDecayedWeights,
  clipByGlobalNorm,
  scaleByAdam,
  scaleByLearningRate,
  scaleByRms,
  traceMomentum,
} from './transforms.js';
