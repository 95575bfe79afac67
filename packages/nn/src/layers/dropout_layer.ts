import { dropout as invertedDropout } from '@mlrecipe/regularizers';
import { NnError } from '../errors.js';
import { inRange, options } from '../validate.js';
import type { Layer } from './layer.js';

/** Inverted dropout as a layer (see @mlrecipe/regularizers' dropout); the identity at inference. */
export function dropout(dropoutOptions: { keepProb: number }): Layer {
  if (dropoutOptions === undefined) throw new NnError('dropout: give the options, e.g. dropout({ keepProb: 0.8 })');
  const { keepProb } = options(dropoutOptions, 'dropout');
  inRange(keepProb, 'keepProb', 'dropout', { low: 0, high: 1, includeLow: false });
  return {
    kind: 'dropout',
    config: { keepProb },
    build(inputShape) {
      return { params: {}, outputShape: [...inputShape] };
    },
    call(x, _, { training, rng }) {
      if (training && rng === undefined) {
        throw new NnError(
          'dropout: apply(…, { training: true }) needs an rng for this step (e.g. rng.fork("step-" + t))',
        );
      }
      return invertedDropout(x, { keepProb, training, ...(rng === undefined ? {} : { rng }) });
    },
  };
}
