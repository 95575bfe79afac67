// @mlrecipe/regularizers: the recipe's tools for variance — penalties, constraints, dropout, early stopping.

export type { MixNoiseOptions } from './augment_audio.js';
export { mixNoise, speedPerturb, timeShift } from './augment_audio.js';
export type { ImageAugmentation } from './augment_images.js';
// Data augmentation (seeded, on batches) and artificial data synthesis
export {
  blur,
  colorShift,
  composeAugmentations,
  flipHorizontal,
  gaussianNoise,
  randomCrop,
  rotate,
} from './augment_images.js';
// Inverted dropout
export { dropout } from './dropout.js';
export type {
  EarlyStopper,
  EarlyStoppingOptions,
  EarlyStoppingState,
  WatchedVariables,
} from './early_stopping.js';
// Early stopping that restores the best parameters
export { earlyStopping } from './early_stopping.js';

// Errors
export { RegularizerError } from './errors.js';
export type { Params, Penalty, PenaltyOptions } from './penalties.js';
// Penalties over weights (kernels, not biases, by default) and constraints
export { elasticNet, l1, l2, maxNorm } from './penalties.js';
