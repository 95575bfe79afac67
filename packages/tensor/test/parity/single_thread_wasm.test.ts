// Every parity case on single-threaded wasm (the other parity files run wasm on 2 threads).
import { expect, it } from 'vitest';
import { expectNoLeaks, useBackend } from '../../src/index.js';
import { compareToCpu } from '../../src/testing/parity.js';
import { MAX_POOL_TIES_CASE, PARITY_CASES } from '../../src/testing/parity_cases.js';
import { WASM_TOLERANCE } from './parity_suite.js';

it.each([...PARITY_CASES, MAX_POOL_TIES_CASE].map((c) => [`${c.family}: ${c.name}`, c] as const))(
  'single-threaded wasm: %s',
  async (_, c) => {
    const selection = await useBackend('wasm', { threads: 1 });
    expect(selection.threads).toBe(1);
    const result = await expectNoLeaks(() => compareToCpu(c, 'wasm', WASM_TOLERANCE));
    expect(result.detail).toBeUndefined();
  },
);
