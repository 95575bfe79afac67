import { createRng } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { rateInterval } from '../src/index.js';

// Acceptance: on seeded simulated binomial data the 95 % Wilson interval covers the true rate in
// 95 ± 1 % of 20,000 trials, across n from 30 to 10,000 and rates from 0.5 % to 50 %. n and the rate
// are drawn log-uniformly; each count is a sum of n Bernoulli draws (not our binomial sampler, so the
// check does not lean on the code it would catch). Pure arithmetic: about 35 M uniforms.
it('the 95 % Wilson interval covers the true rate in 95 ± 1 % of 20,000 simulated trials', () => {
  const rng = createRng(2026);
  const trials = 20_000;
  let covered = 0;
  let smallN = 0;
  let smallRate = 0;
  for (let trial = 0; trial < trials; trial++) {
    const n = Math.round(Math.exp(rng.uniform(Math.log(30), Math.log(10_000))));
    const rate = Math.exp(rng.uniform(Math.log(0.005), Math.log(0.5)));
    let count = 0;
    for (let i = 0; i < n; i++) if (rng.uniform() < rate) count++;
    const { low, high } = rateInterval(count, n);
    if (low <= rate && rate <= high) covered++;
    if (n < 100) smallN++;
    if (rate < 0.01) smallRate++;
  }
  // The design reaches both ends of the ranges.
  expect(smallN).toBeGreaterThan(2000);
  expect(smallRate).toBeGreaterThan(2000);
  const coverage = covered / trials;
  expect(coverage).toBeGreaterThanOrEqual(0.94);
  expect(coverage).toBeLessThanOrEqual(0.96);
});
