// @mlrecipe/diagnostics/gradients: gradient checking, which evaluates the loss on tensors. It needs
// @mlrecipe/tensor and @tensorflow/tfjs-core, optional peers of this package, so the main entry
// (the recipe's reasoning on plain numbers) installs no tensor library.

export type { GradientCheckResult } from './gradient_check.js';
export { gradientCheck } from './gradient_check.js';
