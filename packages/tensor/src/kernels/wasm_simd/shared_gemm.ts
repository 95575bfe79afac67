// Which memory the matrix-product threads share with tfjs wasm. The threaded build keeps tensors in
// shared memory, so helpers read and write them in place; Node's default starts it for that, with
// one pthread worker instead of emscripten's eight (wasm_threads/node.ts). The single-threaded
// build (threads: 1, or when the threaded one cannot start) keeps them in plain memory no other
// thread can see: there operands are copied into a shared memory of the pool's own and the product
// copied back, about 0.1 ms for the MLP's largest product against 0.6 ms saved
// (bench/matmul_shapes.bench.mjs); in place, an MLP step took about 8 % less than copying.

import { spawnKernelWorker } from '#wasm-threads';
import type { GemmJob, GemmPool, PoolAllocator } from './gemm_pool.js';
import { matMulThreads } from './mat_mul_threads.js';
import { compiledSimdModule, type SimdKernels, type WasmBackendInternals, wasmMemoryOf } from './simd_kernels.js';

/** A product with A, B and C where tfjs keeps them (byte offsets in its memory). */
export interface SharedGemm {
  readonly pool: GemmPool;
  /** Returns whether the product was shared among threads (see GemmPool.run). */
  multiply(job: GemmJob): boolean;
}

const byMemory = new WeakMap<WebAssembly.Memory, SharedGemm>();

// The pool's code is a chunk of its own with no imports, loaded with the SIMD module (pages that
// never start wasm do not download it; a shared chunk would cost the start bundle its compression).
let Pool: typeof GemmPool | undefined;

/** Loads the pool's code; until it has loaded, products run on the calling thread. */
export async function prepareSharedGemm(): Promise<void> {
  Pool ??= (await import('./gemm_pool.js')).GemmPool;
}

/** The shared product for `backend`'s memory, or null when one thread is wanted or threads cannot run here. */
export function sharedGemmFor(backend: WasmBackendInternals): SharedGemm | null {
  const wantedThreads = matMulThreads();
  if (wantedThreads < 2 || typeof SharedArrayBuffer === 'undefined' || Pool === undefined) return null;
  const memory = wasmMemoryOf(backend);
  if (memory === undefined) return null;
  const existing = byMemory.get(memory);
  if (existing !== undefined && existing.pool.helpers === wantedThreads - 1) return existing;
  existing?.pool.dispose();
  const made =
    memory.buffer instanceof SharedArrayBuffer
      ? inPlace(backend, memory, wantedThreads - 1)
      : copying(memory, wantedThreads - 1);
  if (made !== null) byMemory.set(memory, made);
  return made;
}

function inPlace(backend: WasmBackendInternals, memory: WebAssembly.Memory, helpers: number): SharedGemm | null {
  const compiled = compiledSimdModule(true);
  if (compiled === null) return null;
  const kernels = new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as SimdKernels;
  const allocator: PoolAllocator = {
    alloc: (bytes) => backend.wasm._malloc(bytes),
    free: (p) => backend.wasm._free(p),
  };
  const pool = new (Pool as typeof GemmPool)(memory, compiled, kernels, allocator, helpers, spawnKernelWorker);
  return { pool, multiply: (job) => pool.run(job) };
}

function copying(source: WebAssembly.Memory, helpers: number): SharedGemm | null {
  const compiled = compiledSimdModule(true);
  if (compiled === null) return null;
  // The shared build declares a maximum of 65,536 pages (see scripts/build-wasm.mjs).
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true });
  const kernels = new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as SimdKernels;
  const allocator = appendOnly(memory);
  const pool = new (Pool as typeof GemmPool)(memory, compiled, kernels, allocator, helpers, spawnKernelWorker);
  let area = { pointer: 0, bytes: 0 };
  return {
    pool,
    multiply: (job) => {
      const aBytes = job.M * job.K * 4;
      const bBytes = job.K * job.N * 4;
      const cBytes = job.M * job.N * 4;
      const need = aBytes + bBytes + cBytes;
      if (area.bytes < need) area = { pointer: allocator.alloc(2 * need), bytes: 2 * need };
      const a = area.pointer;
      const b = a + aBytes;
      const c = b + bBytes;
      const to = new Uint8Array(memory.buffer);
      const from = new Uint8Array(source.buffer);
      to.set(from.subarray(job.a, job.a + aBytes), a);
      to.set(from.subarray(job.b, job.b + bBytes), b);
      const shared = pool.run({ ...job, a, b, c });
      new Uint8Array(source.buffer).set(new Uint8Array(memory.buffer, c, cBytes), job.c);
      return shared;
    },
  };
}

/**
 * The pool's own memory, handed out in 64-byte-aligned blocks from the end. Blocks are never
 * reused (a helper may still be writing a replaced scratch block); regrowth doubles sizes, so the
 * waste stays below the largest need.
 */
function appendOnly(memory: WebAssembly.Memory): PoolAllocator {
  let top = 64;
  return {
    alloc: (bytes) => {
      const pointer = top;
      top = Math.ceil((top + bytes) / 64) * 64;
      const missing = top - memory.buffer.byteLength;
      if (missing > 0) memory.grow(Math.ceil(missing / 65536));
      return pointer;
    },
    free: () => {},
  };
}
