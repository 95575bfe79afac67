// Issue 17's acceptance table in one run: the MLP and the small CNN on wasm (tfjs-layers or stock
// tfjs, ours, PyTorch; quiet and under load), the MLP step's matrix products, and the WebGL page
// bench, one after the other (each script measures its peers in the same run).
import { execFileSync } from 'node:child_process';

for (const [script, flags] of [
  ['mlp.bench.mjs', []],
  ['cnn.bench.mjs', []],
  ['matmul_shapes.bench.mjs', []],
  ['matmul_shapes.bench.mjs', ['--experimental-wasm-relaxed-simd']],
  ['webgl.bench.mjs', []],
]) {
  console.log(`\n$ node ${flags.join(' ')} bench/${script}`.replace('  ', ' '));
  execFileSync(process.execPath, [...flags, new URL(script, import.meta.url).pathname], { stdio: 'inherit' });
}
