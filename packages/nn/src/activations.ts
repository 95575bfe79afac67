import { tf } from '@mlrecipe/tensor';
import { NnError } from './errors.js';
import { shown } from './validate.js';

/** The activations a layer can name. */
export type ActivationName = 'linear' | 'relu' | 'leakyRelu' | 'sigmoid' | 'tanh' | 'softmax';

/** g(z) = z: for the output of a regression, and for logits passed to a loss `fromLogits`. */
export const linear = (z: tf.Tensor): tf.Tensor => z;
/** max(0, z): the default for hidden layers (fast, and its gradient does not vanish for z > 0). */
export const relu = (z: tf.Tensor): tf.Tensor => tf.relu(z);
/** max(αz, z): relu that still learns a little for z < 0. */
export const leakyRelu = (z: tf.Tensor, alpha = 0.01): tf.Tensor => tf.leakyRelu(z, alpha);
/** 1/(1 + e^−z): only for a binary output; in hidden layers tanh is almost always better (zero-centred). */
export const sigmoid = (z: tf.Tensor): tf.Tensor => tf.sigmoid(z);
/** tanh(z): zero-centred, better than sigmoid for hidden layers. */
export const tanh = (z: tf.Tensor): tf.Tensor => tf.tanh(z);
/** e^z / Σe^z over the last axis: multi-class outputs (prefer passing logits to softmaxCrossEntropy). */
export const softmax = (z: tf.Tensor): tf.Tensor => tf.softmax(z);

const BY_NAME: Record<ActivationName, (z: tf.Tensor) => tf.Tensor> = {
  linear,
  relu,
  leakyRelu,
  sigmoid,
  tanh,
  softmax,
};

/**
 * The name tfjs' fused kernels (`tf.fused.matMul`, `tf.fused.conv2d`) take for an activation they
 * compute, and differentiate, exactly as the separate op: only linear and relu (tfjs has no fused
 * gradient for the others). Null for the rest, which layers apply after the product.
 */
export function fusableActivation(name: ActivationName): 'linear' | 'relu' | null {
  return name === 'linear' || name === 'relu' ? name : null;
}

/**
 * The activation function of a name (`'relu'`, `'tanh'`, …); an unknown name throws `NnError` listing the known ones.
 */
export function activation(name: ActivationName): (z: tf.Tensor) => tf.Tensor {
  // Own keys only: 'toString' must not find Object.prototype.toString.
  const fn = typeof name === 'string' && Object.hasOwn(BY_NAME, name) ? BY_NAME[name] : undefined;
  if (fn === undefined)
    throw new NnError(`unknown activation ${shown(name)}; use one of ${Object.keys(BY_NAME).join(', ')}`);
  return fn;
}
