import { createRng, scope, tf, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import {
  binaryCrossEntropy,
  maskedSigmoidCrossEntropy,
  maxPool2d,
  meanSquaredError,
  sequential,
  softmaxCrossEntropy,
} from '../src/index.js';

await useBackend('cpu');

/** Central differences (ε = 1e-2, float32) of a scalar function of one variable, at every entry. */
function checkGradient(name: string, shape: number[], f: (v: tf.Tensor) => tf.Scalar, seed: number) {
  const rng = createRng(seed);
  const values = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal());
  const v = scope(() => tf.variable(tf.tensor(values, shape)));
  const { value, grads } = tf.variableGrads(() => f(v), [v]);
  const analytic = grads[v.name]!.dataSync();
  const eps = 1e-2;
  for (let i = 0; i < values.length; i++) {
    const at = (delta: number) => {
      const shifted = values.slice();
      shifted[i] = values[i]! + delta;
      return tf.tidy(() => f(tf.tensor(shifted, shape)).dataSync()[0]!);
    };
    const numeric = (at(eps) - at(-eps)) / (2 * eps);
    expect(Math.abs(analytic[i]! - numeric), `${name}[${i}]`).toBeLessThan(2e-3 + 2e-2 * Math.abs(numeric));
  }
  tf.dispose([v, value, ...Object.values(grads)]);
}

it('every loss has the gradient central differences give', () => {
  const rng = createRng(3);
  const binary = tf.tensor2d(
    Float32Array.from({ length: 12 }, () => (rng.uniform() < 0.5 ? 1 : 0)),
    [4, 3],
  );
  const classes = tf.tensor1d([0, 2, 1, 2], 'int32');
  const target = tf.tensor2d(
    Float32Array.from({ length: 12 }, () => rng.normal()),
    [4, 3],
  );
  const withMissing = tf.tensor2d([1, Number.NaN, 0, 0, 1, Number.NaN, 1, 1, 0, Number.NaN, 0, 1], [4, 3]);
  checkGradient(
    'binaryCrossEntropy(fromLogits)',
    [4, 3],
    (z) => binaryCrossEntropy(binary, z, { fromLogits: true }),
    1,
  );
  checkGradient(
    'binaryCrossEntropy(probabilities)',
    [4, 3],
    (z) => binaryCrossEntropy(binary, tf.sigmoid(z), { fromLogits: false }),
    2,
  );
  checkGradient('softmaxCrossEntropy', [4, 3], (z) => softmaxCrossEntropy(classes, z), 3);
  checkGradient('meanSquaredError', [4, 3], (z) => meanSquaredError(target, z), 4);
  checkGradient('maskedSigmoidCrossEntropy', [4, 3], (z) => maskedSigmoidCrossEntropy(withMissing, z), 5);
  tf.dispose([binary, classes, target, withMissing]);
});

it('max pooling routes the gradient to each window’s maximum', () => {
  const pool = sequential([maxPool2d()]);
  const { params } = pool.init([4, 4, 2], createRng(1));
  checkGradient('maxPool2d', [2, 4, 4, 2], (x) => tf.sum(tf.square(pool.apply(params, x))) as tf.Scalar, 6);
});
