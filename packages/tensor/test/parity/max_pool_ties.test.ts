import { expect, it } from 'vitest';
import { expectNoLeaks, useBackend } from '../../src/index.js';
import { compareToCpu } from '../../src/testing/parity.js';
import { MAX_POOL_TIES_CASE } from '../../src/testing/parity_cases.js';
import { WASM_TOLERANCE } from './parity_suite.js';

it('wasm (2 threads) routes max-pool gradients of tied windows to the first maximum, as cpu does', async () => {
  await useBackend('wasm', { threads: 2 });
  const result = await expectNoLeaks(() => compareToCpu(MAX_POOL_TIES_CASE, 'wasm', WASM_TOLERANCE));
  expect(result.detail).toBeUndefined();
  expect(result.ok).toBe(true);
});
