// The sequence layers and CTC on wasm against cpu (browser_parity.test.ts runs them on WebGL).
import { expectNoLeaks, useBackend } from '@mlrecipe/tensor';
import { compareToCpu } from '@mlrecipe/tensor/parity';
import { beforeAll, expect, it } from 'vitest';
import { NN_PARITY_CASES } from './parity/nn_parity_cases.js';

// As tensor's parity suite: wasm's libm and XNNPACK's summation order differ from cpu's JavaScript.
const WASM_TOLERANCE = { rtol: 1e-5, atol: 1e-6 };

beforeAll(async () => {
  await useBackend('wasm');
});

it.each(NN_PARITY_CASES.map((c) => [c.name, c] as const))('wasm matches cpu: %s', async (_, c) => {
  const result = await expectNoLeaks(() => compareToCpu(c, 'wasm', WASM_TOLERANCE));
  expect(result.detail).toBeUndefined();
  expect(result.ok).toBe(true);
});

it('covers every sequence layer family and the CTC loss', () => {
  expect(new Set(NN_PARITY_CASES.map((c) => c.family))).toEqual(
    new Set(['simpleRnn', 'gru', 'lstm', 'bidirectional', 'embedding', 'conv1d', 'layerNorm', 'ctcLoss']),
  );
});
