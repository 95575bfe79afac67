// Forgetting useBackend(): entries that compute say so with a typed error at their own boundary
// (this file selects no backend on purpose).
import { BackendUnavailableError, createRng } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { dense, loadModel, sequential } from '../src/index.js';

it('init and loadModel name useBackend() when no backend was selected', async () => {
  const model = sequential([dense({ units: 2 })]);
  expect(() => model.init([3], createRng(1))).toThrow(BackendUnavailableError);
  expect(() => model.init([3], createRng(1))).toThrow(
    /^init: no tensor backend is selected; call `await useBackend\('auto'\)`/,
  );
  await expect(loadModel({ load: async () => ({}) })).rejects.toThrow(/^loadModel: no tensor backend is selected/);
});
