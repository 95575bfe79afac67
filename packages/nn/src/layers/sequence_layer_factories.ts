import { NnError } from '../errors.js';
import { bidirectional } from './bidirectional.js';
import { conv1d } from './conv1d.js';
import { embedding } from './embedding.js';
import { globalAveragePool1d, globalAveragePool2d } from './global_average_pool.js';
import { gru } from './gru.js';
import type { Layer } from './layer.js';
import { layerNorm } from './layer_norm.js';
import { lstm } from './lstm.js';
import type { RecurrentLayer, RecurrentOptions } from './recurrent.js';
import { simpleRnn } from './simple_rnn.js';

type Config = Record<string, unknown>;

// Initialiser names are dropped: loading replaces the initial values, and a custom initialiser's
// name could not be looked up anyway.
const recurrent =
  (make: (options: RecurrentOptions) => RecurrentLayer) =>
  ({ kernelInitializer: _k, recurrentInitializer: _r, ...c }: Config) =>
    make(c as unknown as RecurrentOptions);

/**
 * Rebuilds the recurrent, sequence and normalisation layers from the `{ kind, config }` that
 * `Model.config()` saves (used by `loadModel`); kept apart from save_load.ts so that a new layer
 * family registers here.
 */
export const SEQUENCE_LAYER_FACTORIES: Readonly<Record<string, (config: Config) => Layer>> = {
  simpleRnn: recurrent(simpleRnn),
  gru: recurrent(gru),
  lstm: recurrent(lstm),
  bidirectional: ({ merge, layer }) => {
    const inner = layer as { kind: string; config: Config };
    const make = SEQUENCE_LAYER_FACTORIES[inner?.kind];
    if (make === undefined || !['simpleRnn', 'gru', 'lstm'].includes(inner.kind))
      throw new NnError(`loadModel: bidirectional wraps an unknown layer kind '${inner?.kind}'`);
    return bidirectional(make(inner.config) as RecurrentLayer, { merge: merge as 'concat' | 'sum' });
  },
  embedding: ({ embeddingsInitializer: _, ...c }) => embedding(c as unknown as Parameters<typeof embedding>[0]),
  conv1d: ({ kernelInitializer: _, ...c }) => conv1d(c as unknown as Parameters<typeof conv1d>[0]),
  globalAveragePool1d: () => globalAveragePool1d(),
  globalAveragePool2d: () => globalAveragePool2d(),
  layerNorm: (c) => layerNorm(c as Parameters<typeof layerNorm>[0]),
};
