// The deferred finiteness check (checkFinite 'deferred', for GPUs, where a read per step stalls the
// queue): the same numbers as the immediate check while gradients are finite; after a bad step,
// parameters and state are put back as they were before it, and flush() or the next step throws.
import { countTensors, tf, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { adam, createOptimizer, OptimError } from '../src/index.js';

await useBackend('cpu');

const W0 = [0.5, -0.3, 0.8];
const B0 = [1, -0.5];
const params = () => tf.tidy(() => ({ w: tf.variable(tf.tensor1d(W0)), b: tf.variable(tf.tensor1d(B0)) }));
const gradsAt = (t: number) => ({ w: tf.tensor1d([0.1 * t, -0.2, 0.3 / t]), b: tf.tensor1d([t, -1]) });
const values = (p: Record<string, tf.Variable>) => [...p.w!.dataSync(), ...p.b!.dataSync()];
type AdamState = [{ count: number; mean: Record<string, tf.Tensor> }, { count: number }];
const meanOf = (state: unknown) => Array.from((state as AdamState)[0].mean.b!.dataSync());

it('updates exactly as the immediate check while the gradients are finite, leaking nothing', async () => {
  const before = countTensors();
  const [deferred, immediate] = [params(), params()];
  const a = createOptimizer(adam({ learningRate: 0.01 }), deferred, { checkFinite: 'deferred' });
  const b = createOptimizer(adam({ learningRate: 0.01 }), immediate, { checkFinite: 'immediate' });
  for (let t = 1; t <= 4; t++) {
    const g = gradsAt(t);
    a.step(g);
    b.step(g);
    tf.dispose(Object.values(g));
  }
  await a.flush();
  expect(values(deferred)).toEqual(values(immediate));
  expect(meanOf(a.state)).toEqual(meanOf(b.state));
  tf.dispose([...Object.values(deferred), ...Object.values(immediate)]);
  a.dispose();
  b.dispose();
  expect(countTensors()).toBe(before);
});

it('puts parameters and state back as before a NaN step (undoing the steps after it), then throws once', async () => {
  const before = countTensors();
  const p = params();
  const optimizer = createOptimizer(adam({ learningRate: 0.01 }), p, { checkFinite: 'deferred' });
  const g1 = gradsAt(1);
  optimizer.step(g1);
  await optimizer.flush();
  const afterFirst = values(p);
  const meanAfterFirst = meanOf(optimizer.state);
  const bad = { w: tf.tensor1d([0.1, 0.1, 0.1]), b: tf.tensor1d([Number.NaN, Number.POSITIVE_INFINITY]) };
  const g3 = gradsAt(3);
  optimizer.step(bad); // nothing is read during the step: no throw yet
  optimizer.step(g3); // a step after the bad one, applied before the check is known
  await expect(optimizer.flush()).rejects.toThrow(
    /a gradient of step 2 contained NaN or Infinity .* put back as they were before step 2/,
  );
  expect(values(p)).toEqual(afterFirst);
  expect(meanOf(optimizer.state)).toEqual(meanAfterFirst);
  expect((optimizer.state as unknown as AdamState)[0].count).toBe(1);
  await expect(optimizer.flush()).resolves.toBeUndefined(); // thrown once
  optimizer.step(g1); // training may go on from the restored state
  await optimizer.flush();
  expect(values(p)).not.toEqual(afterFirst);
  tf.dispose([...Object.values(g1), ...Object.values(g3), ...Object.values(bad), ...Object.values(p)]);
  optimizer.dispose();
  expect(countTensors()).toBe(before);
});

it('throws from the next step once the flag has been read, with the parameters restored', async () => {
  const p = params();
  const optimizer = createOptimizer(adam({ learningRate: 0.01 }), p, { checkFinite: 'deferred' });
  const bad = { w: tf.tensor1d([Number.NaN, 0, 0]), b: tf.tensor1d([0, 0]) };
  optimizer.step(bad);
  await new Promise((resolve) => setTimeout(resolve, 0)); // the asynchronous read resolves
  const g = gradsAt(1);
  expect(() => optimizer.step(g)).toThrow(OptimError);
  expect(values(p)).toEqual(Array.from(Float32Array.from([...W0, ...B0])));
  tf.dispose([...Object.values(g), ...Object.values(bad), ...Object.values(p)]);
  optimizer.dispose();
});

it('checks immediately by default, and refuses an unknown checkFinite', () => {
  const p = params();
  const optimizer = createOptimizer(adam({ learningRate: 0.01 }), p);
  const bad = { w: tf.tensor1d([Number.NaN, 0, 0]), b: tf.tensor1d([0, 0]) };
  expect(() => optimizer.step(bad)).toThrow(/the parameters were left unchanged/);
  // @ts-expect-error: not a mode
  expect(() => createOptimizer(adam({ learningRate: 0.01 }), p, { checkFinite: 'sometimes' })).toThrow(
    /checkFinite must be true, false, 'immediate' or 'deferred', got sometimes/,
  );
  tf.dispose([...Object.values(bad), ...Object.values(p)]);
  optimizer.dispose();
});
