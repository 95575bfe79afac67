import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '../errors.js';
import { adamMomentsWebGLKernel } from './adam_moments_webgl.js';

/** The name of mlrecipe's fused Adam kernel (not a tfjs op: our own, prefixed). */
export const AdamMoments = 'MlrecipeAdamMoments';
/** The fused Adam kernel that also applies the update to the parameter (the whole optimizer step). */
export const AdamApply = 'MlrecipeAdamApply';

/** Adam's constants for one step: the betas, ε and the bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ. */
export interface AdamMomentsAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  correction1: number;
  correction2: number;
}

/**
 * The kernel's arithmetic, one element at a time, in float32 and in the order of the composed ops
 * (m·β₁ + g·(1 − β₁); (g·g)·(1 − β₂) added to v·β₂; (m / c₁) / (√(v / c₂) + ε)). Every constant is
 * rounded to float32 first, as tfjs does with a scalar operand, so a kernel that follows this is
 * bit-identical to the composed ops on cpu and wasm (IEEE float32 +, ×, ÷ and √ are exactly rounded).
 */
export function adamConstants(attrs: AdamMomentsAttrs) {
  const f = Math.fround;
  return {
    b1: f(attrs.beta1),
    oneMinusB1: f(1 - attrs.beta1),
    b2: f(attrs.beta2),
    oneMinusB2: f(1 - attrs.beta2),
    c1: f(attrs.correction1),
    c2: f(attrs.correction2),
    eps: f(attrs.epsilon),
  };
}

/** Adam's constants and the learning rate of the step, for `adamApply`. */
export interface AdamApplyAttrs extends AdamMomentsAttrs {
  learningRate: number;
}

function adamOnHost(
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  attrs: AdamMomentsAttrs,
  p?: Float32Array,
): [Float32Array, Float32Array, Float32Array] {
  const f = Math.fround;
  const k = adamConstants(attrs);
  const negLr = p === undefined ? 0 : f(-(attrs as AdamApplyAttrs).learningRate);
  const update = new Float32Array(g.length);
  const mean = new Float32Array(g.length);
  const variance = new Float32Array(g.length);
  for (let i = 0; i < g.length; i++) {
    const gi = g[i]!;
    const mi = f(f(m[i]! * k.b1) + f(gi * k.oneMinusB1));
    const vi = f(f(v[i]! * k.b2) + f(f(gi * gi) * k.oneMinusB2));
    mean[i] = mi;
    variance[i] = vi;
    const u = f(f(mi / k.c1) / f(f(Math.sqrt(f(vi / k.c2))) + k.eps));
    // With a parameter: p + u·(−α), the learning-rate scaling and applyUpdates of the composed step.
    update[i] = p === undefined ? u : f(p[i]! + f(u * negLr));
  }
  return [update, mean, variance];
}

/** The cpu kernel: one pass over the three arrays instead of twelve kernels. */
export function adamMomentsCpuKernel(kernelName: string): tf.KernelConfig {
  return {
    kernelName,
    backendName: 'cpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { g, m, v, p } = inputs as { g: tf.TensorInfo; m: tf.TensorInfo; v: tf.TensorInfo; p?: tf.TensorInfo };
      const kb = backend as tf.KernelBackend;
      const read = (t: tf.TensorInfo) => kb.readSync(t.dataId) as Float32Array;
      const outs = adamOnHost(
        read(g),
        read(m),
        read(v),
        attrs as unknown as AdamMomentsAttrs,
        p === undefined ? undefined : read(p),
      );
      return outs.map((values) => ({ dataId: kb.write(values, g.shape, 'float32'), shape: g.shape, dtype: 'float32' }));
    },
  };
}

/** The same arithmetic as tfjs ops, for backends without the kernel (and as the reference in tests). */
export function adamMomentsComposed(
  g: tf.Tensor,
  m: tf.Tensor,
  v: tf.Tensor,
  attrs: AdamMomentsAttrs,
): [tf.Tensor, tf.Tensor, tf.Tensor] {
  return tf.tidy(() => {
    const mean = tf.add(tf.mul(m, attrs.beta1), tf.mul(g, 1 - attrs.beta1));
    const variance = tf.add(tf.mul(v, attrs.beta2), tf.mul(tf.square(g), 1 - attrs.beta2));
    const update = tf.div(
      tf.div(mean, attrs.correction1),
      tf.add(tf.sqrt(tf.div(variance, attrs.correction2)), attrs.epsilon),
    );
    return [update, mean, variance];
  });
}

/** Each constant must be a finite number in its range: the kernel would turn anything else into NaN silently. */
function checkAttrs(attrs: AdamMomentsAttrs): void {
  if (attrs === null || typeof attrs !== 'object') {
    throw new InvalidArgumentError(
      `adamMoments: give the constants { beta1, beta2, epsilon, correction1, correction2 }, got ${String(attrs)}`,
    );
  }
  const ranges: Array<[keyof AdamMomentsAttrs, (v: number) => boolean, string]> = [
    ['beta1', (v) => v >= 0 && v < 1, 'in [0, 1)'],
    ['beta2', (v) => v >= 0 && v < 1, 'in [0, 1)'],
    ['epsilon', (v) => v >= 0, '≥ 0'],
    ['correction1', (v) => v > 0 && v <= 1, 'in (0, 1] (1 − beta1^t)'],
    ['correction2', (v) => v > 0 && v <= 1, 'in (0, 1] (1 − beta2^t)'],
  ];
  for (const [name, ok, range] of ranges) {
    const value = attrs[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
      throw new InvalidArgumentError(`adamMoments: ${name} must be a finite number ${range}, got ${String(value)}`);
    }
  }
}

