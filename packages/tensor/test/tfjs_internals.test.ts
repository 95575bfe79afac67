// The tfjs internals mlrecipe's patches rely on (listed in src/wasm_threads/node.ts and
// src/patches/). When a tfjs upgrade changes one, this file fails and says which, before a user's
// training does.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tf } from '../src/index.js';
import * as simd from '../src/kernels/wasm_simd/simd_patches.js';
import { WASM_FIXES_WRITTEN_FOR, wasmKernelPatches } from '../src/patches/wasm_kernel_patches.js';
import { PTHREAD_POOL_SOURCE } from '../src/wasm_threads/node.js';
import { threadedBuildFiles } from '../src/wasm_threads/tfjs_wasm_files.js';

describe('tfjs internals the patches rely on', () => {
  it('tfjs-backend-wasm is the release the kernel fixes were written for (else: re-run the parity suite, then update WASM_FIXES_WRITTEN_FOR)', async () => {
    const { version_wasm } = await import('@tensorflow/tfjs-backend-wasm');
    expect(version_wasm.startsWith(WASM_FIXES_WRITTEN_FOR)).toBe(true);
    expect(wasmKernelPatches('wasm', version_wasm, simd).map((p) => p.applies())).toEqual(
      wasmKernelPatches('wasm', version_wasm, simd).map(() => null),
    );
  });

  it('registers a wasm backend factory with a priority, and exports BackendWasm (with reference counts) and the thread count setters', async () => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    expect(typeof tf.engine().registryFactory.wasm?.priority).toBe('number');
    expect(typeof wasm.BackendWasm).toBe('function');
    expect(typeof wasm.setThreadsCount).toBe('function');
    expect(typeof wasm.getThreadsCount).toBe('function');
    // The shared Identity counts references on the wasm backend's data (kernels/identity_shared.ts).
    expect(typeof wasm.BackendWasm.prototype.incRef).toBe('function');
    expect(typeof wasm.BackendWasm.prototype.refCount).toBe('function');
  });

  it('ships the threaded build as a CommonJS factory, a worker exporting its source, and a binary with the C functions tfjs wraps', async () => {
    const files = threadedBuildFiles();
    const require = createRequire(import.meta.url);
    expect(typeof require(files.factory)).toBe('function');
    expect(typeof (require(files.worker) as { wasmWorkerContents?: unknown }).wasmWorkerContents).toBe('string');
    const binary = readFileSync(join(files.folder, 'tfjs-backend-wasm-threaded-simd.wasm'));
    const exported = WebAssembly.Module.exports(await WebAssembly.compile(binary)).map((e) => e.name);
    for (const name of [
      'init',
      'init_with_threads_count',
      'get_threads_count',
      'register_tensor',
      'dispose_data',
      'dispose',
    ]) {
      expect(exported).toContain(name);
    }
  });

  it('runs the threaded factory with emscripten hooks the threads patch uses (preRun, onRuntimeInitialized, mainScriptUrlOrBlob)', () => {
    const source = readFileSync(threadedBuildFiles().factory, 'utf8');
    for (const hook of [
      '"preRun"',
      '"onRuntimeInitialized"',
      '"mainScriptUrlOrBlob"',
      'require("os").cpus()',
      'global.Worker=',
    ]) {
      expect(source).toContain(hook);
    }
  });

  it('preallocates its pthread workers from one line node.ts trims to the threads XNNPACK starts (else all eight start: about 70 MiB more)', () => {
    const source = readFileSync(threadedBuildFiles().factory, 'utf8');
    expect(source.split(PTHREAD_POOL_SOURCE)).toHaveLength(2);
    expect(source).toContain('Module["PThread"]=PThread');
  });
});
