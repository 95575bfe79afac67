import { OPTIMIZER_EPSILON } from '@mlrecipe/tensor';
import type { StepSchedule } from './schedules.js';
import { chain, type GradientTransformation } from './transform.js';
import {
  addDecayedWeights,
  fusedAdamStep,
  scaleByAdam,
  scaleByLearningRate,
  scaleByRms,
  traceMomentum,
} from './transforms.js';
import { options } from './validate.js';

/** A learning rate: a number or a step schedule (see perStep for the course's epoch decays). */
type Rate = number | StepSchedule;

/** Gradient descent: W −= α·dW. */
export function sgd(optimizerOptions: { learningRate: Rate }): GradientTransformation<unknown[]> {
  const { learningRate } = options(optimizerOptions, 'sgd', '{ learningRate: 0.01 }');
  return chain(scaleByLearningRate(learningRate));
}

/**
 * Gradient descent with momentum, in the course's form by default: v = β·v + (1 − β)·dW, W −= α·v.
 * `form: 'heavyBall'` is PyTorch's (v = β·v + dW), with optional Nesterov.
 */
export function momentum(optimizerOptions: {
  learningRate: Rate;
  beta?: number;
  form?: 'ema' | 'heavyBall';
  nesterov?: boolean;
}): GradientTransformation<unknown[]> {
  const {
    learningRate,
    beta = 0.9,
    form = 'ema',
    nesterov = false,
  } = options(optimizerOptions, 'momentum', '{ learningRate: 0.01 }');
  return chain(traceMomentum({ beta, form, nesterov }), scaleByLearningRate(learningRate));
}

/** RMSProp: S = β·S + (1 − β)·dW², W −= α·dW / (√S + ε). */
export function rmsprop(optimizerOptions: {
  learningRate: Rate;
  beta?: number;
  epsilon?: number;
}): GradientTransformation<unknown[]> {
  const {
    learningRate,
    beta = 0.9,
    epsilon = OPTIMIZER_EPSILON,
  } = options(optimizerOptions, 'rmsprop', '{ learningRate: 0.001 }');
  return chain(scaleByRms({ beta, epsilon }), scaleByLearningRate(learningRate));
}

/** Adam with bias correction (β₁ 0.9, β₂ 0.999, ε 1e-8 on every backend). */
export function adam(optimizerOptions: {
  learningRate: Rate;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}): GradientTransformation<unknown[]> {
  const {
    learningRate,
    beta1 = 0.9,
    beta2 = 0.999,
    epsilon = OPTIMIZER_EPSILON,
  } = options(optimizerOptions, 'adam', '{ learningRate: 0.001 }');
  const transform = chain(scaleByAdam({ beta1, beta2, epsilon }), scaleByLearningRate(learningRate));
  return { ...transform, applyFused: fusedAdamStep({ beta1, beta2, epsilon }, learningRate) };
}

/** AdamW (Loshchilov & Hutter 2019): Adam with weight decay decoupled from the gradient, W −= α(m̂/(√v̂+ε) + λW). */
export function adamw(optimizerOptions: {
  learningRate: Rate;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  weightDecay?: number;
}): GradientTransformation<unknown[]> {
  const {
    learningRate,
    beta1 = 0.9,
    beta2 = 0.999,
    epsilon = OPTIMIZER_EPSILON,
    weightDecay = 0.01,
  } = options(optimizerOptions, 'adamw', '{ learningRate: 0.001 }');
  return chain(
    scaleByAdam({ beta1, beta2, epsilon }),
    addDecayedWeights(weightDecay),
    scaleByLearningRate(learningRate),
  );
}
