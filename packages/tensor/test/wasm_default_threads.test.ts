// Its own file: wasm's thread count is fixed when it first starts in a process.
import { cpus } from 'node:os';
import { expect, it } from 'vitest';
import { availableBackends, useBackend } from '../src/index.js';

it("runs tfjs' kernels on one thread in Node and shares matrix products among every core, and says how to ask", async () => {
  const selection = await useBackend('wasm');
  expect(selection.threads).toBe(1);
  expect(selection.matMulThreads).toBe(cpus().length);
  expect(selection.threadsNote).toBeUndefined();
  const wasm = (await availableBackends()).find((b) => b.name === 'wasm');
  expect(wasm?.note).toBe(
    `multi-threaded: by default matrix products on ${cpus().length} thread(s), other kernels on 1 (useBackend('wasm', { threads }) to set both)`,
  );
  const explicit = await useBackend('wasm', { threads: 1 });
  expect(explicit.threads).toBe(1);
});
