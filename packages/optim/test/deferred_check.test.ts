// The deferred finiteness check (checkFinite 'deferred', for GPUs with long read-back latency): the same
// numbers as the immediate check while gradients are finite, a no-op step on the device when they
// are not, and the error raised by flush() or by the next step once the flags have been read.
import { countTensors, tf, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { adam, createOptimizer, OptimError } from '../src/index.js';

await useBackend('cpu');

const W0 = [0.5, -0.3, 0.8];
const B0 = [1, -0.5];
const params = () => tf.tidy(() => ({ w: tf.variable(tf.tensor1d(W0)), b: tf.variable(tf.tensor1d(B0)) }));
const gradsAt = (t: number) => ({ w: tf.tensor1d([0.1 * t, -0.2, 0.3 / t]), b: tf.tensor1d([t, -1]) });
const values = (p: Record<string, tf.Variable>) => [...p.w!.dataSync(), ...p.b!.dataSync()];

it('updates exactly as the immediate check while the gradients are finite', async () => {
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
  tf.dispose([...Object.values(deferred), ...Object.values(immediate)]);
  a.dispose();
  b.dispose();
});

it('leaves parameters and Adam moments unchanged on a NaN step, then throws from flush (once), leaking nothing', async () => {
  const before = countTensors();
  const p = params();
  const optimizer = createOptimizer(adam({ learningRate: 0.01 }), p, { checkFinite: 'deferred' });
  const g1 = gradsAt(1);
  optimizer.step(g1);
  await optimizer.flush();
  const afterFirst = values(p);
  const state = optimizer.state as unknown as [{ count: number; mean: Record<string, tf.Tensor> }];
  const meanAfterFirst = Array.from(state[0].mean.b!.dataSync());
  const bad = { w: tf.tensor1d([0.1, 0.1, 0.1]), b: tf.tensor1d([Number.NaN, Number.POSITIVE_INFINITY]) };
  optimizer.step(bad); // no throw yet: nothing was read
  expect(values(p)).toEqual(afterFirst);
  const after = optimizer.state as unknown as [{ count: number; mean: Record<string, tf.Tensor> }];
  expect(Array.from(after[0].mean.b!.dataSync())).toEqual(meanAfterFirst);
  expect(after[0].count).toBe(2); // counts still advance (documented)
  await expect(optimizer.flush()).rejects.toThrow(
    /gradient of b contains NaN or Infinity; the parameters were not updated by that step/,
  );
  await expect(optimizer.flush()).resolves.toBeUndefined();
  optimizer.step(g1); // training may go on after the error was seen
  expect(values(p)).not.toEqual(afterFirst);
  await optimizer.flush();
  tf.dispose([...Object.values(g1), ...Object.values(bad), ...Object.values(p)]);
  optimizer.dispose();
  expect(countTensors()).toBe(before);
});

it('throws from the next step once the flags have been read, before touching anything', async () => {
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
