// GRU training throughput on wasm: tfjs-layers' gru + model.fit vs @mlrecipe/nn's gru trained with
// valueAndGrads + @mlrecipe/optim's Adam, the same model in the same run (each in its own process,
// one wasm thread). Model: GRU(32 units) over 20 steps of 16
// features → dense 4 classes, softmax cross-entropy, Adam 1e-3, batch 32, synthetic seeded data.
// tfjs-layers' GRU only applies the reset gate before the recurrent matmul (resetAfter: true
// throws); ours applies it after (PyTorch's form). Same matmuls per step, one more add for ours.

import { dense, gru, sequential, softmaxCrossEntropy, valueAndGrads } from '@mlrecipe/nn';
import { adam, createOptimizer } from '@mlrecipe/optim';
import { createRng, tf, useBackend } from '@mlrecipe/tensor';
import * as tfl from '@tensorflow/tfjs-layers';
import { measureInChild } from './lib/children.mjs';

const [T, D, UNITS, CLASSES] = [20, 16, 32, 4];
const N = Number(process.env.BENCH_SAMPLES ?? 2_048);
const batchSize = 32;
const mode = process.env.BENCH_MODE;

if (mode === undefined) {
  const script = new URL(import.meta.url).pathname;
  const layers = measureInChild(script, { BENCH_MODE: 'layers' });
  const ours = measureInChild(script, { BENCH_MODE: 'ours' });
  console.log(
    `GRU ${UNITS} units over ${T}×${D} → ${CLASSES} classes, batch ${batchSize}, Adam 1e-3, ${N.toLocaleString('en')} samples, wasm 1 thread, tfjs ${tf.version_core}`,
  );
  const line = (label, r) =>
    console.log(
      `  ${label.padEnd(40)} ${r.samplesPerSecond.toFixed(0).padStart(6)} samples/s  ${(r.samplesPerSecond / layers.samplesPerSecond).toFixed(2).padStart(5)}×  loss ${r.loss.toFixed(3)}`,
    );
  line('tfjs-layers gru, model.fit', layers);
  line('@mlrecipe/nn gru + @mlrecipe/optim adam', ours);
  process.exit(0);
}

await useBackend('wasm', { threads: 1 });
// Class c's sequences drift at rate (c + 1)/T on feature c, plus noise: learnable, not trivial.
const rng = createRng(18);
const labels = Int32Array.from({ length: N }, () => rng.int(CLASSES));
const values = new Float32Array(N * T * D);
for (let i = 0; i < N; i++)
  for (let t = 0; t < T; t++)
    for (let d = 0; d < D; d++)
      values[(i * T + t) * D + d] = rng.normal(0, 0.5) + (d === labels[i] ? ((labels[i] + 1) * t) / T : 0);
const x = tf.tensor3d(values, [N, T, D]);
const y = tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES).toFloat();
const warmup = batchSize * 4;

let result;
if (mode === 'layers') {
  const model = tfl.sequential({
    layers: [tfl.layers.gru({ units: UNITS, inputShape: [T, D] }), tfl.layers.dense({ units: CLASSES })],
  });
  model.compile({
    optimizer: tf.train.adam(1e-3),
    loss: (yTrue, logits) => tf.losses.softmaxCrossEntropy(yTrue, logits),
  });
  await model.fit(x.slice(0, warmup), y.slice(0, warmup), { batchSize, epochs: 1, verbose: 0 });
  const start = performance.now();
  const history = await model.fit(x, y, { batchSize, epochs: 1, shuffle: false, verbose: 0 });
  result = { samplesPerSecond: N / ((performance.now() - start) / 1000), loss: history.history.loss[0] };
} else {
  const model = sequential([gru({ units: UNITS }), dense({ units: CLASSES })]);
  const { params } = model.init([T, D], createRng(1));
  const optimizer = createOptimizer(adam({ learningRate: 1e-3 }), params);
  const run = (n) => {
    let lossSum = 0;
    let batches = 0;
    const start = performance.now();
    for (let from = 0; from < n; from += batchSize) {
      const size = Math.min(batchSize, n - from);
      const xb = x.slice([from, 0, 0], [size, T, D]);
      const yb = y.slice([from, 0], [size, CLASSES]);
      const { value, grads } = valueAndGrads(() => softmaxCrossEntropy(yb, model.apply(params, xb)), params);
      optimizer.step(grads);
      // model.fit's loss is the epoch mean; read every step's loss, as fit does.
      lossSum += value.dataSync()[0];
      batches++;
      tf.dispose([value, xb, yb, ...Object.values(grads)]);
    }
    return { samplesPerSecond: n / ((performance.now() - start) / 1000), loss: lossSum / batches };
  };
  run(warmup);
  result = run(N);
}
console.log(JSON.stringify(result));
