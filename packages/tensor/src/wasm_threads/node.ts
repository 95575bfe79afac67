// Multi-threaded wasm in Node. tfjs-backend-wasm 4.22 ships a threaded SIMD build but never uses it
// in Node: its WASM_HAS_MULTITHREAD_SUPPORT flag answers false there (tfjs issue #3830), its
// pthread workers are created from a Blob URL that Node's Worker cannot open, and the C++ side caps
// threads at half of emscripten_num_logical_cores(). When threads are asked for, or mlrecipe's
// matrix products are shared among threads (the default: they then share tensors in place on the
// threaded build's shared memory), we replace the 'wasm' backend factory with one that creates the
// threaded emscripten module itself, with only the pthread workers XNNPACK will start, and builds
// tfjs' BackendWasm on it.
//
// Emscripten reaches for two process-wide globals: `Worker` (it assigns worker_threads.Worker to
// it, then constructs pthread workers from it) and `os.cpus()` (read once by a static C++
// constructor). We swap them only inside synchronous calls that end before any await: the factory
// call (which preallocates the worker pool), the runtime start (from emscripten's preRun hook to
// onRuntimeInitialized, one synchronous run()), and BackendWasm's constructor (which starts the
// threads). Code elsewhere in the process never sees them changed.
//
// tfjs internals relied on (checked by test/tfjs_internals.test.ts):
// - wasm-out/tfjs-backend-wasm-threaded-simd.{js,wasm,worker.js}: the emscripten factory, its
//   binary, and the worker source exported as `wasmWorkerContents`;
// - the C functions init_with_threads_count, get_threads_count, register_tensor, dispose_data and
//   dispose, which tfjs' init() wraps as `module.tfjs` before `new BackendWasm(module)`;
// - `tf.engine().registryFactory[name].priority`, to register our factory at tfjs' priority.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import v8 from 'node:v8';
import { Worker as NodeWorker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import type { TfjsPatch } from '../patches/tfjs_patch.js';
import { assertFilesExist, type ThreadedBuildFiles, threadedBuildFiles } from './tfjs_wasm_files.js';

/** What the threads patch needs from tfjs-backend-wasm's public entry. */
export interface WasmPackage {
  BackendWasm: new (module: never) => tf.KernelBackend;
  setThreadsCount(threads: number): void;
}

/** Logical cores here. */
export function logicalCores(): number {
  return os.cpus().length;
}

/**
 * Threads used when none are asked for: 1 in Node. XNNPACK's pool threads spin while they wait for
 * work, so a busy core stalls every step: with other work on the machine two threads ran the MLP
 * benchmark at about half the speed of one (2,127 against 4,353 samples/s when issue 17 was filed;
 * 881 against 1,615 in one short under-load run of bench/mlp.bench.mjs), and on the skinny matrices of
 * training steps they gain little even on an idle machine. Ask for more with `threads`.
 */
export function defaultThreads(): number {
  return 1;
}

/** Why threads cannot run here, or null. */
export function threadsProblem(): string | null {
  if (typeof SharedArrayBuffer === 'undefined') return 'SharedArrayBuffer is not available';
  return null;
}

/**
 * Replaces the 'wasm' backend factory with one that starts the threaded build, its XNNPACK kernels
 * on `threads` threads (1 when only its shared memory is wanted, for mlrecipe's matrix products).
 */
export function threadsPatch(
  threads: number,
  wasm: WasmPackage,
  wasmPaths?: string | Record<string, string>,
): TfjsPatch {
  return {
    name: `wasm on ${threads} threads in Node`,
    applies: () => null,
    install: () => {
      const files = threadedBuildFiles();
      assertFilesExist(files);
      const require = createRequire(import.meta.url);
      const factory = loadFactory(files, threads, require);
      const { wasmWorkerContents } = require(files.worker) as { wasmWorkerContents?: unknown };
      if (typeof factory !== 'function') throw new Error(`${files.factory} no longer exports the emscripten factory`);
      if (typeof wasmWorkerContents !== 'string')
        throw new Error(`${files.worker} no longer exports wasmWorkerContents`);
      const entry = tf.engine().registryFactory.wasm;
      if (entry === undefined) throw new Error("tfjs-backend-wasm registered no 'wasm' backend factory");
      if (tf.engine().registry.wasm !== undefined) throw new Error('the wasm backend is already running');
      const ours = () =>
        startThreadedBackend({
          threads,
          wasm,
          files,
          factory: factory as EmscriptenFactory,
          wasmWorkerContents,
          wasmPaths,
        });
      tf.removeBackend('wasm');
      tf.registerBackend('wasm', ours, entry.priority);
      return () => {
        // Once running, the backend no longer needs its factory: removing it would dispose the backend.
        if (tf.engine().registry.wasm !== undefined) return;
        tf.removeBackend('wasm');
        tf.registerBackend('wasm', entry.factory, entry.priority);
      };
    },
  };
}

interface EmscriptenModule {
  cwrap(name: string, returnType: string | null, argTypes: string[]): (...args: number[]) => number;
  tfjs?: unknown;
  /** Emscripten's pthread pool (`Module["PThread"]`): idle workers and running ones. */
  PThread?: { unusedWorkers: Array<{ terminate(): unknown }>; runningWorkers: unknown[] };
}
type EmscriptenFactory = (config: Record<string, unknown>) => Promise<EmscriptenModule>;

async function startThreadedBackend(options: {
  threads: number;
  wasm: WasmPackage;
  files: ThreadedBuildFiles;
  factory: EmscriptenFactory;
  wasmWorkerContents: string;
  wasmPaths: string | Record<string, string> | undefined;
}): Promise<tf.KernelBackend> {
  const { threads, wasm, files, factory } = options;
  // Escape the "\n" escapes that became real newlines again, as tfjs does before making its Blob.
  const workerSource = options.wasmWorkerContents.replace(/\n/g, '\\n');
  const Worker = pthreadWorkerClass(workerSource);
  const cpus = swappableCpus(threads);
  const module = await new Promise<EmscriptenModule>((resolve, reject) => {
    const ready = withGlobalWorker(Worker, () =>
      factory({
        // Workers load the factory from this file (tfjs passes a Blob, which Node cannot import).
        mainScriptUrlOrBlob: files.factory,
        // Where useBackend's wasmPaths say, as tfjs' setWasmPaths does; else the installed package.
        locateFile: (path: string) =>
          typeof options.wasmPaths === 'string'
            ? `${options.wasmPaths}${path}`
            : (options.wasmPaths?.[path] ?? `${files.folder}/${path}`),
        // Looked up when printing, so a caller that quiets console.error (a test) quiets this too.
        printErr: (text: string) => console.error(text),
        preRun: [cpus.swap],
        onRuntimeInitialized: cpus.restore,
        onAbort: (what: unknown) => {
          cpus.restore();
          reject(new Error(`the threaded wasm build aborted while starting: ${String(what)}`));
        },
      }),
    );
    ready.then(resolve, (error: unknown) => {
      cpus.restore();
      reject(error);
    });
  });
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  wasm.setThreadsCount(threads);
  const backend = withGlobalWorker(Worker, () => new wasm.BackendWasm(module as never));
  // On one XNNPACK thread no pthread ever starts: the one worker emscripten needed to start is
  // ended (about 10 MiB of RSS). Should a pthread be wanted later, emscripten makes a new worker.
  if (threads === 1) endIdlePthreadWorkers(module);
  return backend;
}

function endIdlePthreadWorkers(module: EmscriptenModule): void {
  const pool = module.PThread;
  if (pool === undefined || !Array.isArray(pool.unusedWorkers)) return;
  for (const worker of pool.unusedWorkers.splice(0)) void worker.terminate();
}

/**
 * emscripten_num_logical_cores() reads os.cpus(); XNNPACK's pool is capped at half of it, so while
 * the runtime starts it reports twice the wanted thread count.
 */
function swappableCpus(threads: number): { swap(): void; restore(): void } {
  const real = os.cpus;
  return {
    swap: () => {
      os.cpus = () => {
        const cpus = real();
        return Array.from({ length: 2 * threads }, (_, i) => cpus[i % cpus.length]!);
      };
    },
    restore: () => {
      os.cpus = real;
    },
  };
}

/** Runs `fn` with `globalThis.Worker` reading as `Worker`; emscripten's own assignment to it is ignored. */
function withGlobalWorker<T>(Worker: typeof NodeWorker, fn: () => T): T {
  const previous = Object.getOwnPropertyDescriptor(globalThis, 'Worker');
  Object.defineProperty(globalThis, 'Worker', { configurable: true, get: () => Worker, set: () => {} });
  try {
    return fn();
  } finally {
    if (previous === undefined) delete (globalThis as { Worker?: unknown }).Worker;
    else Object.defineProperty(globalThis, 'Worker', previous);
  }
}

function pthreadWorkerClass(workerSource: string): typeof NodeWorker {
  return class WasmPthreadWorker extends NodeWorker {
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
  };
}

/**
 * Starts one of mlrecipe's kernel helper threads (see kernels/wasm_simd/gemm_pool.ts) from its
 * classic-script source and sends it `init`. Unreferenced: it sleeps between products and must not
 * keep the process alive. A helper that fails to start never reports ready, so it is never used.
 */
export function spawnKernelWorker(source: string, init: unknown): { terminate(): void } {
  const worker = new NodeWorker(source, {
    eval: true,
    execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type')),
  });
  worker.unref();
  worker.on('error', () => {});
  worker.postMessage(init);
  return { terminate: () => void worker.terminate() };
}

/** What the factory's source says to preallocate eight pthread workers (emscripten 3.1). */
export const PTHREAD_POOL_SOURCE = 'var pthreadPoolSize=8;';

/**
 * The emscripten factory, preallocating only the pthread workers XNNPACK will start (threads − 1,
 * at least 1: with none this emscripten never finishes starting). Each worker is a V8 isolate with
 * the module compiled: the stock eight cost about 70 MiB of RSS, which made the threaded build too
 * dear for Node's default. A factory whose source no longer says so is loaded as it is.
 */
function loadFactory(files: ThreadedBuildFiles, threads: number, require: NodeRequire): unknown {
  const source = readFileSync(files.factory, 'utf8');
  if (!source.includes(PTHREAD_POOL_SOURCE)) return require(files.factory);
  const poolSize = Math.max(1, threads - 1);
  const module = { exports: {} as unknown };
  const run = new Function(
    'module',
    'exports',
    'require',
    '__filename',
    '__dirname',
    source.replace(PTHREAD_POOL_SOURCE, `var pthreadPoolSize=${poolSize};`),
  );
  run(module, module.exports, require, files.factory, files.folder);
  return module.exports;
}

/**
 * Turns on V8's relaxed SIMD (fused multiply-add) where this Node keeps it behind a flag (Node 20;
 * Node ≥ 22 and Chromium have it by default), so mlrecipe's GEMM runs its relaxed build: the MLP
 * bench trained 1.18× faster on one thread with it. The flag only lets more wasm modules validate;
 * nothing else changes. `MLRECIPE_WASM_RELAXED_SIMD=0` leaves the flag alone (the SIMD128 build
 * runs, with bits that match tfjs' XNNPACK where fused multiply-add would not).
 */
export function enableRelaxedSimd(): boolean {
  if (process.env.MLRECIPE_WASM_RELAXED_SIMD === '0') return false;
  try {
    v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
    return true;
  } catch {
    return false;
  }
}
