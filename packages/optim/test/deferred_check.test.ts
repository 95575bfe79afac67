// The deferred finiteness check (checkFinite 'deferred', for GPUs, where a read per step stalls the
// queue): the same numbers as the immediate check while gradients are finite; after a bad step,
// parameters and state are put back as they were before it, and flush() or the next step throws.
import { countTensors, tf, useBackend } from '@mlrecipe/tensor';
import fc from 'fast-check';
import { expect, it, vi } from 'vitest';
import { defaultCheck } from '../src/create_optimizer.js';
import { adam, createOptimizer, OptimError } from '../src/index.js';

await useBackend('cpu');

const W0 = [0.5, -0.3, 0.8];
const B0 = [1, -0.5];
const params = () => tf.tidy(() => ({ w: tf.variable(tf.tensor1d(W0)), b: tf.variable(tf.tensor1d(B0)) }));
const gradsAt = (t: number) => ({ w: tf.tensor1d([0.1 * t, -0.2, 0.3 / t]), b: tf.tensor1d([t, -1]) });
const values = (p: Record<string, tf.Variable>) => [...p.w!.dataSync(), ...p.b!.dataSync()];
type AdamState = [{ count: number; mean: Record<string, tf.Tensor> }, { count: number }];
const meanOf = (state: unknown) => Array.from((state as AdamState)[0].mean.b!.dataSync());

/** An optimizer with the deferred check and one with the immediate check, each on parameters of its own. */
function twins() {
  const p = params();
  const reference = params();
  const optimizer = createOptimizer(adam({ learningRate: 0.01 }), p, { checkFinite: 'deferred' });
  const immediate = createOptimizer(adam({ learningRate: 0.01 }), reference, { checkFinite: 'immediate' });
  const dispose = () => {
    tf.dispose([...Object.values(p), ...Object.values(reference)]);
    optimizer.dispose();
    immediate.dispose();
  };
  return { p, reference, optimizer, immediate, dispose };
}

