// Browsers: tfjs-backend-wasm detects threads itself (they need a cross-origin-isolated page for
// SharedArrayBuffer); we only pass the wanted count.
import type * as tf from '@tensorflow/tfjs-core';
import type { TfjsPatch } from '../patches/tfjs_patch.js';

/** What the threads patch needs from tfjs-backend-wasm's public entry. */
export interface WasmPackage {
  BackendWasm: new (module: never) => tf.KernelBackend;
  setThreadsCount(threads: number): void;
}

export function logicalCores(): number {
  return (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
}

/** Threads used when none are asked for in a browser: every logical core, as tfjs does. */
export function defaultThreads(): number {
  return Math.max(1, logicalCores());
}

export function threadsProblem(): string | null {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  return isolated ? null : 'the page is not cross-origin isolated (COOP/COEP headers), so SharedArrayBuffer is off';
}

export function threadsPatch(threads: number, wasm: WasmPackage, _wasmPaths?: unknown): TfjsPatch {
  return {
    name: `wasm on ${threads} threads`,
    applies: () => null,
    install: () => {
      wasm.setThreadsCount(threads);
      return () => wasm.setThreadsCount(1);
    },
  };
}

/**
 * Starts one of mlrecipe's kernel helper threads (see kernels/wasm_simd/gemm_pool.ts) from its
 * classic-script source and sends it `init` (a module and a shared memory: cross-origin-isolated
 * pages only). A helper that fails to start never reports ready, so it is never used.
 */
export function spawnKernelWorker(source: string, init: unknown): { terminate(): void } {
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url);
  worker.onerror = () => {};
  worker.postMessage(init);
  return { terminate: () => worker.terminate() };
}

/** Browsers decide relaxed SIMD themselves (Chromium ships it). */
export function enableRelaxedSimd(): boolean {
  return false;
}
