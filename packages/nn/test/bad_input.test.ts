// Bad input at nn's public entries: each gives a typed error that names what was wrong, the value
// received and the fix, and leaves no tensor behind.
import { countTensors, createRng, tf, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import {
  avgPool2d,
  binaryCrossEntropy,
  conv2d,
  dense,
  flatten,
  maxPool2d,
  NnError,
  NnShapeError,
  sequential,
  softmaxCrossEntropy,
  valueAndGrads,
} from '../src/index.js';

await useBackend('wasm');

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

it('rejects fractional, string and null window sizes before they reach tfjs (2.5 hung wasm pooling)', () => {
  for (const bad of [2.5, '3', null, 0, -1, [2, 2.5], [2]] as unknown[]) {
    const error = thrown(() => avgPool2d({ poolSize: bad as number }));
    expect(error).toBeInstanceOf(NnError);
    expect(error.message).toMatch(
      /^avgPool2d: poolSize(\[\d\])? must be (a positive integer|a number or \[height, width\])/,
    );
  }
  expect(thrown(() => maxPool2d({ padding: 'full' as 'same' })).message).toBe(
    `maxPool2d: padding must be one of 'same', 'valid', got "full"`,
  );
  expect(thrown(() => conv2d({ filters: 2, kernelSize: 3, strides: 0 }))).toBeInstanceOf(NnError);
  expect(thrown(() => dense({ units: 4, activation: 'toString' as 'relu' }))).toBeInstanceOf(NnError);
});

it('names the layer, the expected and the received shape when apply gets the wrong input', () => {
  const model = sequential([dense({ units: 3, activation: 'relu' }), dense({ units: 2 })]);
  const { params } = model.init([4], createRng(1));
  const x = tf.ones([5, 3]);
  const before = countTensors();
  const error = thrown(() => model.apply(params, x));
  expect(error).toBeInstanceOf(NnShapeError);
  expect(error.message).toMatch(/^apply: layer dense_1 \(input x\) expects shape \[\*, 4\] but received \[5,3\]/);
  expect(countTensors()).toBe(before);

  const cnn = sequential([conv2d({ filters: 2, kernelSize: 3 }), maxPool2d(), dense({ units: 2 })]);
  const error2 = thrown(() => cnn.init([8, 8, 1], createRng(1)));
  expect(error2).toBeInstanceOf(NnShapeError);
  expect(error2.message).toMatch(/add flatten\(\) before it/);

  const fine = sequential([conv2d({ filters: 2, kernelSize: 3 }), flatten(), dense({ units: 2 })]);
  const v = fine.init([4, 4, 1], createRng(1));
  const image = tf.ones([2, 4, 4, 3]);
  const error3 = thrown(() => fine.apply(v.params, image));
  expect(error3.message).toMatch(
    /^apply: layer conv2d_1 \(input x\) expects shape \[\*, \*, \*, 1\] but received \[2,4,4,3\]/,
  );
  const missing = thrown(() => fine.apply({}, tf.keep(tf.ones([1, 4, 4, 1]))));
  expect(missing).toBeInstanceOf(NnError);
  expect(missing.message).toMatch(/^apply: layer conv2d_1 .*parameter 'kernel' is missing/);
  tf.dispose([x, image, ...Object.values(params), ...Object.values(v.params)]);
});

it('rejects disposed tensors by name', () => {
  const model = sequential([dense({ units: 2 })]);
  const { params } = model.init([3], createRng(1));
  const x = tf.ones([1, 3]);
  x.dispose();
  expect(thrown(() => model.apply(params, x)).message).toMatch(/^apply: x \(shape \[1,3\]\) was already disposed/);
  tf.dispose(Object.values(params));
});

it('softmaxCrossEntropy refuses class ids out of range or fractional instead of scoring the row 0', () => {
  const logits = tf.zeros([3, 4]);
  const before = countTensors();
  for (const [ids, shownValue] of [
    [[0, 4, 1], '4 at row 1'],
    [[0, 1.5, 1], '1.5 at row 1'],
    [[-1, 0, 1], '-1 at row 0'],
  ] as const) {
    const labels = tf.tensor1d(ids as unknown as number[]);
    const error = thrown(() => softmaxCrossEntropy(labels, logits));
    expect(error).toBeInstanceOf(NnError);
    expect(error.message).toBe(
      `softmaxCrossEntropy: class ids must be integers in [0, 3] (the logits have 4 classes), got ${shownValue}`,
    );
    labels.dispose();
  }
  expect(countTensors()).toBe(before);
  logits.dispose();
});

it('binaryCrossEntropy defaults to probabilities like Keras and refuses logits passed as such, and labels outside [0, 1]', () => {
  const y = tf.tensor1d([0, 1]);
  const logits = tf.tensor1d([2.5, -1]);
  expect(thrown(() => binaryCrossEntropy(y, logits)).message).toMatch(
    /predictions must be probabilities in \[0, 1\], got 2\.5 at flat index 0; if they are logits .* pass \{ fromLogits: true \}/,
  );
  const fromLogits = binaryCrossEntropy(y, logits, { fromLogits: true });
  // (softplus(2.5) − 0) + softplus(1) computed by hand: log1p(e^2.5) + log1p(e^1), averaged.
  expect(fromLogits.dataSync()[0]).toBeCloseTo((Math.log1p(Math.exp(2.5)) + Math.log1p(Math.exp(1))) / 2, 5);
  const minusOne = tf.tensor1d([-1, 1]);
  expect(thrown(() => binaryCrossEntropy(minusOne, logits, { fromLogits: true })).message).toMatch(
    /^binaryCrossEntropy: labels must be in \[0, 1\], got -1 at flat index 0/,
  );
  expect(thrown(() => binaryCrossEntropy(y, logits, { fromLogits: 'yes' as unknown as boolean }))).toBeInstanceOf(
    NnError,
  );
  tf.dispose([y, logits, fromLogits, minusOne]);
});

it('valueAndGrads refuses a non-scalar loss without leaking the tape', () => {
  const model = sequential([dense({ units: 2 })]);
  const { params } = model.init([3], createRng(1));
  const x = tf.ones([4, 3]);
  const before = countTensors();
  const error = thrown(() => valueAndGrads(() => model.apply(params, x) as tf.Scalar, params));
  expect(error).toBeInstanceOf(NnShapeError);
  expect(error.message).toBe(
    'valueAndGrads: loss() must return a scalar, got shape [4,2]; reduce it (tf.mean) before taking gradients',
  );
  expect(countTensors()).toBe(before);
  tf.dispose([x, ...Object.values(params)]);
});
