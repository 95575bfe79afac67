import { countTensors, scope, tf, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import {
  adam,
  createOptimizer,
  freeze,
  masked,
  OptimError,
  partition,
  scaleByLearningRate,
  setToZero,
  sgd,
  stateFromJSON,
  stateToJSON,
} from '../src/index.js';

await useBackend('wasm');

// Two parameters with constant gradients, so every update is known in closed form.
function setup() {
  const params = {
    'trunk/kernel': scope(() => tf.variable(tf.tensor1d([1, 2]), true)),
    'head/kernel': scope(() => tf.variable(tf.tensor1d([3, 4]), true)),
  };
  const grads = () => ({ 'trunk/kernel': tf.tensor1d([1, 1]), 'head/kernel': tf.tensor1d([2, -2]) });
  return { params, grads, dispose: () => tf.dispose(Object.values(params)) };
}
const isTrunk = (name: string) => name.startsWith('trunk/');

it('freeze leaves frozen parameters bit-identical and updates the rest as the inner optimizer would', () => {
  const before = countTensors();
  const { params, grads, dispose } = setup();
  const optimizer = createOptimizer(freeze(sgd({ learningRate: 0.5 }), isTrunk), params);
  for (let i = 0; i < 3; i++) {
    const g = grads();
    optimizer.step(g);
    tf.dispose(Object.values(g));
  }
  expect(Array.from(params['trunk/kernel'].dataSync())).toEqual([1, 2]);
  // θ − 3·α·g = [3, 4] − 1.5·[2, −2]
  expect(Array.from(params['head/kernel'].dataSync())).toEqual([0, 7]);
  optimizer.dispose();
  dispose();
  expect(countTensors()).toBe(before);
});

it('freeze needs no gradient for frozen parameters, and its optimizer state holds only the others', () => {
  const before = countTensors();
  const { params, grads, dispose } = setup();
  const transform = freeze(adam({ learningRate: 0.1 }), isTrunk);
  expect([transform.frozen?.('trunk/kernel'), transform.frozen?.('head/kernel')]).toEqual([true, false]);
  const optimizer = createOptimizer(transform, params);
  const g = grads();
  g['trunk/kernel'].dispose();
  optimizer.step({ 'head/kernel': g['head/kernel'] });
  g['head/kernel'].dispose();
  // Adam's first step moves each coordinate by α·sign(g).
  const head = Array.from(params['head/kernel'].dataSync());
  expect(head[0]).toBeCloseTo(2.9, 6);
  expect(head[1]).toBeCloseTo(4.1, 6);
  const json = JSON.stringify(stateToJSON(optimizer.state));
  expect(json).not.toContain('trunk/kernel');
  expect(json).toContain('head/kernel');
  // The state survives a round trip (checkpoints).
  optimizer.setState(stateFromJSON(JSON.parse(json)));
  optimizer.dispose();
  dispose();
  expect(countTensors()).toBe(before);
});

it('partition gives each label its own learning rate; masked passes unselected gradients through', () => {
  const before = countTensors();
  const { params, grads, dispose } = setup();
  const optimizer = createOptimizer(
    partition({
      labelOf: (name) => (isTrunk(name) ? 'slow' : 'fast'),
      transforms: { slow: scaleByLearningRate(0.01), fast: scaleByLearningRate(1) },
    }),
    params,
  );
  const g = grads();
  optimizer.step(g);
  expect(Array.from(params['trunk/kernel'].dataSync())).toEqual([Math.fround(0.99), Math.fround(1.99)]);
  expect(Array.from(params['head/kernel'].dataSync())).toEqual([1, 6]);
  optimizer.dispose();
  // masked(scaleByLearningRate(1), head) scales the head and passes the trunk's gradient as an update.
  const m = masked(scaleByLearningRate(1), (name) => !isTrunk(name));
  const state = m.init(params);
  const { updates } = m.update(g, state);
  expect(Array.from(updates['trunk/kernel']!.dataSync())).toEqual([1, 1]);
  expect(Array.from(updates['head/kernel']!.dataSync())).toEqual([-2, 2]);
  tf.dispose([...Object.values(updates), ...Object.values(g)]);
  dispose();
  expect(countTensors()).toBe(before);
});

it('says what is wrong: every parameter frozen, a label without a transformation, not a function', () => {
  const { params, dispose } = setup();
  expect(() =>
    createOptimizer(
      freeze(sgd({ learningRate: 0.1 }), () => true),
      params,
    ),
  ).toThrow(/every parameter is frozen/);
  expect(() => createOptimizer(partition({ labelOf: () => 'other', transforms: { a: setToZero() } }), params)).toThrow(
    /label 'other', which has no transformation; labels are a/,
  );
  expect(() => freeze(sgd({ learningRate: 0.1 }), 3 as unknown as () => boolean)).toThrow(OptimError);
  dispose();
});
