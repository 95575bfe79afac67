import { expectNoLeaks, tf, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { bootstrapInterval, compareModels, MetricShapeError, rateIntervals } from '../src/index.js';

await useBackend('wasm');

it('reads label tensors like arrays and leaves no tensor behind, on success and on a throw', () => {
  const yTrue = [1, 0, 1, 1, 0, 0, 1, 0, 1, 1];
  const predA = [1, 0, 1, 0, 0, 1, 1, 0, 1, 1];
  const predB = [1, 1, 0, 0, 0, 1, 1, 0, 1, 0];
  expectNoLeaks(() => {
    const t = tf.tensor1d(yTrue, 'int32');
    const a = tf.tensor1d(predA, 'int32');
    const b = tf.tensor1d(predB, 'int32');
    expect(rateIntervals(t, a)).toEqual(rateIntervals(yTrue, predA));
    expect(bootstrapInterval(t, a, { seed: 2 })).toEqual(bootstrapInterval(yTrue, predA, { seed: 2 }));
    expect(compareModels(t, a, b, { metric: 'errorRate' })).toEqual(
      compareModels(yTrue, predA, predB, { metric: 'errorRate' }),
    );
    const short = tf.tensor1d([1, 0], 'int32');
    expect(() => compareModels(t, a, short)).toThrow(MetricShapeError);
    const matrix = tf.tensor2d([
      [1, 0],
      [0, 1],
    ]);
    expect(() => bootstrapInterval(matrix, matrix)).toThrow(/multi-label matrices are not supported/);
    tf.dispose([t, a, b, short, matrix]);
  });
});
