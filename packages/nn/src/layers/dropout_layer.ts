import { dropout as invertedDropout } from '@mlrecipe/regularizers';
import { NnError } from '../errors.js';
import type { Layer } from './layer.js';

/** Inverted dropout as a layer (see @mlrecipe/regularizers' dropout); the identity at inference. */
export function dropout({ keepProb }: { keepProb: number }): Layer {
  if (!(keepProb > 0 && keepProb <= 1)) throw new NnError(`dropout: keepProb must be in (0, 1], got ${keepProb}`);
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
