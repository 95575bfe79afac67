// MLP 784-256-128-10 (relu, softmax cross-entropy, Adam 1e-3, batch 128) on Fashion-MNIST, wasm:
// stock tfjs-layers model.fit vs the same model trained through mlrecipe's kernels, same process.
// Needs Debian's dataset-fashion-mnist.

import { dense, sequential, softmaxCrossEntropy, valueAndGrads } from '@mlrecipe/nn';
import { adam, createOptimizer } from '@mlrecipe/optim';
import { tf, unregisterBackendFixes, useBackend } from '@mlrecipe/tensor';
import * as tfl from '@tensorflow/tfjs-layers';
import { measureInChild } from './lib/children.mjs';
import { fashion } from './lib/fashion.mjs';
import { createRng, heVariable, train, zerosVariable } from './lib/manual_training.mjs';

const N = Number(process.env.BENCH_SAMPLES ?? 15_360); // 120 batches of 128
const batchSize = 128;
const mode = process.env.BENCH_MODE;

if (mode === undefined) {
  // Orchestrator: each measurement in its own process (wasm's thread count is fixed per process).
  const script = new URL(import.meta.url).pathname;
  const layers = measureInChild(script, { BENCH_MODE: 'layers', BENCH_THREADS: '1' });
  const ours1 = measureInChild(script, { BENCH_MODE: 'ours', BENCH_THREADS: '1' });
  const oursAll = measureInChild(script, { BENCH_MODE: 'ours', BENCH_THREADS: 'auto' });
  const packages1 = measureInChild(script, { BENCH_MODE: 'packages', BENCH_THREADS: '1' });
  const packagesAll = measureInChild(script, { BENCH_MODE: 'packages', BENCH_THREADS: 'auto' });
  console.log(
    `MLP 784-256-128-10, batch ${batchSize}, Adam 1e-3, ${N.toLocaleString('en')} Fashion-MNIST samples, wasm, tfjs ${tf.version_core}`,
  );
  const line = (label, r) =>
    console.log(
      `  ${label.padEnd(48)} ${r.samplesPerSecond.toFixed(0).padStart(7)} samples/s  ${(r.samplesPerSecond / layers.samplesPerSecond).toFixed(2).padStart(5)}×  loss ${r.loss.toFixed(3)}  peak RSS ${r.rssMiB.toFixed(0)} MiB`,
    );
  line('tfjs-layers model.fit, stock wasm (1 thread)', layers);
  line('mlrecipe step, our wasm kernels (1 thread)', ours1);
  line(`mlrecipe step, our wasm kernels (${oursAll.threads} threads)`, oursAll);
  line('@mlrecipe/nn + @mlrecipe/optim (1 thread)', packages1);
  line(`@mlrecipe/nn + @mlrecipe/optim (${packagesAll.threads} threads)`, packagesAll);
  process.exit(0);
}

const data = await fashion();
const selection = await useBackend('wasm', {
  threads: process.env.BENCH_THREADS === 'auto' ? 'auto' : Number(process.env.BENCH_THREADS),
});
let result;
if (mode === 'layers') {
  unregisterBackendFixes('wasm'); // stock tfjs kernels
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [784], units: 256, activation: 'relu', kernelInitializer: 'heNormal' }),
      tfl.layers.dense({ units: 128, activation: 'relu', kernelInitializer: 'heNormal' }),
      tfl.layers.dense({ units: 10 }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: (y, logits) => tf.losses.softmaxCrossEntropy(y, logits) });
  const x = tf.tidy(() => tf.div(tf.tensor2d(data.train.images.values.subarray(0, N * 784), [N, 784], 'float32'), 255));
  const y = tf.tidy(() =>
    tf.oneHot(tf.tensor1d(Int32Array.from(data.train.labels.subarray(0, N)), 'int32'), 10).toFloat(),
  );
  await model.fit(x.slice(0, batchSize * 4), y.slice(0, batchSize * 4), { batchSize, epochs: 1, verbose: 0 }); // warm-up
  const start = performance.now();
  const history = await model.fit(x, y, { batchSize, epochs: 1, shuffle: false, verbose: 0 });
  result = { samplesPerSecond: N / ((performance.now() - start) / 1000), loss: history.history.loss[0] };
} else if (mode === 'packages') {
  // The same model through the packages users install: nn's sequential + optim's Adam.
  const model = sequential([
    dense({ units: 256, activation: 'relu' }),
    dense({ units: 128, activation: 'relu' }),
    dense({ units: 10 }),
  ]);
  const { params } = model.init([784], createRng(1));
  const optimizer = createOptimizer(adam({ learningRate: 1e-3 }), params);
  const run = (n) => {
    let samples = 0;
    let loss = 0;
    const start = performance.now();
    for (const batch of data.iterate(data.train, { n, batchSize, shape: [784] })()) {
      const { value, grads } = valueAndGrads(() => softmaxCrossEntropy(batch.y, model.apply(params, batch.x)), params);
      optimizer.step(grads);
      loss = value.dataSync()[0];
      tf.dispose([value, ...Object.values(grads)]);
      samples += batch.indices.length;
      batch.dispose();
    }
    return { samplesPerSecond: samples / ((performance.now() - start) / 1000), loss };
  };
  run(batchSize * 4);
  result = run(N);
} else {
  const rng = createRng(1);
  const params = [
    heVariable([784, 256], 784, rng),
    zerosVariable([256]),
    heVariable([256, 128], 256, rng),
    zerosVariable([128]),
    heVariable([128, 10], 128, rng),
    zerosVariable([10]),
  ];
  const [w1, b1, w2, b2, w3, b3] = params;
  const forward = (x) => {
    const h1 = tf.relu(tf.add(tf.matMul(x, w1), b1));
    const h2 = tf.relu(tf.add(tf.matMul(h1, w2), b2));
    return tf.add(tf.matMul(h2, w3), b3);
  };
  train({ forward, params, batches: data.iterate(data.train, { n: batchSize * 4, batchSize, shape: [784] }) });
  const r = train({ forward, params, batches: data.iterate(data.train, { n: N, batchSize, shape: [784] }) });
  result = { samplesPerSecond: r.samplesPerSecond, loss: r.lastLoss };
}
console.log(JSON.stringify({ ...result, threads: selection.threads, rssMiB: process.resourceUsage().maxRSS / 1024 }));
