// Its own file: it changes tfjs' kernel registry as a tfjs release could.
import { expect, it, vi } from 'vitest';
import { expectNoLeaks, tf, useBackend } from '../src/index.js';

it('still lands on a working backend when tfjs no longer has a kernel a patch wraps, and says why', async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  const stockOneHot = tf.getKernel(tf.OneHot, 'wasm');
  expect(stockOneHot).toBeDefined();
  // A tfjs release without BatchMatMul on wasm (renamed, or folded into another kernel).
  tf.unregisterKernel(tf.BatchMatMul, 'wasm');
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const selection = await useBackend('auto');
  warn.mockRestore();
  expect(selection.name).toBe('cpu');
  const wasm = selection.skipped.find((s) => s.name === 'wasm');
  expect(wasm?.reason).toMatch(
    /patch 'BatchMatMul transposed operands' could not be installed: tfjs no longer registers BatchMatMul for 'wasm'.*nothing was changed/,
  );
  expect(selection.reason).toMatch(/wasm could not be used/);
  // All or nothing: the patches installed before the failing one were undone.
  expect(tf.getKernel(tf.OneHot, 'wasm')).toBe(stockOneHot);
  expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeUndefined();
  // And the backend it landed on trains: a product and a gradient.
  expectNoLeaks(() => {
    const x = tf.tensor1d([1, -2, 3]);
    const dx = tf.grad((v: tf.Tensor) => tf.matMul(v.reshape([1, 3]), v.reshape([3, 1])).sum())(x);
    expect(Array.from(dx.dataSync())).toEqual([2, -4, 6]);
    tf.dispose([x, dx]);
  });
});
