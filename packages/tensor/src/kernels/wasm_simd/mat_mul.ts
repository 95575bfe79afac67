import * as tf from '@tensorflow/tfjs-core';
import type { GemmJob } from './gemm_pool.js';
import { sharedGemmFor } from './shared_gemm.js';
import { offsetOf, type SimdKernels, simdKernelsFor, type WasmBackendInternals, withScratch } from './simd_kernels.js';

/**
 * BatchMatMul on wasm through our SIMD GEMM: a transposed operand is read with strides (A) or
 * packed once into panels (B) instead of being transposed by a separate kernel first, which the
 * backward pass of every dense layer needs (Xᵀ·dY and dY·Wᵀ). bench/matmul_shapes.bench.mjs: on
 * the MLP's transposed shapes 1.15–1.4× tfjs' explicit-transpose route; untransposed on par with
 * XNNPACK. Anything else (int32, zero-size, broadcast batches of different shapes, no memory
 * access) goes to `fallback`.
 */
export function simdBatchMatMul(fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, attrs } = args;
    const backend = args.backend as WasmBackendInternals;
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    const kernels = simdKernelsFor(backend);
    const rankA = a.shape.length;
    const rankB = b.shape.length;
    const outerA = a.shape.slice(0, -2);
    const outerB = b.shape.slice(0, -2);
    const batchA = tf.util.sizeFromShape(outerA);
    const batchB = tf.util.sizeFromShape(outerB);
    const sameOuter = outerA.length === outerB.length && outerA.every((d, i) => d === outerB[i]);
    if (
      kernels === null ||
      a.dtype !== 'float32' ||
      b.dtype !== 'float32' ||
      rankA < 2 ||
      rankB < 2 ||
      !(sameOuter || (batchA === 1 && rankA === 2) || (batchB === 1 && rankB === 2)) ||
      a.shape.includes(0) ||
      b.shape.includes(0)
    ) {
      return fallback(args);
    }
    const [M, K] = transposeA ? [a.shape[rankA - 1]!, a.shape[rankA - 2]!] : [a.shape[rankA - 2]!, a.shape[rankA - 1]!];
    const N = transposeB ? b.shape[rankB - 2]! : b.shape[rankB - 1]!;
    const innerB = transposeB ? b.shape[rankB - 1]! : b.shape[rankB - 2]!;
    if (K !== innerB) return fallback(args); // tfjs' own kernel words the shape error
    const batch = Math.max(batchA, batchB);
    const outer = batchA >= batchB ? outerA : outerB;
    const out = backend.makeOutput([...outer, M, N], 'float32');
    const pa = offsetOf(backend, a);
    const pb = offsetOf(backend, b);
    const pc = offsetOf(backend, out);
    const aStrides = transposeA ? { sAi: 1, sAk: M } : { sAi: K, sAk: 1 };
    const bStrides = transposeB ? { sBk: 1, sBn: K } : { sBk: N, sBn: 1 };
    const jobs = Array.from({ length: batch }, (_, i) => ({
      a: pa + (batchA === 1 ? 0 : i * M * K * 4),
      b: pb + (batchB === 1 ? 0 : i * K * N * 4),
      c: pc + i * M * N * 4,
      ...aStrides,
      ...bStrides,
      M,
      N,
      K,
    }));
    multiplyOnWasm(backend, kernels, jobs, batchB === 1);
    return out;
  };
}

/**
 * Products of one shape on tfjs wasm's memory (pointers into it): shared with helper threads when
 * large, more than one is wanted and sharing has been the faster way for this shape (the pool
 * times both), else on this thread with B packed into panels — once for all of them when
 * `sameB`. Used by BatchMatMul and the fused dense layer.
 */
export function multiplyOnWasm(
  backend: WasmBackendInternals,
  kernels: SimdKernels,
  jobs: readonly GemmJob[],
  sameB: boolean,
): void {
  const { M, N, K } = jobs[0]!;
  const shared = sharedGemmFor(backend);
  const mode = shared?.pool.split(jobs[0]!) ?? null;
  const started = performance.now();
  let ranShared = false;
  if (mode === 'shared') {
    for (const job of jobs) ranShared = shared!.multiply(job);
  } else {
    const panels = Math.ceil(N / 8);
    withScratch(backend, panels * 32 * K, (packed) => {
      jobs.forEach((job, i) => {
        if (i === 0 || !sameB) kernels.packB(job.b, K, N, job.sBk, job.sBn, packed, 0, panels);
        kernels.gemm(job.a, job.sAi, job.sAk, packed, job.c, N, M, N, K, 0, 0, panels);
      });
    });
  }
  // A product sent to be shared that ran on this thread alone (no helper ready yet) says nothing of sharing.
  const ran = mode === 'shared' && !ranShared ? null : mode;
  if (ran !== null) shared!.pool.record(jobs[0]!, ran, (performance.now() - started) / jobs.length);
}
