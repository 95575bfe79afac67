// Products shared with helper threads give the same bits as on one thread, whichever thread
// computed which columns, also when a helper is too late and its chunks are computed again.
// Run by gemm_pool.test.ts (tfjs' single-threaded build: operands copied to the pool's memory)
// and gemm_pool_threaded.test.ts (threaded build: in place).
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { type BackendOptions, expectNoLeaks, tf, useBackend } from '../src/index.js';
import { BACKOFF_PRODUCTS } from '../src/kernels/wasm_simd/gemm_pool.js';
import { chunkStarts, MAX_CHUNKS } from '../src/kernels/wasm_simd/gemm_protocol.js';
import { setMatMulThreads } from '../src/kernels/wasm_simd/mat_mul_threads.js';
import { type SharedGemm, sharedGemmFor } from '../src/kernels/wasm_simd/shared_gemm.js';
import type { WasmBackendInternals } from '../src/kernels/wasm_simd/simd_kernels.js';
import { seededTensor } from '../src/testing/parity.js';

async function readyPool(): Promise<SharedGemm> {
  setMatMulThreads(2);
  const shared = sharedGemmFor(tf.backend() as WasmBackendInternals);
  if (shared === null) throw new Error('no shared GEMM on this backend');
  for (let i = 0; i < 500 && shared.pool.readyHelpers().length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  expect(shared.pool.readyHelpers()).toEqual([0]);
  // These cases test the sharing itself: every large product shared, whatever the timings say
  // (the timing choice is the last case, and split_chooser.test.ts).
  shared.pool.adaptive = false;
  return shared;
}

/** Bits of a·b with matrix products on `threads` threads. */
function productBits(threads: number, a: tf.Tensor, b: tf.Tensor, tA: boolean, tB: boolean): Uint32Array {
  setMatMulThreads(threads);
  const c = tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, tA, tB);
  const bits = new Uint32Array(Float32Array.from(c.dataSync()).buffer);
  c.dispose();
  return bits;
}

