import { defaultThreads, logicalCores } from '#wasm-threads';
import { InvalidArgumentError } from './errors.js';
import { setMatMulThreads } from './kernels/wasm_simd/mat_mul_threads.js';
import { prepareWasmThreads, registerBackendFixes } from './patches/tfjs_patches.js';
import type { Runtime } from './runtime.js';
import { describeTensorflowBackend, identifyTensorflowBackend, notCuda } from './tensorflow_identity.js';

/** A backend mlrecipe knows how to select. */
export type BackendName = 'cpu' | 'wasm' | 'webgl' | 'webgpu' | 'cuda' | 'tensorflow';

/** Options for loading a backend. */
export interface BackendOptions {
  /**
   * wasm only: where the `.wasm` binaries are served, passed to tfjs `setWasmPaths` (a directory
   * URL ending in `/`, or a map of file names to URLs). Not needed in Node.
   */
  wasmPaths?: string | Record<string, string>;
  /**
   * wasm only: threads for kernels. A number n runs tfjs' XNNPACK kernels on a pool of n threads
   * and shares mlrecipe's matrix products among n threads. Default `'auto'`: matrix products on
   * every logical core (their helpers never make the caller wait, so a busy core costs nothing;
   * see kernels/wasm_simd/gemm_pool.ts), and XNNPACK on 1 thread in Node (its pool threads spin
   * while they wait, and under load two ran at half the speed of one; see wasm_threads/node.ts),
   * every logical core in browsers. Takes effect when the wasm backend first initialises in a
   * process or page; in Node, mlrecipe enables the threaded build that tfjs leaves off there when
   * n > 1. 1 means single-threaded.
   */
  threads?: number | 'auto';
}

/** What a backend reports about itself once running. */
export interface BackendDetails {
  /** wasm: the threads of tfjs' XNNPACK kernels. */
  readonly threads?: number;
  /** wasm: the threads mlrecipe's matrix products share (the calling one included). */
  readonly matMulThreads?: number;
  /** Why it runs with fewer threads than asked, when it does. */
  readonly threadsNote?: string;
}

/** The thread count `threads` asks for: 'auto' (or nothing) is 1 in Node, every logical core in browsers. */
export function resolveThreads(threads: BackendOptions['threads']): number {
  if (threads === undefined || threads === 'auto') return defaultThreads();
  if (!(Number.isInteger(threads) && threads >= 1 && threads <= 64)) {
    throw new InvalidArgumentError(`useBackend: threads must be 'auto' or an integer in [1, 64], got ${threads}`);
  }
  return threads;
}

/**
 * Threads wasm's matrix products share: every logical core for 'auto' (only where shared memory
 * exists; otherwise they run on the calling thread), else the number asked for.
 */
export function resolveMatMulThreads(threads: BackendOptions['threads']): number {
  if (typeof SharedArrayBuffer === 'undefined') return 1;
  if (threads === undefined || threads === 'auto') return Math.max(1, logicalCores());
  return resolveThreads(threads);
}

export interface BackendSpec {
  readonly name: BackendName;
  /** The name the backend registers under in tfjs (tfjs-node and tfjs-node-gpu both say 'tensorflow'). */
  readonly tfjsName: string;
  readonly packageName: string;
  readonly runtimes: readonly Runtime[];
  /** Optional peers are never installed by mlrecipe: the user installs them. */
  readonly optionalPeer: boolean;
  readonly installHint: string;
  /** Why the backend cannot run in this environment even when installed, or null. */
  readonly environmentProblem: (runtime: Runtime) => string | null | Promise<string | null>;
  /** Imports the package, which registers the backend with tfjs-core. */
  readonly load: (options: BackendOptions) => Promise<void>;
  /**
   * Installs mlrecipe's tfjs patches for this backend after its package loaded and before it starts
   * (patches/tfjs_patches.ts). Throws `BackendUnavailableError`, having changed nothing, when tfjs
   * is not what a patch expects. `undo` removes what only matters for a start that then failed;
   * `describe` reports the running backend.
   */
  /**
   * Checks the running backend object (`tf.backend()`) is what the name promises: a problem makes
   * the selection fail (and 'auto' move on); a note is added to the selection's reason.
   */
  readonly verify?: (backend: unknown) => { problem: string } | { note: string };
  readonly patch?: (
    options: BackendOptions,
    firstStart: boolean,
  ) => Promise<{ undo(): void; describe(): Promise<BackendDetails> } | undefined>;
}

// Optional peers are imported through a variable so bundlers and Node do not try to resolve them
// when the app has not installed them; the user's own static import registers them instead.
const importOptional = (specifier: string): Promise<unknown> =>
  import(/* @vite-ignore */ /* webpackIgnore: true */ specifier);

const libtensorflowNote =
  'its install step downloads the libtensorflow binaries (about 300 MB), so it needs network access at install time';

