import { tf } from '@mlrecipe/tensor';
import { NnShapeError } from '../errors.js';
import type { Layer } from './layer.js';

function globalAverage(kind: string, rank: number, axes: number[], expected: string): Layer {
  return {
    kind,
    config: {},
    build(inputShape) {
      if (inputShape.length !== rank)
        throw new NnShapeError(`${kind}: expects ${expected} inputs, got [${inputShape.join(', ')}]`);
      return { params: {}, outputShape: [inputShape[rank - 1]!] };
    },
    call(x) {
      if (x.rank !== rank + 1)
        throw new NnShapeError(`${kind}: expects [batch, ${expected.slice(1)} inputs, got [${x.shape.join(', ')}]`);
      return tf.mean(x, axes);
    },
  };
}

/** Mean over the steps of [batch, steps, channels] → [batch, channels] (a sequence summarised per channel). */
export function globalAveragePool1d(): Layer {
  return globalAverage('globalAveragePool1d', 2, [1], '[steps, channels]');
}

/**
 * Mean over height and width of NHWC inputs → [batch, channels]: replaces flatten + dense at the end
 * of a convolutional network with no parameters, and accepts any image size.
 */
export function globalAveragePool2d(): Layer {
  return globalAverage('globalAveragePool2d', 3, [1, 2], '[height, width, channels]');
}
