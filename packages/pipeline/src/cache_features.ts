import type { Model } from '@mlrecipe/nn';
import { tf } from '@mlrecipe/tensor';
import { PipelineError } from './errors.js';
import type { Split } from './evaluate.js';
import { yieldToEventLoop } from './yield.js';

/** Options of `cacheFeatures`. */
export interface CacheFeaturesOptions {
  /** Rows per forward pass through the trunk. Default 32. */
  batchSize?: number;
  /** Input scaling applied to each batch before the trunk (as train's transformX). */
  transformX?: (values: Float32Array, rows: number) => Float32Array;
}

/** The splits as the trunk's features, with the labels unchanged, and the features' shape (per example). */
export interface CachedFeatures<K extends string> {
  readonly data: Record<K, Split>;
  readonly featureShape: number[];
}

/**
 * Feature caching for a frozen trunk (a `graphTrunk`, or frozen mlrecipe layers): runs every
 * example of every split through the trunk once, at inference, and returns the features as new
 * splits. Train the head on them (`train({ model: head, inputShape: featureShape, data })`): each
 * epoch then costs the head alone, as the course advises ("precompute the frozen layers'
 * activations and save them"). Data augmentation cannot be cached (it changes every epoch): train
 * through the trunk for it.
 *
 * @example
 * const trunk = sequential([graphTrunk(graph, { outputNode })]);
 * const { data, featureShape } = await cacheFeatures({ model: trunk }, { train, dev }, [96, 96, 3]);
 */
export async function cacheFeatures<K extends string>(
  trunk: {
    model: Model;
    params?: Readonly<Record<string, tf.Tensor>>;
    state?: Readonly<Record<string, tf.Variable>>;
  },
  splits: Record<K, Split>,
  inputShape: readonly number[],
  { batchSize = 32, transformX }: CacheFeaturesOptions = {},
): Promise<CachedFeatures<K>> {
  const caller = 'cacheFeatures';
  if (trunk?.model === undefined || typeof trunk.model.apply !== 'function')
    throw new PipelineError(
      `${caller}: trunk.model must be a model (sequential([graphTrunk(…)])), got ${typeof trunk?.model}`,
    );
  if (!(Number.isInteger(batchSize) && batchSize >= 1))
    throw new PipelineError(`${caller}: batchSize must be a positive integer, got ${batchSize}`);
  const perRow = inputShape.reduce((a, b) => a * b, 1);
  let featureShape: number[] | undefined;
  const data = {} as Record<K, Split>;
  for (const [name, split] of Object.entries(splits) as Array<[K, Split]>) {
    const rows = split.x.shape[0] ?? 0;
    if (split.x.values.length !== rows * perRow)
      throw new PipelineError(
        `${caller}: ${name}.x holds ${split.x.values.length} values, not ${rows} rows of [${inputShape}]; give inputShape without the batch`,
      );
    const chunks: Float32Array[] = [];
    for (let start = 0; start < rows; start += batchSize) {
      const count = Math.min(batchSize, rows - start);
      const raw = new Float32Array(count * perRow);
      for (let i = 0; i < raw.length; i++) raw[i] = Number(split.x.values[start * perRow + i]);
      const values = transformX === undefined ? raw : transformX(raw, count);
      const features = tf.tidy(() =>
        trunk.model.apply(trunk.params ?? {}, tf.tensor(values, [count, ...inputShape]), {
          state: trunk.state ?? {},
        }),
      );
      featureShape ??= features.shape.slice(1);
      chunks.push((await features.data()) as Float32Array);
      features.dispose();
      await yieldToEventLoop();
    }
    const width = (featureShape ?? []).reduce((a, b) => a * b, 1);
    const all = new Float32Array(rows * width);
    chunks.forEach((chunk, i) => {
      all.set(chunk, i * batchSize * width);
    });
    data[name] = { x: { values: all, shape: [rows, ...(featureShape ?? [])] }, y: split.y };
  }
  if (featureShape === undefined) throw new PipelineError(`${caller}: the splits hold no rows`);
  return { data, featureShape };
}
