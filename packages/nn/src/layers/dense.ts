import { tf } from '@mlrecipe/tensor';
import { type ActivationName, activation } from '../activations.js';
import { NnError, NnShapeError } from '../errors.js';
import { type Initializer, initializer, zeros } from '../initializers.js';
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
export function dense({ units, activation: act = 'linear', kernelInitializer, useBias = true }: DenseOptions): Layer {
  if (!(Number.isInteger(units) && units >= 1))
    throw new NnError(`dense: units must be a positive integer, got ${units}`);
  const g = activation(act);
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
      if (init === zeros) {
        console.warn(
          'dense: zeros as kernel initializer makes every unit learn the same thing (symmetry is never broken); use he or xavier',
        );
      }
      return {
        params: {
          kernel: { values: init(fanIn * units, { fanIn, fanOut: units }, rng), shape: [fanIn, units] },
          ...(useBias ? { bias: { values: new Float32Array(units), shape: [units] } } : {}),
        },
        outputShape: [units],
      };
    },
    call(x, params) {
      const z = tf.matMul(x as tf.Tensor2D, params.kernel as tf.Tensor2D);
      return g(useBias ? tf.add(z, params.bias!) : z);
    },
  };
}
