import { createRng, scope, tf, useBackend } from '@mlrecipe/tensor';
import { describe, expect, it } from 'vitest';
import { gradientCheck } from '../src/gradients.js';
import { gradientHealth, learningCurve, lossCurveCheck } from '../src/index.js';

await useBackend('cpu');

function smallNetwork() {
  const rng = createRng(1);
  const v = (shape: number[]) =>
    scope(() =>
      tf.variable(
        tf.tensor(
          Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal(0, 0.5)),
          shape,
        ),
      ),
    );
  const params = { w1: v([3, 4]), w2: v([4, 1]) };
  const x = tf.tensor2d(
    Float32Array.from({ length: 15 }, () => rng.normal()),
    [5, 3],
  );
  return { params, x };
}

describe('gradientCheck', () => {
  it('passes a correct backward pass, and leaves no tensor behind', () => {
    const { params, x } = smallNetwork();
    const before = tf.memory().numTensors;
    const result = gradientCheck(
      () => tf.mean(tf.square(tf.matMul(tf.tanh(tf.matMul(x, params.w1)), params.w2))) as tf.Scalar,
      params,
    );
    expect(result.verdict).toBe('ok');
    expect(result.relativeDifference).toBeLessThan(1e-3);
    // Every perturbed copy of a parameter is freed (the variables keep their own values).
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, params.w1, params.w2]);
  });

  it('catches a wrong gradient and names the parameter', () => {
    const { params, x } = smallNetwork();
    // tanh with a deliberately wrong derivative (1 − y instead of 1 − y²).
    const badTanh = tf.customGrad(((a: tf.Tensor, save: tf.GradSaveFunc) => {
      const y = tf.tanh(a);
      save([y]);
      return { value: y, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, tf.sub(1, saved[0]!)) };
    }) as unknown as Parameters<typeof tf.customGrad>[0]);
    const result = gradientCheck(
      () => tf.mean(tf.square(tf.matMul(badTanh(tf.matMul(x, params.w1)) as tf.Tensor2D, params.w2))) as tf.Scalar,
      params,
    );
    expect(result.verdict).toBe('bug');
    expect(result.message).toMatch(/worst parameter is w1/);
    tf.dispose([x, params.w1, params.w2]);
  });

  it('refuses a loss with dropout on', () => {
    const { params, x } = smallNetwork();
    let seed = 0;
    const result = gradientCheck(
      () => tf.mean(tf.dropout(tf.matMul(x, params.w1), 0.5, undefined, seed++)) as tf.Scalar,
      params,
    );
    expect(result.verdict).toBe('invalid');
    expect(result.message).toMatch(/turn dropout and random augmentation off/);
    tf.dispose([x, params.w1, params.w2]);
  });
});

describe('gradient health and loss curves', () => {
  it('tells vanishing, exploding and healthy gradients apart', () => {
    const depth = (factor: number) =>
      Array.from({ length: 10 }, (_, i) => ({ layer: `dense_${i + 1}`, norm: factor ** (10 - i) }));
    expect(gradientHealth(depth(0.3)).verdict).toBe('vanishing'); // 0.3^10 / 0.3 ≈ 2e-5
    expect(gradientHealth(depth(3)).verdict).toBe('exploding');
    expect(gradientHealth(depth(1.1)).verdict).toBe('healthy');
    expect(
      gradientHealth([
        { layer: 'a', norm: Number.NaN },
        { layer: 'b', norm: 1 },
      ]).verdict,
    ).toBe('non-finite');
  });

  it('finds NaN, divergence, a cost that does not fall, and plateaus', () => {
    expect(lossCurveCheck([1, 0.8, Number.NaN])[0]).toMatchObject({ kind: 'nan', at: 2 });
    expect(lossCurveCheck([1, 1.5, 3, 8, 20, 50]).map((i) => i.kind)).toEqual(['diverging', 'not-decreasing']);
    expect(lossCurveCheck([1, 0.5, 0.3, 0.2, 0.2, 0.2, 0.2, 0.2]).map((i) => i.kind)).toEqual(['plateau']);
    expect(lossCurveCheck([1, 0.7, 0.5, 0.35, 0.25, 0.18, 0.12])).toEqual([]);
  });

  it('builds a learning curve point per training-set size', async () => {
    const points = await learningCurve([100, 1000], (n) => ({ trainError: 1 / n, devError: 10 / n }));
    expect(points).toEqual([
      { size: 100, trainError: 0.01, devError: 0.1 },
      { size: 1000, trainError: 0.001, devError: 0.01 },
    ]);
    await expect(learningCurve([10, 5], () => ({ trainError: 0, devError: 0 }))).rejects.toThrow(/increasing/);
  });
});
