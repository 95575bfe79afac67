// @mlrecipe/tensor: the one tensor interface every mlrecipe package shares.
// Importing it registers every tfjs-core gradient and chained op (see register_gradients.ts).
import './register_gradients.js';

export type { BackendName, BackendOptions } from './backend_specs.js';
export type { BackendAvailability, BackendSelection } from './backends.js';

// Backends: choice, swap and what can load here
export { availableBackends, currentBackend, useBackend } from './backends.js';
export type { KernelReport } from './check_kernels.js';
// Kernels: pre-flight checks and the float32 policy
export { checkKernels, LAYER_TRAINING_KERNELS } from './check_kernels.js';
// Errors every package throws (or subclasses)
export {
  BackendUnavailableError,
  DuplicateTfjsCoreError,
  InvalidArgumentError,
  MlrecipeError,
  ScopeError,
  ShapeError,
  TensorLeakError,
} from './errors.js';
export {
  BATCH_NORM_EPSILON,
  FLOAT32_EPSILON,
  FLOAT32_MIN_NORMAL,
  OPTIMIZER_EPSILON,
  PROBABILITY_EPSILON,
} from './float32_policy.js';
export { copyRows, gatherRows } from './gather_rows.js';
export type { AdamMomentsAttrs } from './kernels/adam_moments.js';
export { AdamApply, type AdamApplyAttrs, AdamMoments, adamApply, adamMoments } from './kernels/adam_moments.js';
export { Dense, type DenseActivation, DenseReluGrad, fusedDense } from './kernels/dense.js';
export { NonFiniteFlags, nonFiniteFlags, nonFiniteSum } from './kernels/non_finite_flags.js';
export { fusedSoftmaxCrossEntropy, SoftmaxCrossEntropy } from './kernels/softmax_cross_entropy.js';
export { simdFlavour } from './kernels/wasm_simd/simd_kernels.js';
// Memory
export { countTensors, expectNoLeaks, scope } from './memory.js';
export type { PatchReport } from './patches/tfjs_patches.js';
export { registerBackendFixes, unregisterBackendFixes } from './patches/tfjs_patches.js';
export { requireBackend } from './require_backend.js';
export type { Rng, RngState } from './rng.js';

// Seeded randomness
export { createRng, restoreRng } from './rng.js';
export type { Runtime } from './runtime.js';
export { detectRuntime } from './runtime.js';
export { assertSingleTfjsCore } from './single_core.js';
export type {
  DataType,
  Rank,
  Scalar,
  Tensor,
  Tensor1D,
  Tensor2D,
  Tensor3D,
  Tensor4D,
  TensorContainer,
  TensorLike,
  Variable,
} from './tf.js';
// tfjs-core, one copy for every package
export { tf } from './tf.js';
