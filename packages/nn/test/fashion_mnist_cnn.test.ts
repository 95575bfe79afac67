// The small CNN on a subset of real Fashion-MNIST (the full 2-epoch run, 88.5 %, is bench/nn_cnn_fashion.bench.mjs).
import { batches } from '@mlrecipe/data/batches';
import { FASHION_MNIST_DIR, loadFashionMnist } from '@mlrecipe/data/node';
import { accuracy } from '@mlrecipe/metrics';
import { adam, createOptimizer } from '@mlrecipe/optim';
import { createRng, tf, useBackend } from '@mlrecipe/tensor';
import { systemResource } from '@mlrecipe/tensor/testing';
import { expect, it } from 'vitest';
import { conv2d, dense, flatten, maxPool2d, sequential, softmaxCrossEntropy, valueAndGrads } from '../src/index.js';

const scale = (values: Float32Array) => values.map((v) => v / 255);

const ready = systemResource(FASHION_MNIST_DIR, 'dataset-fashion-mnist', 'Fashion-MNIST CNN test');

it.runIf(ready)('the small CNN trains on wasm: 8,000 images, one epoch, ≥ 78 % on 2,000 test images', async () => {
  await useBackend('wasm');
  const { train, test } = await loadFashionMnist();
  const model = sequential([
    conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
    maxPool2d(),
    conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
    maxPool2d(),
    flatten(),
    dense({ units: 10 }),
  ]);
  const { params } = model.init([28, 28, 1], createRng(7));
  const optimizer = createOptimizer(adam({ learningRate: 2e-3 }), params);
  const x = { values: train.images.values, shape: [60_000, 28, 28, 1] };
  const y = { values: train.labels, shape: [60_000] };
  const indices = Uint32Array.from({ length: 8000 }, (_, i) => i);
  for (const batch of batches({ x, y }, { batchSize: 64, seed: 7, indices, transformX: scale })) {
    const { value, grads } = valueAndGrads(() => softmaxCrossEntropy(batch.y!, model.apply(params, batch.x)), params);
    optimizer.step(grads);
    tf.dispose([value, ...Object.values(grads)]);
    batch.dispose();
  }
  const testX = { values: (test.images.values as Uint8Array).subarray(0, 2000 * 784), shape: [2000, 28, 28, 1] };
  const predictions = new Int32Array(2000);
  for (const batch of batches({ x: testX }, { batchSize: 500, shuffle: false, transformX: scale })) {
    const p = tf.tidy(() => tf.argMax(model.apply(params, batch.x), -1));
    predictions.set(p.dataSync() as Int32Array, batch.indices[0]);
    p.dispose();
    batch.dispose();
  }
  const testAccuracy = accuracy(test.labels.subarray(0, 2000), predictions);
  console.log(`small CNN, 8,000 images × 1 epoch: test accuracy ${(100 * testAccuracy).toFixed(2)} %`);
  expect(testAccuracy).toBeGreaterThanOrEqual(0.78);
  optimizer.dispose();
  tf.dispose(Object.values(params));
});
