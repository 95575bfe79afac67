// Small CNN (conv3×3×16, maxpool, conv3×3×32, maxpool, dense 10) on Fashion-MNIST: samples/s of a
// training step on mlrecipe's wasm kernels vs stock tfjs cpu and PyTorch 1.13 (same net, batch and
// threads), quiet and under load; stock tfjs wasm cannot train it.

import { loadavg } from 'node:os';
import { tf, unregisterBackendFixes, useBackend } from '@mlrecipe/tensor';
import { measureInChild } from './lib/children.mjs';
import { fashion } from './lib/fashion.mjs';
import { createRng, heVariable, train, zerosVariable } from './lib/manual_training.mjs';
import { median, torchProblem, torchSide, underLoad } from './lib/peers.mjs';

const batchSize = 64;
const data = await fashion({ rows: Number(process.env.BENCH_SAMPLES ?? 6400) });

function model() {
  const rng = createRng(2);
  const params = [
    heVariable([3, 3, 1, 16], 9, rng),
    zerosVariable([16]),
    heVariable([3, 3, 16, 32], 144, rng),
    zerosVariable([32]),
    heVariable([7 * 7 * 32, 10], 7 * 7 * 32, rng),
    zerosVariable([10]),
  ];
  const [k1, c1, k2, c2, w, b] = params;
  const forward = (x) => {
    let h = tf.relu(tf.add(tf.conv2d(x, k1, 1, 'same'), c1));
    h = tf.maxPool(h, 2, 2, 'valid');
    h = tf.relu(tf.add(tf.conv2d(h, k2, 1, 'same'), c2));
    h = tf.maxPool(h, 2, 2, 'valid');
    return tf.add(tf.matMul(tf.reshape(h, [-1, 7 * 7 * 32]), w), b);
  };
  return { params, forward };
}

function run(n) {
  const { params, forward } = model();
  train({ forward, params, batches: data.iterate(data.train, { n: batchSize * 2, batchSize, shape: [28, 28, 1] }) });
  const result = train({ forward, params, batches: data.iterate(data.train, { n, batchSize, shape: [28, 28, 1] }) });
  tf.dispose(params);
  return result;
}

const mode = process.env.BENCH_MODE;
if (mode === undefined) {
  // Orchestrator: each measurement in its own process, BENCH_REPEATS (3) times, medians; then the
  // same with a competing busy process (BENCH_UNDER_LOAD=0 skips it).
  const script = new URL(import.meta.url).pathname;
  const repeats = Number(process.env.BENCH_REPEATS ?? 3);
  const samples = Number(process.env.BENCH_SAMPLES ?? 6400);
  const torchMissing = torchProblem();
  const ours = (env, flags) => median(repeats, () => measureInChild(script, env, flags));
  const torch = (threads) =>
    torchMissing === null ? median(repeats, () => torchSide('cnn', { threads, samples, batchSize })) : null;
  const stock = measureInChild(script, { BENCH_MODE: 'stock-wasm' });
  const table = () => ({
    cpu: ours({ BENCH_MODE: 'cpu' }),
    oursDefault: ours({ BENCH_MODE: 'ours', BENCH_THREADS: 'auto' }),
    ours1: ours({ BENCH_MODE: 'ours', BENCH_THREADS: '1' }),
    ours2: ours({ BENCH_MODE: 'ours', BENCH_THREADS: '2' }),
    // Relaxed SIMD (fused multiply-add) is behind a V8 flag in Node 20, which mlrecipe turns on;
    // this row keeps it off, to show what it gives.
    oursSimd128: ours({ BENCH_MODE: 'ours', BENCH_THREADS: '1', MLRECIPE_WASM_RELAXED_SIMD: '0' }),
    torch1: torch(1),
    torch2: torch(2),
  });
  const print = (title, t) => {
    console.log(title);
    const line = (label, r, torchRow) => {
      if (r === null) return console.log(`  ${label.padEnd(44)} not run: ${torchMissing}`);
      const vsTorch =
        torchRow === undefined || torchRow === null
          ? ''
          : `  ${((100 * r.samplesPerSecond) / torchRow.samplesPerSecond).toFixed(0).padStart(3)} % of PyTorch`;
      console.log(
        `  ${label.padEnd(44)} ${r.samplesPerSecond.toFixed(1).padStart(8)} samples/s  ${(r.samplesPerSecond / t.cpu.samplesPerSecond).toFixed(1).padStart(6)}× cpu${vsTorch}  (last loss ${(r.lastLoss ?? r.loss).toFixed(3)}; runs ${r.all.join(', ')})`,
      );
    };
    line('stock tfjs cpu', t.cpu);
    line(
      `mlrecipe wasm, default (products ${t.oursDefault.matMulThreads}, others ${t.oursDefault.threads})`,
      t.oursDefault,
      t.torch1,
    );
    line('mlrecipe wasm (1 thread)', t.ours1, t.torch1);
    line('mlrecipe wasm (2 threads)', t.ours2, t.torch2);
    line('mlrecipe wasm, SIMD128 (1 thread)', t.oursSimd128, t.torch1);
    line('PyTorch 1.13 (1 thread)', t.torch1);
    line('PyTorch 1.13 (2 threads)', t.torch2);
  };
  console.log(
    `Small CNN (conv3×3×16, maxpool, conv3×3×32, maxpool, dense 10), batch ${batchSize}, Adam 1e-3, Fashion-MNIST, tfjs ${tf.version_core}; median of ${repeats}`,
  );
  console.log(`  stock tfjs wasm:                   ${stock.error}`);
  print(`quiet (load average ${loadavg()[0].toFixed(2)} at start):`, table());
  if (process.env.BENCH_UNDER_LOAD !== '0') {
    print(
      `under load: another process spins on one core (load average ${loadavg()[0].toFixed(2)} at start)`,
      underLoad(table),
    );
  }
  process.exit(0);
}

let result;
if (mode === 'stock-wasm') {
  await useBackend('wasm', { threads: 1 });
  unregisterBackendFixes('wasm');
  try {
    run(batchSize);
    result = { error: 'trained (unexpected: stock tfjs wasm has no Conv2DBackpropFilter)' };
  } catch (error) {
    result = { error: `throws "${error.message.split('\n')[0]}"` };
  }
} else if (mode === 'cpu') {
  await useBackend('cpu');
  result = run(batchSize * 2);
} else {
  const selection = await useBackend('wasm', {
    threads: process.env.BENCH_THREADS === 'auto' ? 'auto' : Number(process.env.BENCH_THREADS),
  });
  result = {
    ...run(Number(process.env.BENCH_SAMPLES ?? 6400)),
    threads: selection.threads,
    matMulThreads: selection.matMulThreads,
  };
}
console.log(JSON.stringify(result));
