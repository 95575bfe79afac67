import { expect, it } from 'vitest';
import { expectNoLeaks, InvalidArgumentError, nonFiniteFlags, tf } from '../src/index.js';
import { describeOnBackends } from '../src/testing/index.js';

describeOnBackends(['cpu', 'wasm'], 'nonFiniteFlags', () => {
  it('flags exactly the tensors holding NaN or ±Infinity, wherever it sits, in one read', () => {
    expectNoLeaks(() => {
      const tensors = [
        tf.tensor2d([
          [1, -2],
          [3e38, -3e38],
        ]), // finite, near the float32 limits
        tf.tensor1d([0, 0, Number.NaN]), // NaN last
        tf.tensor1d([Number.POSITIVE_INFINITY, 1]), // +Infinity first
        tf.tensor2d([[5, Number.NEGATIVE_INFINITY]]),
        tf.zeros([0, 3]), // empty: nothing to flag
        tf.tensor1d([1.4e-45, -0]), // subnormal and negative zero are finite
      ];
      expect(Array.from(nonFiniteFlags(tensors))).toEqual([0, 1, 1, 1, 0, 0]);
      // The same flags as the three-kernel check it replaces, except on the empty tensor, where stock
      // tfjs wasm 4.22's Any reads memory it never wrote (it answered 128 when this test was written).
      const nonEmpty = tensors.filter((t) => t.size > 0);
      const reference = tf.tidy(() =>
        Array.from(tf.stack(nonEmpty.map((t) => tf.any(tf.logicalNot(tf.isFinite(t))))).dataSync()),
      );
      expect(Array.from(nonFiniteFlags(nonEmpty))).toEqual(reference);
      tf.dispose(tensors);
    });
  });

  it('answers an empty list with no flags, and refuses non-float32 tensors saying which', () => {
    expect(nonFiniteFlags([]).length).toBe(0);
    const ints = tf.tensor1d([1, 2], 'int32');
    const error = (() => {
      try {
        nonFiniteFlags([tf.scalar(1), ints]);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toBe('nonFiniteFlags: tensor 1 has dtype int32; pass float32 tensors');
    ints.dispose();
  });
});
