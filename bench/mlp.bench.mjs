// MLP 784-256-128-10 (relu, softmax cross-entropy, Adam 1e-3, batch 128) on Fashion-MNIST, wasm:
// stock tfjs-layers model.fit vs the same model trained through mlrecipe's kernels vs PyTorch 1.13
// (Debian python3-torch, same threads), same run; then the same with a competing busy process
// (BENCH_UNDER_LOAD=0 skips it). BENCH_REPEATS (3) runs each row, BENCH_SAMPLES (15,360) per run.
// Needs Debian's dataset-fashion-mnist.

import { loadavg } from 'node:os';
import { dense, sequential, softmaxCrossEntropy, valueAndGrads } from '@mlrecipe/nn';
import { adam, createOptimizer } from '@mlrecipe/optim';
import { tf, unregisterBackendFixes, useBackend } from '@mlrecipe/tensor';
import * as tfl from '@tensorflow/tfjs-layers';
import { measureInChild } from './lib/children.mjs';
import { fashion } from './lib/fashion.mjs';
import { createRng, heVariable, train, zerosVariable } from './lib/manual_training.mjs';
import { median, torchProblem, torchSide, underLoad } from './lib/peers.mjs';

const N = Number(process.env.BENCH_SAMPLES ?? 15_360); // 120 batches of 128
const batchSize = 128;
const mode = process.env.BENCH_MODE;

if (mode === undefined) {
  // Orchestrator: each measurement in its own process (wasm's thread count is fixed per process),
  // repeated BENCH_REPEATS times (default 3), medians printed; then the same under load.
  const script = new URL(import.meta.url).pathname;
  const repeats = Number(process.env.BENCH_REPEATS ?? 3);
  const ours = (env, flags) => median(repeats, () => measureInChild(script, env, flags));
  const torch = (threads) =>
    torchMissing === null ? median(repeats, () => torchSide('mlp', { threads, samples: N, batchSize })) : null;
  const torchMissing = torchProblem();
  const table = () => ({
    layers: ours({ BENCH_MODE: 'layers', BENCH_THREADS: '1' }),
    manual1: ours({ BENCH_MODE: 'ours', BENCH_THREADS: '1' }),
    packagesDefault: ours({ BENCH_MODE: 'packages', BENCH_THREADS: 'auto' }),
    packages1: ours({ BENCH_MODE: 'packages', BENCH_THREADS: '1' }),
    packages2: ours({ BENCH_MODE: 'packages', BENCH_THREADS: '2' }),
    // Relaxed SIMD (fused multiply-add) is behind a V8 flag in Node 20, which mlrecipe turns on;
    // this row keeps it off, to show what it gives.
    packagesSimd128: ours({ BENCH_MODE: 'packages', BENCH_THREADS: '1', MLRECIPE_WASM_RELAXED_SIMD: '0' }),
    torch1: torch(1),
    torch2: torch(2),
  });
  const print = (title, t) => {
    console.log(title);
    const line = (label, r, torchRow) => {
      if (r === null) return console.log(`  ${label.padEnd(46)} not run: ${torchMissing}`);
      const vsTorch =
        torchRow === undefined || torchRow === null
          ? ''
          : `  ${((100 * r.samplesPerSecond) / torchRow.samplesPerSecond).toFixed(0).padStart(3)} % of PyTorch`;
      console.log(
        `  ${label.padEnd(46)} ${r.samplesPerSecond.toFixed(0).padStart(7)} samples/s  ${(r.samplesPerSecond / t.layers.samplesPerSecond).toFixed(2).padStart(6)}× layers${vsTorch}  loss ${r.loss.toFixed(3)}  peak RSS ${r.rssMiB === undefined ? '   -' : r.rssMiB.toFixed(0).padStart(4)} MiB  runs ${r.all.join(', ')}`,
      );
    };
    line('tfjs-layers model.fit, stock wasm (1 thread)', t.layers);
    line('mlrecipe step on our kernels (1 thread)', t.manual1, t.torch1);
    line(
      `@mlrecipe/nn + optim, default (products ${t.packagesDefault.matMulThreads}, others ${t.packagesDefault.threads})`,
      t.packagesDefault,
      t.torch1,
    );
    line('@mlrecipe/nn + optim (1 thread)', t.packages1, t.torch1);
    line('@mlrecipe/nn + optim (2 threads)', t.packages2, t.torch2);
    line('@mlrecipe/nn + optim, SIMD128 (1 thread)', t.packagesSimd128, t.torch1);
    line('PyTorch 1.13 (1 thread)', t.torch1);
    line('PyTorch 1.13 (2 threads)', t.torch2);
  };
  const header = `MLP 784-256-128-10, batch ${batchSize}, Adam 1e-3, ${N.toLocaleString('en')} Fashion-MNIST samples, wasm, tfjs ${tf.version_core}; median of ${repeats}`;
  print(`${header}\nquiet (load average ${loadavg()[0].toFixed(2)} at start):`, table());
  if (process.env.BENCH_UNDER_LOAD !== '0') {
    print(
      `under load: another process spins on one core (load average ${loadavg()[0].toFixed(2)} at start)`,
      underLoad(table),
    );
  }
  process.exit(0);
}

const data = await fashion({ rows: N });
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
  const x = tf.tensor2d(data.scaledTrain, [N, 784], 'float32');
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
console.log(
  JSON.stringify({
    ...result,
    threads: selection.threads,
    matMulThreads: selection.matMulThreads,
    rssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
