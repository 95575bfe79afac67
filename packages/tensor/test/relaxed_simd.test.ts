// The relaxed-SIMD build of mlrecipe's kernels (fused multiply-add in the GEMM), chosen where the
// engine validates it: Node 20 only behind a flag, so a child process runs every parity case with
// it. The default build is what every other test here runs.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { simdFlavour, useBackend } from '../src/index.js';

it('runs the SIMD128 build by default in Node 20, and every parity case with the relaxed build where enabled', async () => {
  await useBackend('wasm', { threads: 1 });
  expect(simdFlavour()).toBe(Number(process.versions.node.split('.')[0]) >= 22 ? 'relaxed SIMD' : 'SIMD128');
  const child = fileURLToPath(new URL('./fixtures/relaxed_simd_child.mjs', import.meta.url));
  const out = execFileSync(process.execPath, ['--experimental-wasm-relaxed-simd', child], { encoding: 'utf8' });
  const { flavour, results } = JSON.parse(out.trim().split('\n').at(-1)!) as {
    flavour: string;
    results: Array<{ name: string; ok: boolean; detail?: string }>;
  };
  expect(flavour).toBe('relaxed SIMD');
  expect(results.length).toBeGreaterThan(30);
  expect(results.filter((r) => !r.ok)).toEqual([]);
}, 60_000);
