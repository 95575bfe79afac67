// Multi-threaded wasm in Node. tfjs-backend-wasm 4.22 ships a threaded SIMD build but never uses it
// in Node: its WASM_HAS_MULTITHREAD_SUPPORT flag answers false there (tfjs issue #3830), its
// pthread workers are created from a Blob URL that Node's Worker cannot open, and the C++ side caps
// threads at half of emscripten_num_logical_cores(). For the duration of the backend's
// initialisation only, we (1) set the flag, (2) give emscripten a Worker class that runs the
// worker source tfjs ships (wasm-out/*.worker.js) with eval and loads the standalone threaded
// factory, and (3) report twice the wanted thread count as logical cores, so the cap lands on it.

import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { Worker as NodeWorker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';

export interface ThreadSetup {
  /** Undoes the temporary changes once the backend has initialised. */
  restore(): void;
}

/** Logical cores here: the default thread count. */
export function logicalCores(): number {
  return os.cpus().length;
}

/** Why threads cannot run here, or null. */
export function threadsProblem(): string | null {
  if (typeof SharedArrayBuffer === 'undefined') return 'SharedArrayBuffer is not available';
  return null;
}

export function prepareThreads(threads: number, setThreadsCount: (n: number) => void): ThreadSetup {
  if (threads <= 1) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    return { restore: () => {} };
  }
  const require = createRequire(import.meta.url);
  const folder = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
  // The worker file is a CommonJS module exporting the worker source as a template string whose
  // "\n" escapes became real newlines: escape them again, as tfjs does before making its Blob.
  const workerSource = (
    require(join(folder, 'tfjs-backend-wasm-threaded-simd.worker.js')) as { wasmWorkerContents: string }
  ).wasmWorkerContents.replace(/\n/g, '\\n');
  const factoryFile = join(folder, 'tfjs-backend-wasm-threaded-simd.js');

  class WasmPthreadWorker extends NodeWorker {
    constructor() {
      // The worker source is a classic script; a parent started with --input-type=module would make
      // Node parse it as ESM (no require), so that flag is not passed on.
      super(workerSource, { eval: true, execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type')) });
      super.unref();
    }

    // XNNPACK's pool threads run only while the main thread waits for them synchronously, so they
    // never need to keep Node's event loop alive; emscripten refs a worker while its pthread lives,
    // which would keep every process that used threaded wasm from exiting.
    override ref(): void {}

    override postMessage(message: unknown, transfer?: readonly import('node:worker_threads').TransferListItem[]): void {
      const m = message as { cmd?: string } | null;
      // tfjs hands the worker its factory as a Blob; workers in Node load it from the file instead.
      super.postMessage(m?.cmd === 'load' ? { ...m, urlOrBlob: factoryFile } : message, transfer);
    }
  }

  const previousWorker = Object.getOwnPropertyDescriptor(globalThis, 'Worker');
  Object.defineProperty(globalThis, 'Worker', {
    configurable: true,
    get: () => WasmPthreadWorker,
    set: () => {}, // emscripten assigns worker_threads.Worker here; keep ours
  });
  const realCpus = os.cpus;
  os.cpus = () => {
    const cpus = realCpus();
    return Array.from({ length: 2 * threads }, (_, i) => cpus[i % cpus.length]!);
  };
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
  return {
    restore: () => {
      os.cpus = realCpus;
      if (previousWorker === undefined) delete (globalThis as { Worker?: unknown }).Worker;
      else Object.defineProperty(globalThis, 'Worker', previousWorker);
    },
  };
}
