// Small CNN (conv3×3×16, maxpool, conv3×3×32, maxpool, dense 10) on Fashion-MNIST: samples/s of a
// training step on mlrecipe's wasm kernels vs stock tfjs cpu; stock tfjs wasm cannot train it.
import { tf, unregisterBackendFixes, useBackend } from '@mlrecipe/tensor';
import { measureInChild } from './lib/children.mjs';
import { fashion } from './lib/fashion.mjs';
import { createRng, heVariable, train, zerosVariable } from './lib/manual_training.mjs';

const batchSize = 64;
const data = await fashion();

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
  const script = new URL(import.meta.url).pathname;
  const stock = measureInChild(script, { BENCH_MODE: 'stock-wasm' });
  const cpu = measureInChild(script, { BENCH_MODE: 'cpu' });
  const ours1 = measureInChild(script, { BENCH_MODE: 'ours', BENCH_THREADS: '1' });
  const oursAll = measureInChild(script, { BENCH_MODE: 'ours', BENCH_THREADS: 'auto' });
  console.log(
    `Small CNN (conv3×3×16, maxpool, conv3×3×32, maxpool, dense 10), batch ${batchSize}, Adam 1e-3, Fashion-MNIST, tfjs ${tf.version_core}`,
  );
  console.log(`  stock tfjs wasm:                   ${stock.error}`);
  const line = (label, r) =>
    console.log(
      `  ${label.padEnd(34)} ${r.samplesPerSecond.toFixed(1).padStart(8)} samples/s  ${(r.samplesPerSecond / cpu.samplesPerSecond).toFixed(1).padStart(6)}× cpu  (${r.samples} samples, last loss ${r.lastLoss.toFixed(3)})`,
    );
  line('stock tfjs cpu', cpu);
  line('mlrecipe wasm (1 thread)', ours1);
  line(`mlrecipe wasm (${oursAll.threads} threads)`, oursAll);
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
  const selection = await useBackend('wasm', { threads: process.env.BENCH_THREADS === 'auto' ? 'auto' : 1 });
  result = { ...run(Number(process.env.BENCH_SAMPLES ?? 6400)), threads: selection.threads };
}
console.log(JSON.stringify(result));
