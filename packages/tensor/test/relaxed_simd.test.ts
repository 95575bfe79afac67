// The relaxed-SIMD build of mlrecipe's kernels (fused multiply-add in the GEMM), chosen where the
// engine validates it: Node 20 keeps it behind a V8 flag, which mlrecipe turns on when wasm starts
// (every other test here runs that build); a child process with MLRECIPE_WASM_RELAXED_SIMD=0 runs
// every parity case with the SIMD128 build.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { simdFlavour, useBackend } from '../src/index.js';

it('runs the relaxed build by default (Node 20: the V8 flag turned on), and every parity case with SIMD128 when asked', async () => {
  await useBackend('wasm', { threads: 1 });
  expect(simdFlavour()).toBe('relaxed SIMD');
  const child = fileURLToPath(new URL('./fixtures/relaxed_simd_child.mjs', import.meta.url));
  const out = execFileSync(process.execPath, [child], {
    encoding: 'utf8',
    env: { ...process.env, MLRECIPE_WASM_RELAXED_SIMD: '0' },
  });
  const { flavour, results } = JSON.parse(out.trim().split('\n').at(-1)!) as {
    flavour: string;
    results: Array<{ name: string; ok: boolean; detail?: string }>;
  };
  expect(flavour).toBe(Number(process.versions.node.split('.')[0]) >= 22 ? 'relaxed SIMD' : 'SIMD128');
  expect(results.length).toBeGreaterThan(30);
  expect(results.filter((r) => !r.ok)).toEqual([]);
}, 60_000);
