// Its own file: wasm's thread count is fixed when it first starts in a process.
import { expect, it } from 'vitest';
import { availableBackends, useBackend } from '../src/index.js';

it('runs wasm on one thread in Node unless more are asked for, and says how to ask', async () => {
  const selection = await useBackend('wasm');
  expect(selection.threads).toBe(1);
  expect(selection.threadsNote).toBeUndefined();
  const wasm = (await availableBackends()).find((b) => b.name === 'wasm');
  expect(wasm?.note).toBe("multi-threaded: 1 thread(s) by default (useBackend('wasm', { threads }) for more)");
});
