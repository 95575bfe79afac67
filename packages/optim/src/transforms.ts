import { adamApply, adamMoments, OPTIMIZER_EPSILON, tf } from '@mlrecipe/tensor';
import { OptimError } from './errors.js';
import { requireStepSchedule, type StepSchedule } from './schedules.js';
import { type GradientTransformation, mapTree, type Tree, zerosLike } from './transform.js';
import { bool, beta as checkBeta, nonNegative, oneOf, options, positive } from './validate.js';

/**
 * Multiplies updates by −α (updates are added to parameters, so this descends). α is a number or a
 * schedule called with the update number t = 1, 2, 3, ….
 */
export function scaleByLearningRate(rate: number | StepSchedule): GradientTransformation<{ count: number }> {
  if (typeof rate === 'number') positive(rate, 'learningRate', 'scaleByLearningRate');
  else if (typeof rate === 'function') requireStepSchedule(rate, 'scaleByLearningRate');
  else positive(Number.NaN, 'learningRate', 'scaleByLearningRate');
  return {
    init: () => ({ count: 0 }),
    update: (grads, state) => {
      const count = state.count + 1;
      const alpha = learningRateAt(rate, count);
      return { updates: mapTree(grads, (g) => tf.mul(g, -alpha)), state: { count } };
    },
  };
}

/** α for update number `count`: the rate, or the schedule's value (checked positive). */
function learningRateAt(rate: number | StepSchedule, count: number): number {
  return typeof rate === 'number' ? rate : positive(rate(count), `schedule(${count})`, 'scaleByLearningRate');
}

/**
 * Momentum's velocity. `form: 'ema'` (the course): v = β·v + (1 − β)·g, an exponentially weighted
 * average of gradients. `form: 'heavyBall'` (PyTorch's SGD momentum, Polyak): v = β·v + g, which
 * is the EMA form scaled by 1/(1 − β), so it needs a learning rate (1 − β) times smaller.
 * `nesterov` (heavy-ball only) returns g + β·v.
 */
export function traceMomentum(transformOptions?: {
  beta?: number;
  form?: 'ema' | 'heavyBall';
  nesterov?: boolean;
}): GradientTransformation<{ velocity: Tree }> {
  const { beta = 0.9, form = 'ema', nesterov = false } = options(transformOptions, 'traceMomentum');
  checkBeta(beta, 'beta', 'momentum');
  oneOf(form, ['ema', 'heavyBall'], 'form', 'momentum');
  bool(nesterov, 'nesterov', 'momentum');
  return {
    init: (params) => ({ velocity: zerosLike(params) }),
    update: (grads, state) => {
      const velocity = mapTree(grads, (g, name) =>
        form === 'ema'
          ? tf.add(tf.mul(state.velocity[name]!, beta), tf.mul(g, 1 - beta))
          : tf.add(tf.mul(state.velocity[name]!, beta), g),
      );
      const updates =
        nesterov && form === 'heavyBall'
          ? mapTree(grads, (g, name) => tf.add(g, tf.mul(velocity[name]!, beta)))
          : mapTree(velocity, (v) => v.clone());
      return { updates, state: { velocity } };
    },
  };
}

/** RMSProp's scaling: S = β·S + (1 − β)·g², update g / (√S + ε). */
export function scaleByRms(transformOptions?: { beta?: number; epsilon?: number }): GradientTransformation<{
  meanSquare: Tree;
}> {
  const { beta = 0.9, epsilon = OPTIMIZER_EPSILON } = options(transformOptions, 'scaleByRms');
  checkBeta(beta, 'beta', 'rmsprop');
  positive(epsilon, 'epsilon', 'rmsprop');
  return {
    init: (params) => ({ meanSquare: zerosLike(params) }),
    update: (grads, state) => {
      const meanSquare = mapTree(grads, (g, name) =>
        tf.add(tf.mul(state.meanSquare[name]!, beta), tf.mul(tf.square(g), 1 - beta)),
      );
      return {
        updates: mapTree(grads, (g, name) => tf.div(g, tf.add(tf.sqrt(meanSquare[name]!), epsilon))),
        state: { meanSquare },
      };
    },
  };
}

