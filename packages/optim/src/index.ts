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
export type { ManualSchedule, Schedule } from './schedules.js';

// Learning-rate schedules and exponentially weighted averages
export {
  constant,
  cosineDecay,
  exponentialDecay,
  inverseSqrtEpochDecay,
  inverseSqrtStepDecay,
  inverseTimeDecay,
  manual,
  staircase,
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
