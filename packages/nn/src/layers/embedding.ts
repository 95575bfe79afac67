import { tf } from '@mlrecipe/tensor';
import { NnError, NnShapeError } from '../errors.js';
import { type Initializer, initializer } from '../initializers.js';
import type { Layer } from './layer.js';

/** Options of `embedding`: the vocabulary size, the vector size and the initialiser. */
export interface EmbeddingOptions {
  /** Vocabulary size: indices run from 0 to inputDim − 1. */
  inputDim: number;
  /** Length of each index's vector. */
  outputDim: number;
  /** Default U(−0.05, 0.05), Keras' default for embeddings. */
  embeddingsInitializer?: string | Initializer;
}

const smallUniform: Initializer = Object.defineProperty(
  (size: number, _fan: unknown, rng: { uniform(low?: number, high?: number): number }) =>
    Float32Array.from({ length: size }, () => rng.uniform(-0.05, 0.05)),
  'name',
  { value: 'uniform(±0.05)' },
) as Initializer;

/**
 * Looks up a learned vector for each integer index: inputs of any shape (e.g. [batch, time]) →
 * [..., outputDim]; `embeddings` is [inputDim, outputDim], PyTorch's `nn.Embedding.weight`.
 * Computed as one-hot(indices)·E rather than a gather because tfjs wasm has no kernel for the
 * gather's gradient (UnsortedSegmentSum); that costs inputDim multiply-adds per entry, fine for the
 * letter and word-piece vocabularies this library targets. Indices are checked (one read of the
 * index tensor): an index outside [0, inputDim) would otherwise give a zero vector silently.
 *
 * @example
 * const model = sequential([embedding({ inputDim: 28, outputDim: 8 }), gru({ units: 16 })]);
 */
export function embedding({ inputDim, outputDim, embeddingsInitializer }: EmbeddingOptions): Layer {
  for (const [name, value] of [
    ['inputDim', inputDim],
    ['outputDim', outputDim],
  ] as const)
    if (!(Number.isInteger(value) && value >= 1))
      throw new NnError(`embedding: ${name} must be a positive integer, got ${value}`);
  const init = initializer(embeddingsInitializer ?? smallUniform);
  return {
    kind: 'embedding',
    config: { inputDim, outputDim, embeddingsInitializer: init.name },
    build(inputShape, rng) {
      return {
        params: {
          embeddings: {
            values: init(inputDim * outputDim, { fanIn: inputDim, fanOut: outputDim }, rng),
            shape: [inputDim, outputDim],
          },
        },
        outputShape: [...inputShape, outputDim],
      };
    },
    call(x, params) {
      const table = params.embeddings as tf.Tensor2D;
      if (table.shape[0] !== inputDim)
        throw new NnShapeError(`embedding: the table has ${table.shape[0]} rows but inputDim is ${inputDim}`);
      const indices = x.dataSync();
      for (let i = 0; i < indices.length; i++) {
        const v = indices[i]!;
        if (!(Number.isInteger(v) && v >= 0 && v < inputDim))
          throw new NnError(
            `embedding: index ${v} at flat position ${i} is not an integer in [0, ${inputDim}); raise inputDim or map unknown tokens to a reserved index`,
          );
      }
      return tf.tidy(() => {
        const flat = tf.oneHot(tf.cast(tf.reshape(x, [-1]), 'int32') as tf.Tensor1D, inputDim).toFloat();
        return tf.reshape(tf.matMul(flat as tf.Tensor2D, table), [...x.shape, outputDim]);
      });
    },
  };
}
