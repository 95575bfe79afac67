// Small CNN (conv3×3×16, maxpool, conv3×3×32, maxpool, dense 10) on Fashion-MNIST: samples/s of a
// training step on mlrecipe's wasm kernels vs stock tfjs cpu; stock tfjs wasm cannot train it.
import { registerBackendFixes, tf, unregisterBackendFixes, useBackend } from '@mlrecipe/tensor';
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

await useBackend('wasm');
unregisterBackendFixes('wasm');
let stockWasm;
try {
  run(batchSize);
  stockWasm = 'trained (unexpected)';
} catch (error) {
  stockWasm = `throws: ${error.message.split('\n')[0]}`;
}
registerBackendFixes('wasm');
const ours = run(Number(process.env.BENCH_SAMPLES ?? 6400));
await useBackend('cpu');
const cpu = run(batchSize * 2);

console.log(`Small CNN, batch ${batchSize}, Adam 1e-3, Fashion-MNIST, tfjs ${tf.version_core}`);
console.log(`  stock tfjs wasm:             ${stockWasm}`);
console.log(
  `  stock tfjs cpu:              ${cpu.samplesPerSecond.toFixed(1).padStart(8)} samples/s (${cpu.samples} samples)`,
);
console.log(
  `  mlrecipe wasm (1 thread):    ${ours.samplesPerSecond.toFixed(1).padStart(8)} samples/s (${ours.samples} samples, last loss ${ours.lastLoss.toFixed(3)})`,
);
console.log(`  ratio mlrecipe wasm / stock cpu: ${(ours.samplesPerSecond / cpu.samplesPerSecond).toFixed(1)}×`);