/**
 * Adam's scaling (Kingma & Ba 2015) with bias correction: m = β₁m + (1 − β₁)g, v = β₂v + (1 − β₂)g²,
 * m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ), update m̂ / (√v̂ + ε). ε is this constant on every backend.
 */
export function scaleByAdam(transformOptions?: {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}): GradientTransformation<{ count: number; mean: Tree; variance: Tree }> {
  const { beta1 = 0.9, beta2 = 0.999, epsilon = OPTIMIZER_EPSILON } = options(transformOptions, 'scaleByAdam');
  checkBeta(beta1, 'beta1', 'adam');
  checkBeta(beta2, 'beta2', 'adam');
  positive(epsilon, 'epsilon', 'adam');
  return {
    init: (params) => ({ count: 0, mean: zerosLike(params), variance: zerosLike(params) }),
    update: (grads, state) => {
      const count = state.count + 1;
      const attrs = adamAttrs(beta1, beta2, epsilon, count);
      // One fused kernel per parameter where the backend has it (cpu, wasm), bit-identical to the
      // twelve composed ops it replaces.
      const mean: Record<string, tf.Tensor> = {};
      const variance: Record<string, tf.Tensor> = {};
      const updates: Record<string, tf.Tensor> = {};
      for (const [name, g] of Object.entries(grads)) {
        [updates[name], mean[name], variance[name]] = adamMoments(g, state.mean[name]!, state.variance[name]!, attrs);
      }
      return { updates, state: { count, mean, variance } };
    },
  };
}

function adamAttrs(beta1: number, beta2: number, epsilon: number, count: number) {
  return { beta1, beta2, epsilon, correction1: 1 - beta1 ** count, correction2: 1 - beta2 ** count };
}

type AdamChainState = [{ count: number; mean: Tree; variance: Tree }, { count: number }];

/**
 * `chain(scaleByAdam(…), scaleByLearningRate(rate))` followed by applyUpdates, as one step per
 * parameter (tensor's adamApply: one kernel on cpu and wasm, the same bits as the three steps).
 */
export function fusedAdamStep(
  adamOptions: { beta1: number; beta2: number; epsilon: number },
  rate: number | StepSchedule,
): (grads: Tree, state: unknown[], params: Tree) => { params: Record<string, tf.Tensor>; state: unknown[] } {
  const { beta1, beta2, epsilon } = adamOptions;
  return (grads, chainState, params) => {
    const [moments, scale] = chainState as AdamChainState;
    const count = moments.count + 1;
    const rateCount = scale.count + 1;
    const attrs = { ...adamAttrs(beta1, beta2, epsilon, count), learningRate: learningRateAt(rate, rateCount) };
    const next: Record<string, tf.Tensor> = {};
    const mean: Record<string, tf.Tensor> = {};
    const variance: Record<string, tf.Tensor> = {};
    for (const [name, g] of Object.entries(grads)) {
      [next[name], mean[name], variance[name]] = adamApply(
        params[name]!,
        g,
        moments.mean[name]!,
        moments.variance[name]!,
        attrs,
      );
    }
    return { params: next, state: [{ count, mean, variance }, { count: rateCount }] };
  };
}

/** Adds rate·θ to each update: decoupled weight decay when placed before the learning rate (AdamW). */
export function addDecayedWeights(rate: number): GradientTransformation<Record<string, never>> {
  nonNegative(rate, 'rate', 'addDecayedWeights');
  return {
    init: () => ({}),
    update: (grads, state, params) => {
      if (params === undefined)
        throw new OptimError(
          'addDecayedWeights: update needs the params (applyUpdates passes them; pass them when calling update directly)',
        );
      return { updates: mapTree(grads, (g, name) => tf.add(g, tf.mul(params[name]!, rate))), state };
    },
  };
}

/** Rescales all updates together when their global L2 norm exceeds maxNorm: g·min(1, maxNorm/‖g‖). */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<Record<string, never>> {
  positive(maxNorm, 'maxNorm', 'clipByGlobalNorm');
  return {
    init: () => ({}),
    update: (grads, state) => {
      const norm = tf.tidy(() => tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))));
      const scale = tf.tidy(() => tf.minimum(1, tf.div(maxNorm, tf.maximum(norm, 1e-30))));
      const updates = mapTree(grads, (g) => tf.mul(g, scale));
      tf.dispose([norm, scale]);
      return { updates, state };
    },
  };
}
