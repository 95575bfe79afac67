// The one Vitest configuration; each package's vitest.config.mjs re-exports it.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // CI machines have 2 cores shared by several packages' suites and multi-threaded wasm:
    // a test that takes 1 s alone can take several under that load.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
