import { fusedDense, tf } from '@mlrecipe/tensor';
import { type ActivationName, activation, fusableActivation } from '../activations.js';
import { NnError, NnShapeError } from '../errors.js';
import { type Initializer, initializer, warnIfZeroKernel } from '../initializers.js';
import { bool, options, param, positiveInteger } from '../validate.js';
import type { Layer } from './layer.js';

/** Options of `dense`: units, activation, initialiser and bias. */
export interface DenseOptions {
  units: number;
  activation?: ActivationName;
  /** Default 'he' for relu-family activations, 'xavier' for tanh, 'glorotUniform' otherwise. */
  kernelInitializer?: string | Initializer;
  useBias?: boolean;
}

/** A fully connected layer: a = g(x·W + b), W of shape [n_in, units]. */
export function dense(denseOptions: DenseOptions): Layer {
  if (denseOptions === undefined) throw new NnError('dense: give the options, e.g. dense({ units: 10 })');
  const { units, activation: act = 'linear', kernelInitializer, useBias = true } = options(denseOptions, 'dense');
  positiveInteger(units, 'units', 'dense');
  bool(useBias, 'useBias', 'dense');
  const g = activation(act);
  const fused = fusableActivation(act);
  const init = initializer(
    kernelInitializer ?? (act === 'relu' || act === 'leakyRelu' ? 'he' : act === 'tanh' ? 'xavier' : 'glorotUniform'),
  );
  return {
    kind: 'dense',
    config: { units, activation: act, kernelInitializer: init.name, useBias },
    build(inputShape, rng) {
      if (inputShape.length !== 1) {
        throw new NnShapeError(
          `dense: expects inputs of shape [features], got [${inputShape.join(', ')}]; add flatten() before it`,
        );
      }
      const fanIn = inputShape[0]!;
      warnIfZeroKernel(init, 'dense');
      return {
        params: {
          kernel: { values: init(fanIn * units, { fanIn, fanOut: units }, rng), shape: [fanIn, units] },
          ...(useBias ? { bias: { values: new Float32Array(units), shape: [units] } } : {}),
        },
        outputShape: [units],
      };
    },
    expectedInput(params) {
      return [null, param(params, 'kernel', 'dense').shape[0]!];
    },
    call(x, params) {
      const kernel = param(params, 'kernel', 'dense') as tf.Tensor2D;
      const bias = useBias ? param(params, 'bias', 'dense') : undefined;
      // Product, bias and relu as one kernel with its own gradient on wasm (tensor's fusedDense);
      // elsewhere tfjs' fused matMul (one WebGL program; tfjs splits it under a gradient tape).
      if (fused !== null) {
        return (
          fusedDense(x as tf.Tensor2D, kernel, bias, fused) ??
          tf.fused.matMul({ a: x as tf.Tensor2D, b: kernel, bias, activation: fused })
        );
      }
      const z = tf.matMul(x as tf.Tensor2D, kernel);
      return g(bias === undefined ? z : tf.add(z, bias));
    },
  };
}
