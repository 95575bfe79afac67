// The parity harness as users get it from '@mlrecipe/tensor/parity': built-in cases pass on wasm,
// and a case whose result differs between backends is reported, not hidden.
import { expect, it } from 'vitest';
import { tf, useBackend } from '../src/index.js';
import { compareToCpu, PARITY_CASES, type ParityCase, seededTensor } from '../src/parity.js';

await useBackend('wasm');

it('runs the built-in cases and a user case on wasm against cpu', async () => {
  const mine: ParityCase = {
    family: 'mine',
    name: 'softplus forward and gradient',
    run: () => {
      const v = seededTensor([64], 7, { low: -5, high: 5 });
      return [tf.softplus(v), tf.grad((t: tf.Tensor) => tf.softplus(t).sum())(v)];
    },
  };
  const cases = [...PARITY_CASES.filter((c) => c.family === 'matMul').slice(0, 2), mine];
  for (const c of cases) {
    const r = await compareToCpu(c, 'wasm', { rtol: 1e-4, atol: 1e-5 });
    expect(r.ok, `${r.name}: ${r.detail}`).toBe(true);
    expect(r.maxAbsError).toBeLessThan(1e-4);
  }
  expect(tf.getBackend()).toBe('wasm'); // the harness puts the backend back
});

it('reports a case whose outputs differ, with where and by how much', async () => {
  // Deliberately backend-dependent: adds 1 on every backend but cpu.
  const broken: ParityCase = {
    family: 'mine',
    name: 'off by one except on cpu',
    run: () => [tf.add(seededTensor([4], 1), tf.getBackend() === 'cpu' ? 0 : 1)],
  };
  const r = await compareToCpu(broken, 'wasm', { rtol: 1e-6, atol: 1e-6 });
  expect(r.ok).toBe(false);
  expect(r.maxAbsError).toBeCloseTo(1, 5);
  expect(r.detail).toMatch(/^output 0\[0\]: wasm .*, cpu /);
});
