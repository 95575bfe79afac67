// Its own file: wasm's thread count is fixed when it first starts in a process.
import { cpus } from 'node:os';
import { expect, it } from 'vitest';
import { availableBackends, tf, useBackend } from '../src/index.js';
import { wasmMemoryOf } from '../src/kernels/wasm_simd/simd_kernels.js';

/** Emscripten's pthread workers of the threaded build (idle ones and running ones). */
function pthreadWorkers(): number {
  const { PThread } = (
    tf.backend() as unknown as { wasm: { PThread: { unusedWorkers: unknown[]; runningWorkers: unknown[] } } }
  ).wasm;
  return PThread.unusedWorkers.length + PThread.runningWorkers.length;
}

it("runs tfjs' kernels on one thread in Node and shares matrix products among every core, and says how to ask", async () => {
  const selection = await useBackend('wasm');
  expect(selection.threads).toBe(1);
  expect(selection.matMulThreads).toBe(cpus().length);
  expect(selection.threadsNote).toBeUndefined();
  // tfjs' threaded build, so the products share tensors in place, without emscripten's eight idle
  // pthread workers (each a V8 isolate: about 9 MiB of RSS): the one it needs to start is ended.
  expect(wasmMemoryOf(tf.backend())?.buffer).toBeInstanceOf(SharedArrayBuffer);
  expect(pthreadWorkers()).toBe(0);
  const wasm = (await availableBackends()).find((b) => b.name === 'wasm');
  expect(wasm?.note).toBe(
    `multi-threaded: by default matrix products on ${cpus().length} thread(s), other kernels on 1 (useBackend('wasm', { threads }) to set both)`,
  );
  const explicit = await useBackend('wasm', { threads: 1 });
  expect(explicit.threads).toBe(1);
});
