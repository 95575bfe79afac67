import { createRng, expectNoLeaks, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { makeBlobs, trainLogisticRegression } from '../src/train_logistic_regression.js';

it('separates two blobs, gives the same result for the same seed, and leaks nothing', async () => {
  await useBackend('wasm');
  const run = () =>
    expectNoLeaks(() =>
      trainLogisticRegression(makeBlobs(createRng(42), 1000), { steps: 300, learningRate: 0.5, logEvery: 50 }),
    );
  const first = run();
  // Blobs at ±1.5 with unit variance: the Bayes classifier x1 + x2 > 0 errs with probability
  // Φ(-1.5·√2) = Φ(-2.121) ≈ 0.0169, so accuracy near 98.3 %.
  expect(first.accuracy).toBeGreaterThan(0.965);
  expect(first.losses[first.losses.length - 1]).toBeLessThan(first.losses[0]! / 5);
  expect(first.weights[0]).toBeGreaterThan(0);
  expect(first.weights[1]).toBeGreaterThan(0);
  expect(run()).toEqual(first);
});
