import { expect, it, vi } from 'vitest';
import { BackendUnavailableError, currentBackend, useBackend } from '../src/index.js';

// Its own file: a wasm backend that failed to initialise cannot be retried in the same process.
it('reports a backend that fails to initialise as BackendUnavailableError and keeps the previous one', async () => {
  await useBackend('cpu');
  // tfjs and emscripten log the failure themselves; keep the test output readable.
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  const thrown = await useBackend('wasm', { wasmPaths: '/nonexistent/wasm-binaries/' }).catch((e: unknown) => e);
  expect(warn).toHaveBeenCalledWith('Initialization of backend wasm failed');
  warn.mockRestore();
  error.mockRestore();
  expect(thrown).toBeInstanceOf(BackendUnavailableError);
  expect((thrown as Error).message).toMatch(/backend 'wasm' failed to initialise/);
  expect(currentBackend()).toBe('cpu');
});