/** Whether two bit patterns are equal (vitest's deep equality takes about 60 ms on 32,768 words). */
function sameBits(x: Uint32Array, y: Uint32Array): boolean {
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export function gemmPoolCases(options: BackendOptions, expectedThreads: number): void {
  it('cuts a product into guided chunks: all panels once, sizes never growing, single panels last', () => {
    // 32 panels on 2 threads: ⌈32/4⌉ = 8, then ⌈24/4⌉ = 6, 5, 4, 3, 2, 1, 1, 1, 1.
    expect(chunkStarts(32, 2, MAX_CHUNKS)).toEqual([0, 8, 14, 19, 23, 26, 28, 29, 30, 31, 32]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 16 }), (panels, threads) => {
        const starts = chunkStarts(panels, threads, MAX_CHUNKS);
        expect(starts[0]).toBe(0);
        expect(starts.at(-1)).toBe(panels);
        expect(starts.length - 1).toBeLessThanOrEqual(MAX_CHUNKS);
        const sizes = starts.slice(1).map((end, i) => end - starts[i]!);
        expect(sizes.every((size) => size >= 1)).toBe(true);
        // Non-increasing, except the last chunk, which takes whatever is left when chunks run out.
        expect(sizes.slice(0, -1).every((size, i) => i === 0 || size <= sizes[i - 1]!)).toBe(true);
        if (starts.length - 1 < MAX_CHUNKS) expect(sizes.at(-1)).toBe(1);
      }),
      { seed: 5, numRuns: 300 },
    );
  });

  it('shares large products and gives the bits of one thread (every transpose, partial panels)', async () => {
    const selection = await useBackend('wasm', options);
    expect(selection.threads).toBe(expectedThreads);
    const shared = await readyPool();
    let sharedRuns = 0;
    await expectNoLeaks(async () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 300 }),
          fc.integer({ min: 1, max: 300 }),
          fc.integer({ min: 9, max: 300 }),
          fc.boolean(),
          fc.boolean(),
          fc.nat(),
          (M, K, N, tA, tB, seed) => {
            const a = seededTensor(tA ? [K, M] : [M, K], seed);
            const b = seededTensor(tB ? [N, K] : [K, N], seed ^ 0x5bd1e995);
            const one = productBits(1, a, b, tA, tB);
            const two = productBits(2, a, b, tA, tB);
            tf.dispose([a, b]);
            if (shared.pool.large({ M, N, K })) sharedRuns++;
            expect(two).toEqual(one);
          },
        ),
        { seed: 17, numRuns: 60 },
      );
    });
    expect(sharedRuns).toBeGreaterThan(10);
    // The MLP's largest product, split into chunks, the helper taking some.
    const a = seededTensor([128, 784], 1);
    const b = seededTensor([784, 256], 2);
    const one = productBits(1, a, b, false, false);
    // On a loaded machine the helper may wake too late for a few products: repeat until it took a chunk.
    let byHelpers = 0;
    for (let i = 0; i < 500 && byHelpers === 0; i++) {
      expect(productBits(2, a, b, false, false)).toEqual(one);
      // 1 while the pool backs off after a late helper (a busy machine), else the guided cut.
      expect([1, chunkStarts(32, 2, MAX_CHUNKS).length - 1]).toContain(shared.pool.lastSplit?.chunks);
      byHelpers += shared.pool.lastSplit!.byHelpers;
    }
    expect(byHelpers).toBeGreaterThan(0);
    tf.dispose([a, b]);
  });

  it('computes a late helper’s chunks itself, and the late helper overwrites nothing', async () => {
    await useBackend('wasm', options);
    const shared = await readyPool();
    const a = seededTensor([256, 300], 3);
    const b = seededTensor([300, 200], 4);
    const x = seededTensor([200, 128], 5);
    const y = seededTensor([128, 300], 6);
    const one = productBits(1, a, b, false, false);
    const other = productBits(1, x, y, false, false);
    try {
      // 30 ms per chunk: far beyond the caller's patience, as if the helper's core were busy.
      // Repeated until the helper claims a chunk at all (on a loaded machine it may wake after the
      // caller has claimed them all).
      shared.pool.setHelperDelay(30_000);
      let recomputed = 0;
      for (let i = 0; i < 500 && recomputed === 0; i++) {
        expect(productBits(2, a, b, false, false)).toEqual(one);
        recomputed = shared.pool.lastSplit!.recomputed;
        if (recomputed === 0) await new Promise((r) => setTimeout(r, 5));
      }
      expect(recomputed).toBeGreaterThan(0);
      shared.pool.setHelperDelay(0);
      // After a late helper the next large products stay on this thread (no copies, no wait), then it shares again.
      const big = { M: 256, N: 200, K: 300 };
      for (let i = 0; i < BACKOFF_PRODUCTS; i++) expect(shared.pool.split(big)).toBe('solo');
      expect(shared.pool.split(big)).toBe('shared');
      // While the late helper finishes into its own scratch, other products (and their tensors) stay right.
      for (let i = 0; i < 10; i++) {
        expect(productBits(2, x, y, false, false)).toEqual(other);
        expect(productBits(2, a, b, false, false)).toEqual(one);
      }
    } finally {
      shared.pool.setHelperDelay(0);
      tf.dispose([a, b, x, y]);
    }
  });

  it('follows the timings of each shape: one thread while sharing is slower, sharing again once it is faster, the same bits either way', async () => {
    await useBackend('wasm', options);
    const shared = await readyPool();
    shared.pool.adaptive = true;
    const a = seededTensor([128, 784], 7);
    const b = seededTensor([784, 256], 8);
    const one = productBits(1, a, b, false, false);
    const job = { M: 128, N: 256, K: 784, sAi: 784, sBn: 1 };
    try {
      // Real products time both ways through the kernel, with the bits of one thread either way.
      // (A loaded machine may hold products on this thread for a while after a late helper: up to 100.)
      let wrong = 0;
      const timed = () => {
        const times = shared.pool.splitTimes(job);
        return times !== undefined && times.shared > 0 && times.solo > 0;
      };
      for (let i = 0; i < 100 && (i < 8 || !timed()); i++) {
        if (!sameBits(productBits(2, a, b, false, false), one)) wrong++;
      }
      expect(wrong).toBe(0);
      expect(timed()).toBe(true);
      // Timings as a busy machine gives them (sharing 3 ms, one thread 1.5 ms; set by hand, as the
      // machine running the tests may be busy or not): only the probes share, 1 call in 32.
      const drive = (calls: number, sharedMs: number) => {
        const modes: string[] = [];
        for (let i = 0; i < calls; i++) {
          const mode = shared.pool.split(job)!;
          shared.pool.record(job, mode, mode === 'shared' ? sharedMs : 1.5);
          modes.push(mode);
        }
        return modes;
      };
      shared.pool.resetTimings();
      // Calls 1–2 time sharing (a warm-up, then a timing), 3–4 one thread; then calls 32 and 64 probe.
      const busy = drive(64, 3);
      expect(busy.flatMap((m, i) => (m === 'shared' ? [i + 1] : []))).toEqual([1, 2, 32, 64]);
      // Quiet again (sharing 0.8 ms): the probes at calls 96, 128, 160 and 192 pull the mean of
      // sharing down (3 → 2.45 → 2.04 → 1.73 → 1.496 < 1.5); from call 193 sharing is taken, and
      // one thread is probed at call 224.
      const quiet = drive(160, 0.8);
      expect(quiet.slice(-32).flatMap((m, i) => (m === 'solo' ? [193 + i] : []))).toEqual([224]);
    } finally {
      shared.pool.adaptive = false;
      tf.dispose([a, b]);
    }
  });
}
