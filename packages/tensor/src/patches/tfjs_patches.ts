// The one entry that owns every change mlrecipe makes to tfjs: the wasm kernels it adds or fixes
// (wasm_kernel_patches.ts) and the threaded wasm start in Node (wasm_threads/node.ts). Each set is
// installed all or nothing; `useBackend` calls it inside its fallback, so a tfjs release that
// breaks a patch makes that backend unavailable with the reason instead of breaking 'auto'.

import * as tf from '@tensorflow/tfjs-core';
import { threadsPatch, threadsProblem } from '#wasm-threads';
import { InvalidArgumentError, MlrecipeError } from '../errors.js';
import { prepareSharedGemm } from '../kernels/wasm_simd/shared_gemm.js';
import { prepareSimdKernels } from '../kernels/wasm_simd/simd_kernels.js';
import { installPatchSet, type PatchSet } from './tfjs_patch.js';

/** What installing mlrecipe's patches for a backend did. */
export interface PatchReport {
  /** Patches now in place (installed by this call or an earlier one). */
  readonly installed: readonly string[];
  /** Patches not needed here, each with why (tfjs fixed it, or another tfjs version). */
  readonly skipped: ReadonlyArray<{ readonly name: string; readonly reason: string }>;
}

/** The thread count wasm will start with, and why fewer than asked when so. */
export interface ThreadsPlan {
  readonly threads: number;
  readonly threadsNote?: string;
}

const kernelPatches = new Map<string, PatchSet>();

/**
 * Registers mlrecipe's kernels for a backend (wasm: the missing Conv2DBackpropFilter and fixes of
 * slow or wrong kernels), once, all or nothing. A patch whose precondition tfjs no longer meets
 * (a kernel renamed or removed) undoes the others and throws `BackendUnavailableError`.
 *
 * @example
 * const { installed, skipped } = await registerBackendFixes('wasm');
 */
export async function registerBackendFixes(backendName: string): Promise<PatchReport> {
  if (typeof backendName !== 'string' || !Object.hasOwn(tf.engine().registryFactory, backendName)) {
    throw new InvalidArgumentError(
      `registerBackendFixes: '${String(backendName)}' is not a registered tfjs backend; register or select it first (useBackend)`,
    );
  }
  const existing = kernelPatches.get(backendName);
  if (existing !== undefined) return existing;
  if (backendName !== 'wasm') return { installed: [], skipped: [] };
  const { version_wasm } = await import('@tensorflow/tfjs-backend-wasm');
  // Compiled before the kernels that run it are registered (see prepareSimdKernels).
  // The wasm kernels load only when wasm starts (a chunk of their own: pages on WebGL skip them).
  const { wasmKernelPatches } = await import('./wasm_kernel_patches.js');
  const simd = (await prepareSimdKernels()) === null ? await import('../kernels/wasm_simd/simd_patches.js') : null;
  if (simd !== null) await prepareSharedGemm();
  // Another call may have installed them while the import was awaited.
  const raced = kernelPatches.get(backendName);
  if (raced !== undefined) return raced;
  const set = installPatchSet(backendName, wasmKernelPatches(backendName, version_wasm, simd));
  kernelPatches.set(backendName, set);
  return set;
}

/**
 * Puts the backend's stock kernels back (for benchmarks that compare stock tfjs with mlrecipe in
 * one process). `registerBackendFixes` can register them again.
 */
export function unregisterBackendFixes(backendName: string): void {
  kernelPatches.get(backendName)?.uninstall();
  kernelPatches.delete(backendName);
}

/**
 * Prepares wasm's first start on `threads` threads (tfjs' XNNPACK kernels). `sharedMemory` asks
 * for tfjs' threaded build even on one such thread, so that mlrecipe's matrix products share
 * tensors with their helper threads in place instead of copying them (Node's default). When
 * threads cannot run here, or tfjs changed what the threaded start relies on, wasm starts
 * single-threaded and the plan says why; nothing is left changed. `wasmPaths` (as tfjs'
 * setWasmPaths takes it) says where the threaded build's .wasm file is served. `undo` removes the preparation
 * if the backend then fails to start.
 */
export async function prepareWasmThreads(
  threads: number,
  sharedMemory = false,
  wasmPaths?: string | Record<string, string>,
): Promise<ThreadsPlan & { undo(): void }> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const threaded = threads > 1 || sharedMemory;
  const problem = threaded ? threadsProblem() : null;
  if (!threaded || problem !== null) {
    // tfjs' own start reads this flag; in Node it would answer false anyway (tfjs issue #3830).
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    return { threads: 1, ...(threads > 1 ? { threadsNote: `single-threaded: ${problem}` } : {}), undo: () => {} };
  }
  try {
    const set = installPatchSet('wasm', [threadsPatch(threads, wasm, wasmPaths)]);
    return { threads, undo: set.uninstall };
  } catch (error) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    const cause = error instanceof MlrecipeError && error.cause instanceof Error ? error.cause.message : String(error);
    return {
      threads: 1,
      threadsNote:
        threads > 1
          ? `single-threaded: the multi-threaded start could not be prepared (${cause}); nothing was changed`
          : `tfjs' threaded build could not be prepared (${cause}); matrix products copy their operands to share them`,
      undo: () => {},
    };
  }
}
