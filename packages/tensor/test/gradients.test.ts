import { describe, expect, it } from 'vitest';
import { expectNoLeaks, tf } from '../src/index.js';
import { describeOnBackends } from '../src/testing/index.js';

// tfjs-core alone (no tfjs-layers, no @tensorflow/tfjs) is imported in this test file.
describeOnBackends(['cpu', 'wasm'], 'gradients with tfjs-core only', () => {
  it('match the closed form of d/dx Σ(x³ + 2x) = 3x² + 2', () => {
    expectNoLeaks(() => {
      const x = tf.tensor1d([-2, 0.5, 3]);
      const dx = tf.grad((v: tf.Tensor) => v.pow(3).add(v.mul(2)).sum())(x);
      expect(Array.from(dx.dataSync())).toEqual([14, 2.75, 29]);
      tf.dispose([x, dx]);
    });
  });

  it('match the closed form of the logistic-regression gradient Xᵀ(σ(Xw) − y)/n', () => {
    const X = [
      [1, 2],
      [-1, 0.5],
      [0.3, -2],
    ];
    const y = [1, 0, 1];
    const w0 = [0.4, -0.3];
    // Independent reference computed here in plain JavaScript doubles.
    const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
    const residual = X.map((row, i) => sigmoid(row[0]! * w0[0]! + row[1]! * w0[1]!) - y[i]!);
    const expected = [0, 1].map((j) => X.reduce((acc, row, i) => acc + row[j]! * residual[i]!, 0) / X.length);

    expectNoLeaks(() => {
      const initial = tf.tensor2d(w0, [2, 1]);
      const w = tf.variable(initial, true, `w_${tf.getBackend()}`);
      initial.dispose();
      const xs = tf.tensor2d(X);
      const ys = tf.tensor2d(y, [3, 1]);
      const { value, grads } = tf.variableGrads(() =>
        tf.losses.sigmoidCrossEntropy(ys, tf.matMul(xs, w), undefined, undefined, tf.Reduction.MEAN),
      );
      const dw = Array.from(grads[w.name]!.dataSync());
      expect(dw[0]).toBeCloseTo(expected[0]!, 5);
      expect(dw[1]).toBeCloseTo(expected[1]!, 5);
      tf.dispose([w, xs, ys, value, grads[w.name]!]);
    });
  });
});

// Stock tfjs wasm has no Conv2DBackpropFilter kernel; the fast-backend issue adds it, until then cpu only.
describeOnBackends(['cpu'], 'convolution gradients', () => {
  it('train a convolution filter (its gradient needs Conv2DBackpropFilter)', () => {
    expectNoLeaks(() => {
      const x = tf.ones([1, 3, 3, 1]) as tf.Tensor4D;
      const filter = tf.ones([2, 2, 1, 1]);
      const dFilter = tf.grad((f: tf.Tensor) => tf.conv2d(x, f as tf.Tensor4D, 1, 'valid').sum())(filter);
      // Each filter tap sees four ones: the sum over the 2×2 valid outputs.
      expect(Array.from(dFilter.dataSync())).toEqual([4, 4, 4, 4]);
      tf.dispose([x, filter, dFilter]);
    });
  });
});

describe('chained ops', () => {
  it('are registered on tensors', () => {
    const t = tf.tensor1d([1, 2]);
    const squared = t.square();
    expect(Array.from(squared.dataSync())).toEqual([1, 4]);
    tf.dispose([t, squared]);
  });
});
