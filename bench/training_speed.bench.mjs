// Issue 17's acceptance table in one run: the MLP and the small CNN on wasm (tfjs-layers or stock
// tfjs, ours, PyTorch; quiet and under load), the MLP step's matrix products, and the WebGL page
// bench, one after the other (each script measures its peers in the same run).
import { execFileSync } from 'node:child_process';

for (const [script, flags, env] of [
  ['mlp.bench.mjs', [], {}],
  ['cnn.bench.mjs', [], {}],
  ['matmul_shapes.bench.mjs', [], {}],
  ['matmul_shapes.bench.mjs', [], { BENCH_THREADS: 'auto' }],
  ['matmul_shapes.bench.mjs', ['--experimental-wasm-relaxed-simd'], {}],
  ['webgl.bench.mjs', [], {}],
]) {
  const prefix = Object.entries(env)
    .map(([k, v]) => `${k}=${v} `)
    .join('');
  console.log(`\n$ ${prefix}node ${flags.join(' ')} bench/${script}`.replace('  ', ' '));
  execFileSync(process.execPath, [...flags, new URL(script, import.meta.url).pathname], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
}
