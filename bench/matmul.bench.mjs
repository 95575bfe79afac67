// matMul GFLOP/s on wasm: stock tfjs kernels vs mlrecipe's (explicit transposes keep XNNPACK on its
// fast path), and the cpu backend, in one process. Plain and transposed (Aᵀ·B, as in backward passes).
import { registerBackendFixes, tf, unregisterBackendFixes, useBackend } from '@mlrecipe/tensor';

function gflops(size, transposeA, repeats) {
  const a = tf.randomNormal([size, size], 0, 1, 'float32', 1);
  const b = tf.randomNormal([size, size], 0, 1, 'float32', 2);
  tf.matMul(a, b, transposeA, false).dataSync(); // warm-up, kernel setup
  const start = performance.now();
  for (let i = 0; i < repeats; i++) {
    const c = tf.matMul(a, b, transposeA, false);
    c.dataSync();
    c.dispose();
  }
  const seconds = (performance.now() - start) / 1000;
  tf.dispose([a, b]);
  return (2 * size ** 3 * repeats) / seconds / 1e9;
}

const sizes = [256, 512, 1024, 2048];
const repeatsFor = (size, backend) => Math.max(1, Math.round((backend === 'cpu' ? 2e8 : 4e9) / size ** 3));

// Thread counts are fixed when wasm first starts in a process: the all-threads run is a child process.
if (process.env.BENCH_MATMUL_CHILD === '1') {
  const selection = await useBackend('wasm');
  const out = { threads: selection.threads, values: {} };
  for (const transposeA of [false, true]) {
    out.values[transposeA] = sizes.map((s) =>
      Math.max(gflops(s, transposeA, repeatsFor(s, 'wasm')), gflops(s, transposeA, repeatsFor(s, 'wasm'))),
    );
  }
  console.log(JSON.stringify(out));
  process.exit(0);
}
const rows = [];
await useBackend('wasm', { threads: 1 }); // stock tfjs wasm is single-threaded in Node
// Stock and ours alternate, twice per size, best of each kept: neither side gets the warm-up.
const wasmRows = { stock: { false: [], true: [] }, ours: { false: [], true: [] } };
for (const transposeA of [false, true]) {
  for (const size of sizes) {
    const best = { stock: 0, ours: 0 };
    for (let round = 0; round < 2; round++) {
      unregisterBackendFixes('wasm');
      best.stock = Math.max(best.stock, gflops(size, transposeA, repeatsFor(size, 'wasm')));
      await registerBackendFixes('wasm');
      best.ours = Math.max(best.ours, gflops(size, transposeA, repeatsFor(size, 'wasm')));
    }
    wasmRows.stock[transposeA].push(best.stock);
    wasmRows.ours[transposeA].push(best.ours);
  }
}
for (const transposeA of [false, true]) {
  rows.push({ label: 'stock tfjs wasm', transposeA, values: wasmRows.stock[transposeA] });
  rows.push({ label: 'mlrecipe wasm (1 thread)', transposeA, values: wasmRows.ours[transposeA] });
}
const { execFileSync } = await import('node:child_process');
const child = JSON.parse(
  execFileSync(process.execPath, [new URL(import.meta.url).pathname], {
    env: { ...process.env, BENCH_MATMUL_CHILD: '1' },
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop(),
);
for (const transposeA of [false, true]) {
  rows.push({ label: `mlrecipe wasm (${child.threads} threads)`, transposeA, values: child.values[transposeA] });
}
await useBackend('cpu');
for (const transposeA of [false, true]) {
  rows.push({
    label: 'stock tfjs cpu',
    transposeA,
    values: sizes.slice(0, 3).map((s) => gflops(s, transposeA, repeatsFor(s, 'cpu'))),
  });
}

console.log(`matMul GFLOP/s (C = op(A)·B, square), tfjs ${tf.version_core}, Node ${process.version}`);
console.log(`${'kernel'.padEnd(28)} ${'op(A)'.padEnd(6)} ${sizes.map((s) => String(s).padStart(8)).join('')}`);
for (const r of rows) {
  console.log(
    `${r.label.padEnd(28)} ${(r.transposeA ? 'Aᵀ' : 'A').padEnd(6)} ${r.values.map((v) => v.toFixed(2).padStart(8)).join('')}`,
  );
}
const stockT = rows.find((r) => r.label.startsWith('stock tfjs wasm') && r.transposeA).values;
const oursT = rows.find((r) => r.label.startsWith('mlrecipe') && r.transposeA).values;
console.log(
  `\nAᵀ·B on wasm, mlrecipe / stock: ${oursT.map((v, i) => `${sizes[i]}: ${(v / stockT[i]).toFixed(1)}×`).join(', ')}`,
);
const allT = rows.find((r) => r.label.includes('threads)') && r.transposeA).values;
const oneA = rows.find((r) => r.label.startsWith('mlrecipe wasm (1') && !r.transposeA).values;
const allA = rows.find((r) => r.label.includes('threads)') && !r.transposeA).values;
console.log(
  `${child.threads} threads / 1 thread (mlrecipe, A·B): ${allA.map((v, i) => `${sizes[i]}: ${(v / oneA[i]).toFixed(2)}×`).join(', ')}`,
);
console.log(
  `${child.threads} threads / stock (Aᵀ·B): ${allT.map((v, i) => `${sizes[i]}: ${(v / stockT[i]).toFixed(1)}×`).join(', ')}`,
);
