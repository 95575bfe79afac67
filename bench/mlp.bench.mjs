// MLP 784-256-128-10 (relu, softmax cross-entropy, Adam 1e-3, batch 128) on Fashion-MNIST, wasm:
// stock tfjs-layers model.fit vs the same model trained through mlrecipe's kernels, same process.
// Needs Debian's dataset-fashion-mnist.

import { registerBackendFixes, tf, unregisterBackendFixes, useBackend } from '@mlrecipe/tensor';
import * as tfl from '@tensorflow/tfjs-layers';
import { fashion } from './lib/fashion.mjs';
import { createRng, heVariable, train, zerosVariable } from './lib/manual_training.mjs';

const N = Number(process.env.BENCH_SAMPLES ?? 15_360); // 120 batches of 128
const batchSize = 128;
const data = await fashion();
await useBackend('wasm');

// Stock: tfjs-layers model.fit on tfjs' own wasm kernels.
unregisterBackendFixes('wasm');
const layersResult = await (async () => {
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
  const seconds = (performance.now() - start) / 1000;
  tf.dispose([x, y]);
  model.dispose();
  return { samplesPerSecond: N / seconds, loss: history.history.loss[0] };
})();

// Ours: the same model and arithmetic through mlrecipe's kernels.
registerBackendFixes('wasm');
const oursResult = (() => {
  const rng = createRng(1);
  const w1 = heVariable([784, 256], 784, rng);
  const b1 = zerosVariable([256]);
  const w2 = heVariable([256, 128], 256, rng);
  const b2 = zerosVariable([128]);
  const w3 = heVariable([128, 10], 128, rng);
  const b3 = zerosVariable([10]);
  const params = [w1, b1, w2, b2, w3, b3];
  const forward = (x) => {
    const h1 = tf.relu(tf.add(tf.matMul(x, w1), b1));
    const h2 = tf.relu(tf.add(tf.matMul(h1, w2), b2));
    return tf.add(tf.matMul(h2, w3), b3);
  };
  const warm = data.iterate(data.train, { n: batchSize * 4, batchSize, shape: [784] });
  train({ forward, params, batches: warm });
  const result = train({ forward, params, batches: data.iterate(data.train, { n: N, batchSize, shape: [784] }) });
  tf.dispose(params);
  return result;
})();

const rss = process.memoryUsage().rss / 2 ** 20;
console.log(
  `MLP 784-256-128-10, batch ${batchSize}, Adam 1e-3, ${N.toLocaleString('en')} Fashion-MNIST samples, wasm (1 thread), tfjs ${tf.version_core}`,
);
console.log(
  `  tfjs-layers model.fit (stock wasm kernels) ${layersResult.samplesPerSecond.toFixed(0).padStart(7)} samples/s  (loss ${layersResult.loss.toFixed(3)})`,
);
console.log(
  `  mlrecipe step (our wasm kernels)           ${oursResult.samplesPerSecond.toFixed(0).padStart(7)} samples/s  (last batch loss ${oursResult.lastLoss.toFixed(3)})`,
);
console.log(
  `  ratio mlrecipe / tfjs-layers: ${(oursResult.samplesPerSecond / layersResult.samplesPerSecond).toFixed(2)}×   peak RSS ${rss.toFixed(0)} MiB`,
);
