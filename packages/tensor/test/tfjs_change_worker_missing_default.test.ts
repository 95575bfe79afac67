// Its own file: it simulates a tfjs-backend-wasm release whose threaded build lacks the worker file,
// with the default threads (Node: the threaded build only for the matrix products' shared memory).
import { cpus } from 'node:os';
import { expect, it, vi } from 'vitest';
import { tf, useBackend } from '../src/index.js';
import { wasmMemoryOf } from '../src/kernels/wasm_simd/simd_kernels.js';

// '#wasm-threads' resolves to the built file in Node, so the built locator is the one to replace.
vi.mock('../dist/wasm_threads/tfjs_wasm_files.js', async (importOriginal) =>
  (await import('./fixtures/missing_worker_files.js')).withoutWorkerFile(
    await importOriginal<typeof import('../src/wasm_threads/tfjs_wasm_files.js')>(),
  ),
);

it("starts tfjs' single-threaded build, and shares matrix products by copying, with the reason, when the threaded build's worker file is missing", async () => {
  const selection = await useBackend('auto');
  expect(selection.name).toBe('wasm');
  expect(selection.threads).toBe(1);
  expect(selection.matMulThreads).toBe(cpus().length);
  expect(selection.threadsNote).toBe(
    "tfjs' threaded build could not be prepared (tfjs-backend-wasm's threaded build has no /nonexistent/tfjs-backend-wasm-threaded-simd.worker.js); matrix products copy their operands to share them",
  );
  expect(wasmMemoryOf(tf.backend())?.buffer).toBeInstanceOf(ArrayBuffer);
  // A product large enough to share: every entry of ones(128×784)·ones(784×256) is 784.
  const values = tf.tidy(() => tf.matMul(tf.ones([128, 784]), tf.ones([784, 256])).dataSync());
  expect(values.every((v) => v === 784)).toBe(true);
});
