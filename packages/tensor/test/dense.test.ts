// mlrecipe's fused dense layer on wasm: the bits of the composed tfjs ops (product, Add, Relu and
// their gradients), forward and backward, with and without bias, on one thread and shared among
// threads; a hand-worked example; null where the backend has no fused kernel.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { expectNoLeaks, fusedDense, tf, useBackend } from '../src/index.js';
import type { DenseActivation } from '../src/kernels/dense.js';
import { setMatMulThreads } from '../src/kernels/wasm_simd/mat_mul_threads.js';
import { seededTensor } from '../src/testing/parity.js';

type Layer = (x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor) => tf.Tensor;

const composed =
  (activation: DenseActivation): Layer =>
  (x, w, b) => {
    const z = b === undefined ? tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D) : tf.add(tf.matMul(x, w), b);
    return activation === 'relu' ? tf.relu(z) : z;
  };

const fused =
  (activation: DenseActivation): Layer =>
  (x, w, b) => {
    const y = fusedDense(x as tf.Tensor2D, w as tf.Tensor2D, b, activation);
    if (y === null) throw new Error('no fused dense kernel on this backend');
    return y;
  };

/**
 * Bits of the layer's output and of the gradients of Σ w·y for x, W and b (w seeded: a nonzero
 * upstream gradient where relu clipped, so a wrong mask shows).
 */
function bits(layer: Layer, x: tf.Tensor, w: tf.Tensor, b: tf.Tensor | undefined, weight: tf.Tensor): Uint32Array[] {
  const loss = (...args: tf.Tensor[]) => tf.sum(tf.mul(layer(args[0]!, args[1]!, args[2]), weight));
  const inputs = b === undefined ? [x, w] : [x, w, b];
  const outputs = tf.tidy(() => [layer(x, w, b), ...tf.grads(loss)(inputs)]);
  const result = outputs.map((t) => new Uint32Array(Float32Array.from(t.dataSync()).buffer));
  tf.dispose(outputs);
  return result;
}

it('gives the bits of the composed ops, forward and backward (shapes, bias, relu/linear, 1 and 2 threads)', async () => {
  await useBackend('wasm');
  await expectNoLeaks(async () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 70 }),
        fc.constantFrom<DenseActivation>('relu', 'linear'),
        fc.boolean(),
        fc.constantFrom(1, 2),
        fc.nat(),
        (batch, inputs, units, activation, withBias, threads, seed) => {
          setMatMulThreads(threads);
          const x = seededTensor([batch, inputs], seed);
          const w = seededTensor([inputs, units], seed + 1);
          const b = withBias ? seededTensor([units], seed + 2) : undefined;
          const weight = seededTensor([batch, units], seed + 3);
          try {
            expect(bits(fused(activation), x, w, b, weight)).toEqual(bits(composed(activation), x, w, b, weight));
          } finally {
            tf.dispose([x, w, weight, ...(b === undefined ? [] : [b])]);
          }
        },
      ),
      { seed: 23, numRuns: 80 },
    );
  });
});

it('matches a hand-worked layer and its gradients', async () => {
  await useBackend('wasm');
  // x = [1, −2], W = [[1, 0], [1, 1]], b = [2, −3]: x·W + b = [1, −5], relu → [1, 0].
  // Loss Σ y: dy = [1, 1], relu mask [1, 0], so dz = [1, 0]; db = dz; dW = xᵀ·dz = [[1, 0], [−2, 0]];
  // dx = dz·Wᵀ = [1, 1].
  const x = tf.tensor2d([[1, -2]]);
  const w = tf.tensor2d([
    [1, 0],
    [1, 1],
  ]);
  const b = tf.tensor1d([2, -3]);
  const y = fusedDense(x, w, b, 'relu')!;
  expect(Array.from(y.dataSync())).toEqual([1, 0]);
  const [dx, dw, db] = tf.grads((p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) =>
    tf.sum(fusedDense(p as tf.Tensor2D, q as tf.Tensor2D, r, 'relu')!),
  )([x, w, b]);
  expect(Array.from(dx!.dataSync())).toEqual([1, 1]);
  expect(Array.from(dw!.dataSync())).toEqual([1, 0, -2, 0]);
  expect(Array.from(db!.dataSync())).toEqual([1, 0]);
  // relu keeps NaN, so the optimizer's finiteness check still sees it.
  const special = fusedDense(tf.tensor2d([[Number.NaN], [-1]]), tf.ones([1, 5]) as tf.Tensor2D, undefined, 'relu')!;
  const values = Array.from(special.dataSync());
  expect(values.slice(0, 5).every(Number.isNaN)).toBe(true);
  expect(values.slice(5)).toEqual([0, 0, 0, 0, 0]);
  tf.dispose([x, w, b, y, dx!, dw!, db!, special]);
});

it('is null where the backend has no fused kernel (cpu) or the inputs are not a plain float32 layer', async () => {
  await useBackend('wasm');
  const x = tf.ones([2, 3]) as tf.Tensor2D;
  const w = tf.ones([3, 4]) as tf.Tensor2D;
  expect(fusedDense(tf.ones([2, 3], 'int32') as tf.Tensor2D, w, undefined, 'relu')).toBeNull();
  expect(fusedDense(x, w, tf.ones([5]), 'relu')).toBeNull();
  await useBackend('cpu');
  expect(fusedDense(x, w, undefined, 'relu')).toBeNull();
  tf.dispose([x, w]);
});
