// End to end on real data: Debian's Fashion-MNIST (apt-get install dataset-fashion-mnist).
import { batches } from '@mlrecipe/data/batches';
import { FASHION_MNIST_DIR, loadFashionMnist } from '@mlrecipe/data/node';
import { accuracy } from '@mlrecipe/metrics';
import { adam, createOptimizer } from '@mlrecipe/optim';
import { countTensors, createRng, tf, useBackend } from '@mlrecipe/tensor';
import { systemResource } from '@mlrecipe/tensor/testing';
import { expect, it } from 'vitest';
import { dense, sequential, softmaxCrossEntropy, valueAndGrads } from '../src/index.js';

const scale = (values: Float32Array) => values.map((v) => v / 255);

const ready = systemResource(FASHION_MNIST_DIR, 'dataset-fashion-mnist', 'Fashion-MNIST MLP test');

it.runIf(ready)(
  'the MLP 784-256-128-10 (he, relu, Adam 1e-3, batch 128) reaches ≥ 85 % test accuracy in 2 epochs on wasm, with flat memory',
  async () => {
    await useBackend('wasm');
    const { train, test } = await loadFashionMnist();
    const model = sequential([
      dense({ units: 256, activation: 'relu' }),
      dense({ units: 128, activation: 'relu' }),
      dense({ units: 10 }),
    ]);
    const rng = createRng(2024);
    const { params } = model.init([784], rng.fork('init'));
    const optimizer = createOptimizer(adam({ learningRate: 1e-3 }), params);
    const x = { values: train.images.values, shape: [60_000, 784] };
    const y = { values: train.labels, shape: [60_000] };
    let live = -1;
    let step = 0;
    for (let epoch = 0; epoch < 2; epoch++) {
      for (const batch of batches({ x, y }, { batchSize: 128, seed: 2024, epoch, transformX: scale })) {
        const { value, grads } = valueAndGrads(
          () => softmaxCrossEntropy(batch.y!, model.apply(params, batch.x)),
          params,
        );
        optimizer.step(grads);
        tf.dispose([value, ...Object.values(grads)]);
        batch.dispose();
        step++;
        if (step === 2) live = countTensors();
        if (step > 2 && step % 100 === 0) expect(countTensors()).toBe(live); // no growth across steps
      }
    }
    const predictions = new Int32Array(10_000);
    for (const batch of batches(
      { x: { values: test.images.values, shape: [10_000, 784] } },
      { batchSize: 1000, shuffle: false, transformX: scale },
    )) {
      const predicted = tf.tidy(() => tf.argMax(model.apply(params, batch.x), -1));
      predictions.set(predicted.dataSync() as Int32Array, batch.indices[0]);
      tf.dispose([predicted]);
      batch.dispose();
    }
    const testAccuracy = accuracy(test.labels, predictions);
    console.log(`Fashion-MNIST MLP, 2 epochs: test accuracy ${(100 * testAccuracy).toFixed(2)} % after ${step} steps`);
    expect(testAccuracy).toBeGreaterThanOrEqual(0.85);
    optimizer.dispose();
    tf.dispose(Object.values(params));
  },
  300_000,
);
