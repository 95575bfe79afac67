// The eight matrix products of one MLP training step (784-256-128-10, batch 128: forward X·W, and
// backward Xᵀ·dY and dY·Wᵀ) on wasm, in one process: mlrecipe's SIMD GEMM (transposed operands
// read by stride) vs stock tfjs wasm (XNNPACK, 1 thread; its transposed path is a scalar loop) and
// vs stock with explicit transposes first (the route mlrecipe used before its own GEMM). GFLOP/s.
// BENCH_THREADS=auto: ours shares the products among every core (the default; XNNPACK stays on 1).
import { registerBackendFixes, simdFlavour, tf, unregisterBackendFixes, useBackend } from '@mlrecipe/tensor';

const auto = process.env.BENCH_THREADS === 'auto';
const { matMulThreads } = await useBackend('wasm', auto ? {} : { threads: 1 });
const shapes = [
  // [M, K, N, transposeA, transposeB, what]
  [128, 784, 256, false, false, 'forward X·W1'],
  [128, 256, 128, false, false, 'forward H1·W2'],
  [128, 128, 10, false, false, 'forward H2·W3'],
  [784, 128, 256, true, false, 'dW1 = Xᵀ·dY'],
  [256, 128, 128, true, false, 'dW2 = H1ᵀ·dY'],
  [128, 10, 128, false, true, 'dH2 = dY·W3ᵀ'],
  [128, 128, 256, false, true, 'dH1 = dY·W2ᵀ'],
  [128, 256, 784, false, true, 'dX = dY·W1ᵀ (not needed in training; for comparison)'],
];

function msPer(run) {
  for (let i = 0; i < 5; i++) tf.dispose(run());
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    for (let i = 0; i < 20; i++) {
      const c = run();
      c.dataSync();
      c.dispose();
    }
    best = Math.min(best, (performance.now() - start) / 20);
  }
  return best;
}

console.log(
  `MLP step matrix products on wasm (stock on 1 thread, ours on ${matMulThreads}), tfjs ${tf.version_core}, mlrecipe's ${simdFlavour()} build, best of 5 × 20 calls, GFLOP/s`,
);
console.log(
  `  ${'product'.padEnd(52)} ${'stock'.padStart(7)} ${'stock+T'.padStart(8)} ${'ours'.padStart(7)}  ours/stock  ours/stock+T`,
);
for (const [M, K, N, ta, tb, what] of shapes) {
  const a = tf.randomNormal(ta ? [K, M] : [M, K], 0, 1, 'float32', 1);
  const b = tf.randomNormal(tb ? [N, K] : [K, N], 0, 1, 'float32', 2);
  unregisterBackendFixes('wasm');
  const stock = msPer(() => tf.matMul(a, b, ta, tb));
  const explicit = msPer(() => tf.tidy(() => tf.matMul(ta ? tf.transpose(a) : a, tb ? tf.transpose(b) : b)));
  await registerBackendFixes('wasm');
  const ours = msPer(() => tf.matMul(a, b, ta, tb));
  const gflops = (ms) => ((2 * M * N * K) / ms / 1e6).toFixed(1);
  console.log(
    `  ${`${what} [${M}×${K}]·[${K}×${N}]`.padEnd(52)} ${gflops(stock).padStart(7)} ${gflops(explicit).padStart(8)} ${gflops(ours).padStart(7)}  ${(stock / ours).toFixed(2).padStart(9)}×  ${(explicit / ours).toFixed(2).padStart(11)}×`,
  );
  tf.dispose([a, b]);
}
