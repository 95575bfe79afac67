import type * as tf from '@tensorflow/tfjs-core';
import { enableRelaxedSimd } from '#wasm-threads';

/** The exports of assembly/simd_kernels.ts; pointers are byte offsets into tfjs wasm's memory. */
export interface SimdKernels {
  packB(b: number, K: number, N: number, sBk: number, sBn: number, dst: number, p0: number, p1: number): void;
  copyBlock(
    src: number,
    ldSrc: number,
    dst: number,
    ldDst: number,
    rows: number,
    cols: number,
    accumulate: number,
  ): void;
  gemm(
    ...args: [
      a: number,
      sAi: number,
      sAk: number,
      packed: number,
      c: number,
      ldc: number,
      M: number,
      N: number,
      K: number,
      accumulate: number,
      p0: number,
      p1: number,
    ]
  ): void;
  adamMoments(
    ...args: [
      g: number,
      m: number,
      v: number,
      update: number,
      mOut: number,
      vOut: number,
      n: number,
      ...constants: number[],
    ]
  ): void;
  anyNonFinite(x: number, n: number): number;
  biasRelu(c: number, bias: number, M: number, N: number, relu: number): void;
  reluBiasGrad(dy: number, y: number, dz: number, db: number, M: number, N: number): void;
  sumRows(x: number, R: number, C: number, out: number): void;
  maxPoolGrad(...args: number[]): void;
  im2col(...args: number[]): void;
}

/**
 * What mlrecipe's kernels use of tfjs-backend-wasm 4.22's backend object (internals, not API; the
 * tripwire test in test/simd_kernels.test.ts fails when a tfjs release changes them): the
 * Emscripten module (`wasm`) with `_malloc`/`_free` and its memory — exported as `asm.memory` by
 * the single-threaded build, created in JS as `wasmMemory` by the threaded one — and `dataIdMap`,
 * whose entries hold each tensor's byte offset in that memory.
 */
export interface WasmBackendInternals extends tf.KernelBackend {
  wasm: {
    _malloc(bytes: number): number;
    _free(pointer: number): void;
    wasmMemory?: WebAssembly.Memory;
    asm?: { memory?: WebAssembly.Memory };
  };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

let compiled: { plain: WebAssembly.Module; shared: WebAssembly.Module; flavour: 'relaxed SIMD' | 'SIMD128' } | null =
  null;
const instances = new WeakMap<WebAssembly.Memory, SimdKernels>();

function bytes(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

let prepared: Promise<string | null> | undefined;

/**
 * Loads, checks and compiles the SIMD module once; null when it runs here, otherwise why not (no
 * wasm SIMD, say). Asynchronous: the module is a chunk of its own (pages on WebGL never load it),
 * and browsers refuse large synchronous compiles on the main thread.
 */
export function prepareSimdKernels(): Promise<string | null> {
  prepared ??= load();
  return prepared;
}

async function load(): Promise<string | null> {
  if (typeof WebAssembly !== 'object') return 'this runtime has no WebAssembly';
  const { SIMD_KERNELS_WASM } = await import('./simd_module.generated.js');
  const relaxedBytes = bytes(SIMD_KERNELS_WASM.relaxed);
  const relaxed = WebAssembly.validate(relaxedBytes) || (enableRelaxedSimd() && WebAssembly.validate(relaxedBytes));
  const plainBytes = relaxed ? relaxedBytes : bytes(SIMD_KERNELS_WASM.plain);
  if (!relaxed && !WebAssembly.validate(plainBytes)) {
    return 'this WebAssembly engine has no SIMD (tfjs uses its non-SIMD build here)';
  }
  const [plain, shared] = await Promise.all([
    WebAssembly.compile(plainBytes),
    WebAssembly.compile(bytes(relaxed ? SIMD_KERNELS_WASM.relaxedShared : SIMD_KERNELS_WASM.shared)),
  ]);
  compiled = { plain, shared, flavour: relaxed ? 'relaxed SIMD' : 'SIMD128' };
  return null;
}

/**
 * Which build runs: `'relaxed SIMD'` (fused multiply-add in the GEMM) where the engine validates
 * it, else `'SIMD128'`; null before prepareSimdKernels has finished or where neither runs.
 */
export function simdFlavour(): 'relaxed SIMD' | 'SIMD128' | null {
  return compiled?.flavour ?? null;
}

/** The compiled kernels for shared (or plain) memory, or null before prepareSimdKernels has finished. */
export function compiledSimdModule(shared: boolean): WebAssembly.Module | null {
  if (compiled === null) return null;
  return shared ? compiled.shared : compiled.plain;
}

/** The memory tfjs wasm keeps tensors in, or undefined when this tfjs release hides it elsewhere. */
export function wasmMemoryOf(backend: tf.KernelBackend): WebAssembly.Memory | undefined {
  const module = (backend as Partial<WasmBackendInternals>).wasm;
  return module?.wasmMemory ?? module?.asm?.memory;
}

/**
 * Our kernels bound to `backend`'s memory (instantiated once per memory), or null when they cannot
 * run there (not compiled, or the memory not found): callers then use tfjs' own kernel.
 */
export function simdKernelsFor(backend: tf.KernelBackend): SimdKernels | null {
  const memory = wasmMemoryOf(backend);
  if (memory === undefined || compiled === null) return null;
  let kernels = instances.get(memory);
  if (kernels === undefined) {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const instance = new WebAssembly.Instance(shared ? compiled.shared : compiled.plain, { env: { memory } });
    kernels = instance.exports as unknown as SimdKernels;
    instances.set(memory, kernels);
  }
  return kernels;
}

/** A tensor's byte offset in wasm memory. */
export function offsetOf(backend: WasmBackendInternals, info: tf.TensorInfo): number {
  const entry = backend.dataIdMap.get(info.dataId);
  if (entry === undefined) throw new Error('a tensor of this kernel is not in the wasm backend (disposed?)');
  return entry.memoryOffset;
}

/** Runs `use` with `bytes` of scratch memory from tfjs' allocator, freed afterwards (also on throw). */
export function withScratch<T>(backend: WasmBackendInternals, byteCount: number, use: (pointer: number) => T): T {
  const pointer = backend.wasm._malloc(Math.max(16, byteCount));
  try {
    return use(pointer);
  } finally {
    backend.wasm._free(pointer);
  }
}