it('updates exactly as the immediate check while the gradients are finite, leaking nothing', async () => {
  const before = countTensors();
  const { p, reference, optimizer, immediate, dispose } = twins();
  for (let t = 1; t <= 4; t++) {
    const g = gradsAt(t);
    optimizer.step(g);
    immediate.step(g);
    tf.dispose(Object.values(g));
  }
  await optimizer.flush();
  expect(values(p)).toEqual(values(reference));
  expect(meanOf(optimizer.state)).toEqual(meanOf(immediate.state));
  dispose();
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

it('defers the check by default only on GPU backends in browsers', () => {
  expect(['webgl', 'webgpu', 'cpu', 'wasm', 'tensorflow'].map(defaultCheck)).toEqual([
    'deferred',
    'deferred',
    'immediate',
    'immediate',
    'immediate',
  ]);
});

it('checks immediately by default (on cpu), and refuses an unknown checkFinite', () => {
  const p = params();
  const optimizer = createOptimizer(adam({ learningRate: 0.01 }), p);
  const bad = { w: tf.tensor1d([Number.NaN, 0, 0]), b: tf.tensor1d([0, 0]) };
  expect(() => optimizer.step(bad)).toThrow(/the parameters were left unchanged/);
  // @ts-expect-error: not a mode
  expect(() => createOptimizer(adam({ learningRate: 0.01 }), p, { checkFinite: 'sometimes' })).toThrow(
    /checkFinite must be 'auto', true, false, 'immediate' or 'deferred', got sometimes/,
  );
  tf.dispose([...Object.values(bad), ...Object.values(p)]);
  optimizer.dispose();
});

it('reads the flags of a loop that never awaits in few reads (one per 32 steps while one is under way), and still names the bad step', async () => {
  const before = countTensors();
  const { p, reference, optimizer, immediate, dispose } = twins();
  const reads = vi.spyOn(tf.Tensor.prototype, 'data');
  // Steps 1–40 finite: step 1 is read at once; 2–33 wait for it and go in one read; 34–40 at flush.
  for (let t = 1; t <= 40; t++) {
    const g = gradsAt(t);
    optimizer.step(g);
    immediate.step(g);
    tf.dispose(Object.values(g));
  }
  await optimizer.flush();
  expect(reads).toHaveBeenCalledTimes(3);
  expect(values(p)).toEqual(values(reference));
  // Step 50 bad among 20 steps with no await between them: put back as before step 50.
  reads.mockClear();
  for (let t = 41; t <= 60; t++) {
    const g = t === 50 ? { w: tf.tensor1d([0, Number.NaN, 0]), b: tf.tensor1d([0, 0]) } : gradsAt(t);
    if (t === 50) await optimizer.flush(); // everything before step 50 read and settled
    if (t === 50) expect(values(p)).toEqual(values(reference));
    optimizer.step(g);
    if (t < 50) immediate.step(g);
    tf.dispose(Object.values(g));
  }
  await expect(optimizer.flush()).rejects.toThrow(/a gradient of step 50 contained NaN or Infinity/);
  expect(reads.mock.calls.length).toBeLessThanOrEqual(4);
  reads.mockRestore();
  expect(values(p)).toEqual(values(reference));
  expect(meanOf(optimizer.state)).toEqual(meanOf(immediate.state));
  dispose();
  expect(countTensors()).toBe(before);
});

it('frees unread flags and snapshots when disposed with steps still unread', async () => {
  const before = countTensors();
  const p = params();
  const optimizer = createOptimizer(adam({ learningRate: 0.01 }), p, { checkFinite: 'deferred' });
  for (let t = 1; t <= 5; t++) {
    const g = gradsAt(t);
    optimizer.step(g);
    tf.dispose(Object.values(g));
  }
  // Step 1's flag is being read; steps 2–5 wait unread.
  optimizer.dispose();
  tf.dispose(Object.values(p));
  await new Promise((resolve) => setTimeout(resolve, 0)); // the read under way ends and frees its tensor
  expect(countTensors()).toBe(before);
});

it('traces a bad step inside one read of many steps to that step, and puts back the parameters from before it', async () => {
  const before = countTensors();
  const { p, reference, optimizer, immediate, dispose } = twins();
  const reads = vi.spyOn(tf.Tensor.prototype, 'data');
  // Step 1 is read at once; steps 2–10 (step 6 with an infinite gradient) wait and go in one read.
  for (let t = 1; t <= 10; t++) {
    const g = t === 6 ? { w: tf.tensor1d([0, 0, Number.POSITIVE_INFINITY]), b: tf.tensor1d([0, 0]) } : gradsAt(t);
    optimizer.step(g);
    if (t < 6) immediate.step(g);
    tf.dispose(Object.values(g));
  }
  await expect(optimizer.flush()).rejects.toThrow(/a gradient of step 6 contained NaN or Infinity .* before step 6/);
  expect(reads).toHaveBeenCalledTimes(2);
  expect(optimizer.steps).toBe(5); // the updates in effect: steps 6–10 were undone
  reads.mockRestore();
  expect(values(p)).toEqual(values(reference));
  expect(meanOf(optimizer.state)).toEqual(meanOf(immediate.state));
  dispose();
  expect(countTensors()).toBe(before);
});

it('gives the bits of the immediate check before any bad step, and names the first bad step, wherever reads and awaits fall (fast-check)', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 45 }),
      fc.option(fc.integer({ min: 1, max: 45 }), { nil: undefined }),
      fc.array(fc.integer({ min: 1, max: 45 }), { maxLength: 6 }),
      async (n, badAt, awaitsAfter) => {
        const before = countTensors();
        const { p, reference, optimizer, immediate, dispose } = twins();
        const bad = badAt !== undefined && badAt <= n ? badAt : undefined;
        let thrown: unknown;
        for (let t = 1; t <= n && thrown === undefined; t++) {
          const g = t === bad ? { w: tf.tensor1d([Number.NaN, 0, 0]), b: tf.tensor1d([0, 0]) } : gradsAt(t);
          try {
            optimizer.step(g);
          } catch (error) {
            thrown = error;
          }
          if (bad === undefined || t < bad) immediate.step(g);
          tf.dispose(Object.values(g));
          if (awaitsAfter.includes(t)) await new Promise((resolve) => setTimeout(resolve, 0));
        }
        if (thrown === undefined) thrown = await optimizer.flush().catch((error: unknown) => error);
        if (bad === undefined) expect(thrown).toBeUndefined();
        else expect(String(thrown)).toMatch(new RegExp(`a gradient of step ${bad} contained NaN`));
        expect(values(p)).toEqual(values(reference));
        expect(optimizer.steps).toBe(bad === undefined ? n : bad - 1);
        dispose();
        await new Promise((resolve) => setTimeout(resolve, 0));
        expect(countTensors()).toBe(before);
      },
    ),
    { seed: 23, numRuns: 60 },
  );
});
