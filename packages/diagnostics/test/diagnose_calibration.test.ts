import { createRng } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { diagnose } from '../src/index.js';

// Seeded simulations: do the diagnosis' intervals and its tie test mean what they say? Counts are
// sums of Bernoulli draws (pure arithmetic, a few million uniforms).
function simulator(seed: number) {
  const rng = createRng(seed);
  return {
    draw: (n: number, p: number) => {
      let count = 0;
      for (let i = 0; i < n; i++) if (rng.uniform() < p) count++;
      return count;
    },
    logUniform: (low: number, high: number) => Math.exp(rng.uniform(Math.log(low), Math.log(high))),
  };
}

it('the 95 % gap intervals cover the true gaps in 95 ± 1.5 % of 4,000 simulated diagnoses', () => {
  const { draw, logUniform } = simulator(7);
  const trials = 4000;
  let varianceCovered = 0;
  let biasCovered = 0;
  for (let t = 0; t < trials; t++) {
    const nTrain = Math.round(logUniform(50, 3000));
    const nDev = Math.round(logUniform(50, 3000));
    const pTrain = logUniform(0.01, 0.3);
    const pDev = logUniform(0.01, 0.3);
    const d = diagnose({
      humanLevel: 0.005,
      train: { errors: draw(nTrain, pTrain), n: nTrain },
      dev: { errors: draw(nDev, pDev), n: nDev },
    });
    const variance = d.gaps.variance!;
    const bias = d.gaps['avoidable-bias']!;
    if (variance.low! <= pDev - pTrain && pDev - pTrain <= variance.high!) varianceCovered++;
    if (bias.low! <= pTrain - 0.005 && pTrain - 0.005 <= bias.high!) biasCovered++;
  }
  for (const covered of [varianceCovered, biasCovered]) {
    expect(covered / trials).toBeGreaterThanOrEqual(0.935);
    expect(covered / trials).toBeLessThanOrEqual(0.965);
  }
});

it('two equal true gaps are declared different in about 5 % of diagnoses (the tie test’s level)', () => {
  // Human 2 %, train 6 %, dev 10 %: avoidable bias and variance are both 4 points.
  const { draw } = simulator(11);
  const trials = 4000;
  let separated = 0;
  for (let t = 0; t < trials; t++) {
    const d = diagnose({
      humanLevel: 0.02,
      train: { errors: draw(500, 0.06), n: 500 },
      dev: { errors: draw(500, 0.1), n: 500 },
    });
    if (d.focus !== 'none' && d.tiedWith.length === 0) separated++;
  }
  expect(separated / trials).toBeGreaterThanOrEqual(0.035);
  expect(separated / trials).toBeLessThanOrEqual(0.065);
});

it('at the sizes `enlarge` advises, the gaps are told apart in about 80 % of diagnoses (the power it promises)', () => {
  // Observed at 500 each: human 2 %, train 6 %, dev 9 % (bias 4 points, variance 3): tied.
  const advised = diagnose({ humanLevel: 0.02, train: { errors: 30, n: 500 }, dev: { errors: 45, n: 500 } });
  const size = (split: string) => advised.enlarge.find((e) => e.split === split)!.to;
  const { draw } = simulator(8);
  const trials = 1000;
  let told = 0;
  for (let t = 0; t < trials; t++) {
    const d = diagnose({
      humanLevel: 0.02,
      train: { errors: draw(size('train'), 0.06), n: size('train') },
      dev: { errors: draw(size('dev'), 0.09), n: size('dev') },
    });
    if (d.focus === 'avoidable-bias' && d.tiedWith.length === 0) told++;
  }
  // 80 % power by construction; the Agresti–Coull variances at 500 examples make it slightly higher.
  expect(told / trials).toBeGreaterThanOrEqual(0.75);
  expect(told / trials).toBeLessThanOrEqual(0.88);
});
