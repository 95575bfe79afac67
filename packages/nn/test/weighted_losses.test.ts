import { countTensors, scope, tf } from '@mlrecipe/tensor';
import { describeOnBackends } from '@mlrecipe/tensor/testing';
import { expect, it } from 'vitest';
import {
  binaryCrossEntropy,
  type LossWeights,
  NnError,
  NnShapeError,
  softmaxCrossEntropy,
  weightedBinaryCrossEntropy,
  weightedSoftmaxCrossEntropy,
} from '../src/index.js';
import { expectClose, wave } from './reference/compare.js';
import { WEIGHTED_REFERENCE } from './reference/weighted_losses_reference.js';

// The same data as test/reference/weighted_losses_torch.py.
const Y = [0, 2, 1, 2, 0, 1];
const CLASS_W = [1, 3, 0.5];
const SAMPLE_W = [1, 0.5, 2, 1, 0, 1.5];
const YB = [1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 1, 0];
const logitsOf = (shape: number[]) =>
  tf.tensor(
    wave(
      shape.reduce((a, b) => a * b, 1),
      (k) => 1.5 * Math.sin(0.9 * k + 0.4),
    ),
    shape,
  );

type Case = { shape: number[]; loss: (z: tf.Tensor) => tf.Scalar };
const CASES: Record<string, Case> = {
  'softmax/class/weights': {
    shape: [6, 3],
    loss: (z) =>
      weightedSoftmaxCrossEntropy(tf.tensor1d(Y, 'int32'), z, { classWeights: CLASS_W, normalize: 'weights' }),
  },
  'softmax/class/batch': {
    shape: [6, 3],
    loss: (z) => weightedSoftmaxCrossEntropy(tf.oneHot(tf.tensor1d(Y, 'int32'), 3), z, { classWeights: CLASS_W }),
  },
  'softmax/sample/weights': {
    shape: [6, 3],
    loss: (z) =>
      weightedSoftmaxCrossEntropy(tf.tensor1d(Y, 'int32'), z, { sampleWeights: SAMPLE_W, normalize: 'weights' }),
  },
  'softmax/both/batch': {
    shape: [6, 3],
    loss: (z) =>
      weightedSoftmaxCrossEntropy(tf.tensor1d(Y, 'int32'), z, {
        classWeights: CLASS_W,
        sampleWeights: tf.tensor1d(SAMPLE_W),
      }),
  },
  'binary/class/batch': {
    shape: [6, 2],
    loss: (z) => weightedBinaryCrossEntropy(tf.tensor2d(YB, [6, 2]), z, { classWeights: [1, 4], fromLogits: true }),
  },
  'binary/sample/weights': {
    shape: [6],
    loss: (z) =>
      weightedBinaryCrossEntropy(tf.tensor1d(YB.filter((_, i) => i % 2 === 0)), z, {
        sampleWeights: SAMPLE_W,
        normalize: 'weights',
        fromLogits: true,
      }),
  },
  'binary/both/weights': {
    shape: [6, 2],
    loss: (z) =>
      weightedBinaryCrossEntropy(tf.tensor2d(YB, [6, 2]), z, {
        classWeights: [1, 4],
        sampleWeights: SAMPLE_W,
        normalize: 'weights',
        fromLogits: true,
      }),
  },
};

describeOnBackends(['wasm', 'cpu'], 'weighted losses', () => {
  for (const [name, { shape, loss }] of Object.entries(CASES)) {
    it(`${name} matches PyTorch / scikit-learn in value and gradient`, () => {
      const reference = WEIGHTED_REFERENCE[name]!;
      const z = scope(() => tf.variable(logitsOf(shape)));
      const before = countTensors();
      const { value, grads } = tf.variableGrads(() => loss(z), [z]);
      expectClose(value.dataSync(), reference.loss, 'loss');
      expectClose(grads[z.name]!.dataSync(), reference.grad, 'gradient');
      tf.dispose([value, ...Object.values(grads)]);
      expect(countTensors()).toBe(before);
      z.dispose();
    });
  }

  it('without weights they equal the unweighted losses; with probabilities the binary one clips as binaryCrossEntropy', () => {
    const z = logitsOf([6, 3]);
    const y = tf.tensor1d(Y, 'int32');
    const yb = tf.tensor2d(YB, [6, 2]);
    const zb = logitsOf([6, 2]);
    const p = tf.sigmoid(zb);
    const before = countTensors();
    const pairs: [tf.Scalar, tf.Scalar][] = [
      [weightedSoftmaxCrossEntropy(y, z), softmaxCrossEntropy(y, z)],
      [weightedBinaryCrossEntropy(yb, zb, { fromLogits: true }), binaryCrossEntropy(yb, zb, { fromLogits: true })],
      [weightedBinaryCrossEntropy(yb, p, { fromLogits: false }), binaryCrossEntropy(yb, p, { fromLogits: false })],
      // Unit weights change nothing under either normalisation.
      [
        weightedSoftmaxCrossEntropy(y, z, { sampleWeights: [1, 1, 1, 1, 1, 1], normalize: 'weights' }),
        softmaxCrossEntropy(y, z),
      ],
    ];
    for (const [a, b] of pairs) expect(a.dataSync()[0]!).toBeCloseTo(b.dataSync()[0]!, 6);
    tf.dispose(pairs.flat());
    expect(countTensors()).toBe(before);
    tf.dispose([z, y, yb, zb, p]);
  });
});

it('bad weights raise typed errors naming the entry and the value', () => {
  const z = tf.zeros([2, 3]);
  const y = tf.tensor1d([0, 1], 'int32');
  const before = countTensors();
  const call = (w: LossWeights) => () => weightedSoftmaxCrossEntropy(y, z, w);
  expect(call({ classWeights: [1, 2] })).toThrow(/classWeights has 2 entries, expected 3/);
  expect(call({ sampleWeights: [1, -1] })).toThrow(/sampleWeights\[1\] is -1; weights must be finite and ≥ 0/);
  expect(call({ classWeights: [1, Number.NaN, 1] })).toThrow(NnError);
  expect(call({ normalize: 'mean' as 'batch', classWeights: [1, 1, 1] })).toThrow(/'batch' or 'weights'/);
  expect(() => weightedBinaryCrossEntropy(tf.zeros([2]), tf.zeros([3]))).toThrow(NnShapeError);
  // The two inline tf.zeros above are the only new tensors; failed calls leave none behind.
  expect(countTensors()).toBe(before + 2);
  tf.dispose([z, y]);
});
