import { batches } from '@mlrecipe/data/batches';
import { loadFashionMnist } from '@mlrecipe/data/node';

/** Fashion-MNIST from Debian's dataset-fashion-mnist, and a batch iterator over its first n rows. */
export async function fashion() {
  const { train, test } = await loadFashionMnist();
  const scale = (v) => {
    for (let i = 0; i < v.length; i++) v[i] /= 255;
    return v;
  };
  const iterate =
    (split, { n, batchSize, shape, seed = 1, epoch = 0 }) =>
    () =>
      batches(
        {
          x: { values: split.images.values, shape: [split.labels.length, ...shape] },
          y: { values: split.labels, shape: [split.labels.length] },
        },
        {
          batchSize,
          seed,
          epoch,
          indices: Uint32Array.from({ length: n }, (_, i) => i),
          dropRemainder: true,
          transformX: scale,
        },
      );
  return { train, test, iterate };
}
