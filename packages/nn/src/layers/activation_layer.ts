import { type ActivationName, activation } from '../activations.js';
import type { Layer } from './layer.js';

/**
 * An activation on its own, as Keras' `Activation('relu')` layer: for a nonlinearity after a layer
 * that has none of its own (batch norm between a convolution and its relu, the usual Keras order).
 * No parameters; the output has the input's shape.
 *
 * @example
 * const block = [conv2d({ filters: 32, kernelSize: 3 }), batchNorm(), activationLayer('relu')];
 */
export function activationLayer(name: ActivationName): Layer {
  const g = activation(name);
  return {
    kind: 'activation',
    config: { activation: name },
    build(inputShape) {
      return { params: {}, outputShape: [...inputShape] };
    },
    call(x) {
      return g(x);
    },
  };
}
