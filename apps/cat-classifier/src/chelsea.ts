import { readFile } from 'node:fs/promises';
import { decodeImage, resizeBilinear } from '@mlrecipe/data';
import type { Model } from '@mlrecipe/nn';
import { tf } from '@mlrecipe/tensor';

export const CHELSEA = new URL('../assets/chelsea.png', import.meta.url);

/** The model's probability that the real photo of Chelsea (a cat) shows a cat, at the model's input size. */
export async function catProbabilityOfChelsea(
  model: Model,
  variables: { params: Record<string, tf.Variable>; state: Record<string, tf.Variable> },
  size: number,
): Promise<number> {
  const photo = decodeImage(new Uint8Array(await readFile(CHELSEA)), { channels: 3 });
  // Crop the centre square first, as the web pictures are framed, then shrink.
  const side = Math.min(photo.width, photo.height);
  const x0 = Math.floor((photo.width - side) / 2);
  const y0 = Math.floor((photo.height - side) / 2);
  const square = new Uint8Array(side * side * 3);
  for (let y = 0; y < side; y++) {
    const from = ((y0 + y) * photo.width + x0) * 3;
    square.set(photo.values.subarray(from, from + side * 3), y * side * 3);
  }
  const small = resizeBilinear({ values: square, width: side, height: side, channels: 3 }, size, size);
  return tf.tidy(() => {
    const x = tf.div(tf.tensor(Float32Array.from(small.values), [1, size, size, 3]), 255);
    return tf.softmax(model.apply(variables.params, x, { state: variables.state })).dataSync()[1]!;
  });
}
