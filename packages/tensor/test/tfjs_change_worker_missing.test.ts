// Its own file: it simulates a tfjs-backend-wasm release whose threaded build lacks the worker file.
import { expect, it, vi } from 'vitest';
import { tf, useBackend } from '../src/index.js';

// '#wasm-threads' resolves to the built file in Node, so the built locator is the one to replace.
vi.mock('../dist/wasm_threads/tfjs_wasm_files.js', async (importOriginal) =>
  (await import('./fixtures/missing_worker_files.js')).withoutWorkerFile(
    await importOriginal<typeof import('../src/wasm_threads/tfjs_wasm_files.js')>(),
  ),
);

it("starts wasm single-threaded, with the reason, when tfjs' worker file is missing", async () => {
  const selection = await useBackend('auto', { threads: 2 });
  expect(selection.name).toBe('wasm');
  expect(selection.threads).toBe(1);
  expect(selection.threadsNote).toMatch(
    /^single-threaded: the multi-threaded start could not be prepared \(tfjs-backend-wasm's threaded build has no \/nonexistent\/tfjs-backend-wasm-threaded-simd\.worker\.js\); nothing was changed$/,
  );
  const y = tf.tidy(() => tf.matMul(tf.ones([8, 8]), tf.ones([8, 8]), false, true).dataSync()[0]);
  expect(y).toBe(8);
});