export const BACKEND_SPECS: Readonly<Record<BackendName, BackendSpec>> = {
  cuda: {
    name: 'cuda',
    tfjsName: 'tensorflow',
    packageName: '@tensorflow/tfjs-node-gpu',
    runtimes: ['node'],
    optionalPeer: true,
    installHint: `npm install @tensorflow/tfjs-node-gpu@^4.22.0 (Linux x64 with CUDA 11.x and cuDNN 8; ${libtensorflowNote})`,
    environmentProblem: () => null,
    load: async () => {
      await importOptional('@tensorflow/tfjs-node-gpu');
    },
    verify: (backend) => {
      const identity = identifyTensorflowBackend(backend);
      const problem = notCuda(identity);
      return problem === null ? { note: describeTensorflowBackend(identity) } : { problem: `'tensorflow' ${problem}` };
    },
  },
  tensorflow: {
    name: 'tensorflow',
    tfjsName: 'tensorflow',
    packageName: '@tensorflow/tfjs-node',
    runtimes: ['node'],
    optionalPeer: true,
    installHint: `npm install @tensorflow/tfjs-node@^4.22.0 (${libtensorflowNote})`,
    environmentProblem: () => null,
    load: async () => {
      await importOptional('@tensorflow/tfjs-node');
    },
    verify: (backend) => ({ note: describeTensorflowBackend(identifyTensorflowBackend(backend)) }),
  },
  webgpu: {
    name: 'webgpu',
    tfjsName: 'webgpu',
    packageName: '@tensorflow/tfjs-backend-webgpu',
    runtimes: ['browser'],
    optionalPeer: true,
    installHint:
      "npm install @tensorflow/tfjs-backend-webgpu@^4.22.0, then import '@tensorflow/tfjs-backend-webgpu' in your app",
    environmentProblem: async () => {
      const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator?.gpu;
      if (gpu === undefined) return 'this browser has no WebGPU (navigator.gpu is undefined)';
      return (await gpu.requestAdapter()) === null ? 'WebGPU is present but no GPU adapter is available' : null;
    },
    load: async () => {
      await importOptional('@tensorflow/tfjs-backend-webgpu');
    },
  },
  webgl: {
    name: 'webgl',
    tfjsName: 'webgl',
    packageName: '@tensorflow/tfjs-backend-webgl',
    runtimes: ['browser'],
    optionalPeer: true,
    installHint:
      "npm install @tensorflow/tfjs-backend-webgl@^4.22.0, then import '@tensorflow/tfjs-backend-webgl' in your app",
    environmentProblem: () => {
      type Canvas = { getContext(kind: string): unknown };
      const g = globalThis as {
        document?: { createElement(tag: 'canvas'): Canvas };
        OffscreenCanvas?: new (width: number, height: number) => Canvas;
      };
      // A page has a document; a worker has OffscreenCanvas (tfjs-backend-webgl uses it there).
      const canvas =
        g.document?.createElement('canvas') ?? (g.OffscreenCanvas ? new g.OffscreenCanvas(1, 1) : undefined);
      const ok = canvas !== undefined && (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) != null;
      return ok
        ? null
        : 'no WebGL context can be created here (blocked, no GPU driver, or a worker without OffscreenCanvas)';
    },
    load: async () => {
      await importOptional('@tensorflow/tfjs-backend-webgl');
    },
  },
  wasm: {
    name: 'wasm',
    tfjsName: 'wasm',
    packageName: '@tensorflow/tfjs-backend-wasm',
    runtimes: ['node', 'browser'],
    optionalPeer: false,
    installHint: 'npm install @tensorflow/tfjs-backend-wasm@^4.22.0 (a regular dependency of @mlrecipe/tensor)',
    environmentProblem: () => (typeof WebAssembly === 'object' ? null : 'this runtime has no WebAssembly'),
    load: async (options) => {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      if (options.wasmPaths !== undefined) wasm.setWasmPaths(options.wasmPaths);
    },
    patch: async (options, firstStart) => {
      const threads = resolveThreads(options.threads);
      await registerBackendFixes('wasm');
      if (!firstStart) return undefined;
      const matMulThreads = resolveMatMulThreads(options.threads);
      // Matrix products on several threads share tensors in place on the threaded build's memory.
      const plan = await prepareWasmThreads(threads, matMulThreads > 1, options.wasmPaths);
      setMatMulThreads(matMulThreads);
      return {
        undo: () => {
          setMatMulThreads(1);
          plan.undo();
        },
        describe: async () => {
          const actual = (await import('@tensorflow/tfjs-backend-wasm')).getThreadsCount();
          return {
            threads: actual,
            matMulThreads,
            ...(plan.threadsNote === undefined ? {} : { threadsNote: plan.threadsNote }),
          };
        },
      };
    },
  },
  cpu: {
    name: 'cpu',
    tfjsName: 'cpu',
    packageName: '@tensorflow/tfjs-backend-cpu',
    runtimes: ['node', 'browser'],
    optionalPeer: false,
    installHint: 'npm install @tensorflow/tfjs-backend-cpu@^4.22.0 (a regular dependency of @mlrecipe/tensor)',
    environmentProblem: () => null,
    load: async () => {
      await import('@tensorflow/tfjs-backend-cpu');
    },
  },
};

/** The order `'auto'` tries, best first. */
export const AUTO_ORDER: Readonly<Record<Runtime, readonly BackendName[]>> = {
  node: ['cuda', 'tensorflow', 'wasm', 'cpu'],
  browser: ['webgpu', 'webgl', 'wasm', 'cpu'],
};

export const BACKEND_NAMES = Object.keys(BACKEND_SPECS) as BackendName[];
