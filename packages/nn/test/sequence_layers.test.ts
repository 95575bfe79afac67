import { countTensors, createRng, scope, tf } from '@mlrecipe/tensor';
import { describeOnBackends } from '@mlrecipe/tensor/testing';
import { expect, it } from 'vitest';
import {
  conv1d,
  dense,
  embedding,
  globalAveragePool1d,
  globalAveragePool2d,
  type Layer,
  layerNorm,
  NnError,
  NnShapeError,
  sequential,
} from '../src/index.js';
import { expectClose, inputWave, lossWeights, paramWave } from './reference/compare.js';
import { LAYERS_REFERENCE } from './reference/layers_reference.js';

interface Case {
  layer: Layer;
  /** Shape of one example (without the batch), for build. */
  inputShape: number[];
  /** The batch: closed-form values, or fixed integer indices for the embedding. */
  x: () => tf.Tensor;
  /** Whether the reference has the gradient with respect to the inputs. */
  inputGradient: boolean;
}

// The same layers and data as test/reference/layers_torch.py, which holds the layout mapping to PyTorch.
const CASES: Record<string, Case> = {
  embedding: {
    layer: embedding({ inputDim: 5, outputDim: 3 }),
    inputShape: [3],
    x: () => tf.tensor2d([0, 4, 2, 2, 2, 1], [2, 3], 'int32'),
    inputGradient: false,
  },
  ...Object.fromEntries(
    (
      [
        ['valid', 1, 'linear'],
        ['same', 1, 'tanh'],
        ['same', 2, 'linear'],
        ['valid', 2, 'tanh'],
      ] as const
    ).map(([padding, strides, activation]) => [
      `conv1d/${padding}/${strides}/${activation}`,
      {
        layer: conv1d({ filters: 4, kernelSize: strides === 1 ? 3 : 4, strides, padding, activation }),
        inputShape: [7, 3],
        x: () => tf.tensor(inputWave(42), [2, 7, 3]),
        inputGradient: true,
      },
    ]),
  ),
  globalAveragePool1d: {
    layer: globalAveragePool1d(),
    inputShape: [5, 3],
    x: () => tf.tensor(inputWave(30), [2, 5, 3]),
    inputGradient: true,
  },
  globalAveragePool2d: {
    layer: globalAveragePool2d(),
    inputShape: [3, 4, 2],
    x: () => tf.tensor(inputWave(48), [2, 3, 4, 2]),
    inputGradient: true,
  },
  layerNorm: {
    layer: layerNorm(),
    inputShape: [3, 5],
    x: () => tf.tensor(inputWave(30), [2, 3, 5]),
    inputGradient: true,
  },
};

describeOnBackends(['wasm', 'cpu'], 'embedding, conv1d, global average pooling and layer norm', () => {
  for (const [name, { layer, inputShape, x: makeX, inputGradient }] of Object.entries(CASES)) {
    it(`${name} matches PyTorch 1.13 forward and backward, for the inputs and every parameter`, () => {
      const reference = LAYERS_REFERENCE[name]!;
      const built = layer.build(inputShape, createRng(1));
      const params = scope(() =>
        Object.fromEntries(
          Object.entries(built.params).map(([key, p], j) => [
            key,
            tf.variable(tf.tensor(paramWave(j, p.values.length), [...p.shape])),
          ]),
        ),
      );
      const x = scope(() => (inputGradient ? tf.variable(makeX()) : makeX()));
      const context = { training: true, state: {} };
      const before = countTensors();
      const out = layer.call(x, params, context);
      expect(out.shape.slice(1)).toEqual(built.outputShape);
      expectClose(out.dataSync(), reference.output!, 'output');
      out.dispose();
      const variables: Record<string, tf.Variable> = { ...params, ...(inputGradient ? { x: x as tf.Variable } : {}) };
      const { value, grads } = tf.variableGrads(
        () =>
          tf.tidy(() => {
            const y = layer.call(x, params, context);
            return tf.sum(tf.mul(y, tf.tensor(lossWeights(y.size), y.shape))) as tf.Scalar;
          }),
        Object.values(variables),
      );
      expect(Object.keys(variables).sort()).toEqual(
        Object.keys(reference)
          .filter((k) => k !== 'output')
          .sort(),
      );
      for (const [key, v] of Object.entries(variables)) expectClose(grads[v.name]!.dataSync(), reference[key]!, key);
      tf.dispose([value, ...Object.values(grads)]);
      expect(countTensors()).toBe(before);
      tf.dispose([x, ...Object.values(params)]);
    });
  }
});

it('the layers compose in sequential with the shapes summary reports', () => {
  const text = sequential([
    embedding({ inputDim: 28, outputDim: 8 }),
    conv1d({ filters: 6, kernelSize: 3, strides: 2 }),
    layerNorm(),
    globalAveragePool1d(),
    dense({ units: 2 }),
  ]).summary([11]);
  expect(text).toMatch(/embedding_1\s+\[11, 8\]\s+224/);
  expect(text).toMatch(/conv1d_1\s+\[6, 6\]\s+150/);
  expect(text).toMatch(/layerNorm_1\s+\[6, 6\]\s+12/);
  expect(text).toMatch(/globalAveragePool1d_1\s+\[6\]\s+0/);
});

it('bad options, shapes and indices raise typed errors that name the value', () => {
  expect(() => embedding({ inputDim: 0, outputDim: 2 })).toThrow(NnError);
  expect(() => conv1d({ filters: 2, kernelSize: 1.5 })).toThrow(/kernelSize must be a positive integer, got 1.5/);
  expect(() => conv1d({ filters: 2, kernelSize: 3, padding: 'full' as 'same' })).toThrow(/'same' or 'valid'/);
  expect(() => conv1d({ filters: 2, kernelSize: 5, padding: 'valid' }).build([3, 1], createRng(1))).toThrow(
    NnShapeError,
  );
  expect(() => globalAveragePool2d().build([4, 4], createRng(1))).toThrow(/\[height, width, channels\]/);
  expect(() => layerNorm({ epsilon: 0 })).toThrow(NnError);
  const layer = embedding({ inputDim: 3, outputDim: 2 });
  const table = tf.zeros([3, 2]);
  const bad = tf.tensor1d([0, 3], 'int32');
  const before = countTensors();
  expect(() => layer.call(bad, { embeddings: table }, { training: false, state: {} })).toThrow(
    /index 3 at flat position 1/,
  );
  expect(countTensors()).toBe(before);
  tf.dispose([table, bad]);
});
