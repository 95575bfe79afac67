// The sequence layers and the CTC loss as parity cases (see @mlrecipe/tensor/parity): forward
// outputs and the gradients with respect to inputs and every parameter, from seeded inputs and
// seeded initial parameters. No test-framework import: the same cases run under vitest (wasm) and
// in Chromium (WebGL).
import { createRng, tf } from '@mlrecipe/tensor';
import { type ParityCase, seededTensor as seeded } from '@mlrecipe/tensor/parity';
import {
  bidirectional,
  conv1d,
  ctcLoss,
  embedding,
  gru,
  type Layer,
  layerNorm,
  lstm,
  simpleRnn,
} from '../../src/index.js';

// Recurrences chain sums of ~20 products through tanh/sigmoid for 6 steps, and gradients run back
// through them: the float32 reordering error of one step (see parity_cases' SUMS) grows by about
// the number of steps, so 1e-4 absolute / 1e-4 relative.
const RECURRENT = { rtol: 1e-4, atol: 1e-4 };

/** The layer's output and d(Σ output²) with respect to the input (unless integer) and every parameter. */
function forwardAndGradients(layer: Layer, inputShape: number[], x: tf.Tensor, seed: number): tf.Tensor[] {
  const built = layer.build(inputShape.slice(1), createRng(seed));
  const names = Object.keys(built.params);
  const params = names.map((n) => tf.tensor(built.params[n]!.values, [...built.params[n]!.shape]));
  const context = { training: false, state: {} };
  const output = (input: tf.Tensor, values: tf.Tensor[]) =>
    layer.call(input, Object.fromEntries(names.map((n, i) => [n, values[i]!])), context);
  const differentiable = x.dtype === 'float32';
  const grads = tf.grads((...args: tf.Tensor[]) => {
    const input = differentiable ? args[0]! : x;
    return tf.sum(tf.square(output(input, differentiable ? args.slice(1) : args)));
  })(differentiable ? [x, ...params] : params);
  return [output(x, params), ...grads];
}

const recurrentCases: ParityCase[] = (
  [
    ['simpleRnn', () => simpleRnn({ units: 5, returnSequences: true })],
    ['simpleRnn', () => simpleRnn({ units: 5, maskValue: 0 })],
    ['gru', () => gru({ units: 5, returnSequences: true })],
    ['gru', () => gru({ units: 5, maskValue: 0 })],
    ['lstm', () => lstm({ units: 5, returnSequences: true })],
    ['lstm', () => lstm({ units: 5, maskValue: 0 })],
    ['bidirectional', () => bidirectional(gru({ units: 4, returnSequences: true }))],
    ['bidirectional', () => bidirectional(lstm({ units: 4, maskValue: 0 }), { merge: 'sum' })],
  ] as const
).map(([family, make], i) => {
  const layer = make();
  const masked = 'maskValue' in layer.config;
  return {
    family,
    name: `${family} ${JSON.stringify(layer.config)}${masked ? ', last 2 steps of row 1 padded' : ''}: output, dx, dParams`,
    tolerance: RECURRENT,
    run: () => {
      const x = seeded([3, 6, 4], 20 + i);
      // Padding at the end of one row: its steps are all equal to the mask value.
      const input = masked
        ? tf.mul(x, tf.tensor3d([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1], [3, 6, 1]))
        : x;
      return forwardAndGradients(layer, [3, 6, 4], input, 40 + i);
    },
  };
});

const SUMS = { rtol: 1e-5, atol: 1e-4 };

const otherLayerCases: ParityCase[] = [
  {
    family: 'embedding',
    name: 'embedding 11 → 6 on int32 [4×5] indices: output, dTable',
    tolerance: SUMS,
    run: () =>
      forwardAndGradients(
        embedding({ inputDim: 11, outputDim: 6 }),
        [4, 5],
        seeded([4, 5], 50, { dtype: 'int32', low: 0, high: 11 }),
        51,
      ),
  },
  ...(
    [
      { filters: 5, kernelSize: 3, strides: 1, padding: 'same' },
      { filters: 5, kernelSize: 3, strides: 2, padding: 'same' },
      { filters: 4, kernelSize: 4, strides: 2, padding: 'valid' },
    ] as const
  ).map(
    (options, i): ParityCase => ({
      family: 'conv1d',
      name: `conv1d ${JSON.stringify(options)}, ReLU on [2×9×3]: output, dx, dKernel, dBias`,
      tolerance: SUMS,
      run: () =>
        forwardAndGradients(conv1d({ ...options, activation: 'relu' }), [2, 9, 3], seeded([2, 9, 3], 60 + i), 70 + i),
    }),
  ),
  {
    family: 'layerNorm',
    name: 'layerNorm on [3×4×7]: output, dx, dGamma, dBeta',
    tolerance: SUMS,
    run: () => forwardAndGradients(layerNorm(), [3, 4, 7], seeded([3, 4, 7], 80, { low: -3, high: 3 }), 81),
  },
];

const ctcCases: ParityCase[] = (['mean', 'sum'] as const).map((reduction, i) => ({
  family: 'ctcLoss',
  name: `ctcLoss ${reduction} over [3×8×5] logits, labels with repeats and an empty one, input lengths 8, 6, 3: loss, dLogits`,
  tolerance: SUMS,
  run: () => {
    const logits = seeded([3, 8, 5], 90 + i, { low: -2, high: 2 });
    const labels = [[1, 2, 2, 3], [4, 4], []];
    const options = { inputLengths: [8, 6, 3], reduction };
    const [dLogits] = tf.grads((z: tf.Tensor) => ctcLoss(z, labels, options))([logits]);
    return [ctcLoss(logits, labels, options), dLogits!];
  },
}));

/** Every nn parity case: recurrent layers (masked and not, bidirectional), embedding, conv1d, layerNorm and the CTC loss. */
export const NN_PARITY_CASES: readonly ParityCase[] = [...recurrentCases, ...otherLayerCases, ...ctcCases];