function checkMoments(g: tf.Tensor, m: tf.Tensor, v: tf.Tensor): void {
  for (const [name, t] of [
    ['gradient', g],
    ['mean', m],
    ['variance', v],
  ] as const) {
    if (!(t instanceof tf.Tensor) || t.isDisposed || t.dtype !== 'float32') {
      throw new InvalidArgumentError(`adamMoments: ${name} must be a live float32 tensor`);
    }
    if (!tf.util.arraysEqual(t.shape, g.shape)) {
      throw new InvalidArgumentError(
        `adamMoments: ${name} has shape [${t.shape}] but the gradient has [${g.shape}]; pass state of the parameter's shape`,
      );
    }
  }
}

/** Kernels this module registers itself, on first use of their backend (wasm's come with its patches). */
const ownKernels: Record<string, Record<string, () => tf.KernelConfig>> = {
  [AdamMoments]: { cpu: () => adamMomentsCpuKernel(AdamMoments), webgl: adamMomentsWebGLKernel },
  [AdamApply]: { cpu: () => adamMomentsCpuKernel(AdamApply) },
};

/** Whether `kernelName` runs on the current backend, registering this module's own kernel there first. */
function hasKernel(kernelName: string): boolean {
  const backendName = tf.getBackend();
  if (tf.getKernel(kernelName, backendName) !== undefined) return true;
  const own = ownKernels[kernelName]!;
  if (!Object.hasOwn(own, backendName)) return false;
  tf.registerKernel(own[backendName]!());
  return true;
}

/**
 * One Adam step's moments and update for one parameter: m' = β₁m + (1 − β₁)g, v' = β₂v + (1 − β₂)g²,
 * update = (m' / c₁) / (√(v' / c₂) + ε) with c = 1 − βᵗ. Returns `[update, m', v']`. On cpu and wasm
 * one fused kernel (bit-identical to the composed ops), on WebGL three programs; on other backends
 * the composed ops.
 *
 * @example
 * const [update, mean, variance] = adamMoments(grad, mean0, variance0, {
 *   beta1: 0.9, beta2: 0.999, epsilon: 1e-8, correction1: 1 - 0.9, correction2: 1 - 0.999,
 * });
 */
export function adamMoments(
  g: tf.Tensor,
  m: tf.Tensor,
  v: tf.Tensor,
  attrs: AdamMomentsAttrs,
): [tf.Tensor, tf.Tensor, tf.Tensor] {
  checkMoments(g, m, v);
  checkAttrs(attrs);
  if (!hasKernel(AdamMoments)) return adamMomentsComposed(g, m, v, attrs);
  return runAdamKernel(AdamMoments, { g, m, v }, attrs);
}

/**
 * A whole Adam step for one parameter: `adamMoments`, then p + update·(−learningRate). Returns
 * `[p', m', v']`. One kernel on cpu and wasm (the moments kernel's pass, also writing the
 * parameter: 3 kernels per parameter fewer than moments + scale + add, the same bits); the
 * composed ops elsewhere. Used by optim's `adam` through `createOptimizer`.
 *
 * @example
 * const [param1, mean, variance] = adamApply(param, grad, mean0, variance0, {
 *   beta1: 0.9, beta2: 0.999, epsilon: 1e-8, correction1: 0.1, correction2: 0.001, learningRate: 1e-3,
 * });
 */
export function adamApply(
  p: tf.Tensor,
  g: tf.Tensor,
  m: tf.Tensor,
  v: tf.Tensor,
  attrs: AdamApplyAttrs,
): [tf.Tensor, tf.Tensor, tf.Tensor] {
  checkMoments(g, m, v);
  checkAttrs(attrs);
  if (!(p instanceof tf.Tensor) || p.isDisposed || p.dtype !== 'float32' || !tf.util.arraysEqual(p.shape, g.shape)) {
    throw new InvalidArgumentError(
      `adamApply: the parameter must be a live float32 tensor of the gradient's shape [${g.shape}]`,
    );
  }
  const rate = attrs?.learningRate;
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
    throw new InvalidArgumentError(`adamApply: learningRate must be a finite number > 0, got ${String(rate)}`);
  }
  if (!hasKernel(AdamApply)) {
    const [update, mean, variance] = adamMoments(g, m, v, attrs);
    const next = tf.tidy(() => tf.add(p, tf.mul(update, -rate)));
    update.dispose();
    return [next, mean, variance];
  }
  return runAdamKernel(AdamApply, { g, m, v, p }, attrs);
}

/** Runs one of the fused Adam kernels, which return three tensors. */
function runAdamKernel(
  kernelName: string,
  inputs: tf.NamedTensorMap,
  attrs: AdamMomentsAttrs,
): [tf.Tensor, tf.Tensor, tf.Tensor] {
  return tf.engine().runKernel(kernelName, inputs, attrs as unknown as tf.NamedAttrMap) as unknown as [
    tf.Tensor,
    tf.Tensor,
    tf.Tensor,
  ];
}
