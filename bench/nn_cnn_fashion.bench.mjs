// The small CNN through @mlrecipe/nn + @mlrecipe/optim on all of Fashion-MNIST for 2 epochs on wasm:
// samples/s and test accuracy (the issue asks ≥ 85 %). Needs Debian's dataset-fashion-mnist.
import { batches } from '@mlrecipe/data/batches';
import { loadFashionMnist } from '@mlrecipe/data/node';
import { accuracy } from '@mlrecipe/metrics';
import { conv2d, dense, flatten, maxPool2d, sequential, softmaxCrossEntropy, valueAndGrads } from '@mlrecipe/nn';
import { adam, createOptimizer } from '@mlrecipe/optim';
import { createRng, tf, useBackend } from '@mlrecipe/tensor';

const epochs = Number(process.env.BENCH_EPOCHS ?? 2);
const selection = await useBackend('wasm');
const { train, test } = await loadFashionMnist();
const scale = (v) => v.map((p) => p / 255);
const model = sequential([
  conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
  maxPool2d(),
  conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
  maxPool2d(),
  flatten(),
  dense({ units: 10 }),
]);
console.log(model.summary([28, 28, 1]));
const { params } = model.init([28, 28, 1], createRng(7));
const optimizer = createOptimizer(adam({ learningRate: 1e-3 }), params);
const x = { values: train.images.values, shape: [60_000, 28, 28, 1] };
const y = { values: train.labels, shape: [60_000] };
const start = performance.now();
let samples = 0;
for (let epoch = 0; epoch < epochs; epoch++) {
  for (const batch of batches({ x, y }, { batchSize: 64, seed: 7, epoch, transformX: scale })) {
    const { value, grads } = valueAndGrads(() => softmaxCrossEntropy(batch.y, model.apply(params, batch.x)), params);
    optimizer.step(grads);
    tf.dispose([value, ...Object.values(grads)]);
    samples += batch.indices.length;
    batch.dispose();
  }
  console.log(`epoch ${epoch + 1}: ${(samples / ((performance.now() - start) / 1000)).toFixed(0)} samples/s so far`);
}
const seconds = (performance.now() - start) / 1000;
const predictions = new Int32Array(10_000);
for (const batch of batches(
  { x: { values: test.images.values, shape: [10_000, 28, 28, 1] } },
  { batchSize: 500, shuffle: false, transformX: scale },
)) {
  const p = tf.tidy(() => tf.argMax(model.apply(params, batch.x), -1));
  predictions.set(p.dataSync(), batch.indices[0]);
  p.dispose();
  batch.dispose();
}
console.log(
  `small CNN, ${epochs} epochs on wasm (products on ${selection.matMulThreads} thread(s), other kernels on ${selection.threads}): ${(samples / seconds).toFixed(0)} samples/s, ` +
    `${seconds.toFixed(0)} s, test accuracy ${(100 * accuracy(test.labels, predictions)).toFixed(2)} %, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
);
