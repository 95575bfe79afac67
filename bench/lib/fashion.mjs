import { batches } from '@mlrecipe/data/batches';
import { loadFashionMnist } from '@mlrecipe/data/node';

/**
 * Fashion-MNIST from Debian's dataset-fashion-mnist, and a batch iterator over the first n rows of
 * a split. The first `rows` training images are scaled to [0, 1] float32 once, before any timing,
 * as the tfjs-layers rows build and scale their tensor once before fit; batches drawn beyond them
 * are scaled per batch.
 */
export async function fashion({ rows = 0 } = {}) {
  const { train, test } = await loadFashionMnist();
  const pixels = 784;
  const scaled = new Float32Array(rows * pixels);
  for (let i = 0; i < scaled.length; i++) scaled[i] = train.images.values[i] / 255;
  const scale = (v) => {
    for (let i = 0; i < v.length; i++) v[i] /= 255;
    return v;
  };
  const iterate =
    (split, { n, batchSize, shape, seed = 1, epoch = 0 }) =>
    () => {
      const ready = split === train && n <= rows;
      return batches(
        {
          x: ready
            ? { values: scaled.subarray(0, n * pixels), shape: [n, ...shape] }
            : { values: split.images.values, shape: [split.labels.length, ...shape] },
          y: ready
            ? { values: split.labels.subarray(0, n), shape: [n] }
            : { values: split.labels, shape: [split.labels.length] },
        },
        {
          batchSize,
          seed,
          epoch,
          indices: Uint32Array.from({ length: n }, (_, i) => i),
          dropRemainder: true,
          ...(ready ? {} : { transformX: scale }),
        },
      );
    };
  return { train, test, iterate, scaledTrain: scaled };
}
