import { expect, it } from 'vitest';
import { expectNoLeaks, tf, useBackend } from '../src/index.js';

it('clones on wasm without copying, and frees the memory once the last tensor sharing it is disposed', async () => {
  await useBackend('wasm', { threads: 1 });
  const bytesBefore = tf.memory().numBytes;
  expectNoLeaks(() => {
    const x = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const copy = tf.clone(x); // runs the Identity kernel
    const backend = tf.backend() as tf.KernelBackend & { refCount(dataId: object): number };
    expect(backend.refCount(x.dataId)).toBe(2); // shared, not copied
    x.dispose();
    expect(Array.from(copy.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    const y = copy.add(1);
    expect(Array.from(y.dataSync())).toEqual([2, 3, 4, 5, 6, 7]);
    tf.dispose([copy, y]);
  });
  expect(tf.memory().numBytes).toBe(bytesBefore);
  // Gradients keep working with the shared copies the tape makes.
  const x = tf.tensor1d([1, -2, 3]);
  const dx = tf.grad((v: tf.Tensor) => tf.relu(v).square().sum())(x);
  expect(Array.from(dx.dataSync())).toEqual([2, 0, 6]);
  tf.dispose([x, dx]);
});
