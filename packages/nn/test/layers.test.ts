import { captureWarnings } from '@mlrecipe/core';
import { createRng, expectNoLeaks, tf, useBackend } from '@mlrecipe/tensor';
import { describe, expect, it } from 'vitest';
import {
  avgPool2d,
  batchNorm,
  binaryCrossEntropy,
  conv2d,
  dense,
  dropout,
  flatten,
  glorotUniform,
  he,
  maskedSigmoidCrossEntropy,
  maxPool2d,
  meanSquaredError,
  NnError,
  NnShapeError,
  sequential,
  softmaxCrossEntropy,
  valueAndGrads,
  zeros,
} from '../src/index.js';

await useBackend('cpu');

/** Central differences in float32 on a smooth loss: ε = 1e-2 balances truncation against rounding. */
function numericalGradient(loss: () => number, variable: tf.Variable, indices: number[]): number[] {
  const eps = 1e-2;
  return indices.map((i) => {
    const values = variable.dataSync().slice();
    const at = (delta: number) => {
      const shifted = values.slice();
      shifted[i] = values[i]! + delta;
      variable.assign(tf.tensor(shifted, variable.shape));
      return loss();
    };
    const g = (at(eps) - at(-eps)) / (2 * eps);
    variable.assign(tf.tensor(values, variable.shape));
    return g;
  });
}

describe('layer gradients match central differences', () => {
  it('dense → conv-free MLP, conv2d + pooling, and batch norm', () => {
    const rng = createRng(5);
    const cases = [
      { model: sequential([dense({ units: 4, activation: 'tanh' }), dense({ units: 3 })]), shape: [5], batch: [6, 5] },
      {
        model: sequential([
          conv2d({ filters: 2, kernelSize: 3, activation: 'tanh' }),
          avgPool2d(),
          flatten(),
          dense({ units: 2 }),
        ]),
        shape: [6, 6, 1],
        batch: [3, 6, 6, 1],
      },
      {
        model: sequential([dense({ units: 4 }), batchNorm(), dense({ units: 2, activation: 'sigmoid' })]),
        shape: [3],
        batch: [8, 3],
      },
    ];
    for (const { model, shape, batch } of cases) {
      const { params, state } = model.init(shape, rng);
      const x = tf.tensor(
        Float32Array.from({ length: batch.reduce((a, b) => a * b, 1) }, () => rng.normal()),
        batch,
      );
      const lossTensor = () =>
        tf.tidy(() => tf.mean(tf.square(model.apply(params, x, { training: true, state }))) as tf.Scalar);
      const { value, grads } = valueAndGrads(lossTensor, params);
      for (const [name, variable] of Object.entries(params)) {
        const n = variable.size;
        const picks = [0, Math.floor(n / 2), n - 1];
        const numeric = numericalGradient(
          () => {
            const l = lossTensor();
            const v = l.dataSync()[0]!;
            l.dispose();
            return v;
          },
          variable,
          picks,
        );
        const analytic = grads[name]!.dataSync();
        picks.forEach((i, k) => {
          expect(Math.abs(analytic[i]! - numeric[k]!), `${name}[${i}]`).toBeLessThan(
            2e-3 + 2e-2 * Math.abs(numeric[k]!),
          );
        });
      }
      tf.dispose([x, value, ...Object.values(grads), ...Object.values(params), ...Object.values(state)]);
    }
  });
});

describe('initialisers', () => {
  it('draw He weights with variance 2/n_in and Glorot within ±√(6/(n_in + n_out))', () => {
    const w = he(100_000, { fanIn: 50, fanOut: 10 }, createRng(1));
    const variance = w.reduce((s, v) => s + v * v, 0) / w.length;
    expect(Math.abs(variance - 2 / 50) / (2 / 50)).toBeLessThan(0.02);
    const g = glorotUniform(10_000, { fanIn: 20, fanOut: 30 }, createRng(2));
    const limit = Math.sqrt(6 / 50);
    expect(Math.max(...g)).toBeLessThanOrEqual(limit);
    expect(Math.min(...g)).toBeGreaterThanOrEqual(-limit);
  });

  it('warn when hidden weights start at zero: dense, conv2d and recurrent kernels alike', () => {
    const { value: params, warnings: denseWarnings } = captureWarnings(
      () => sequential([dense({ units: 3, kernelInitializer: zeros })]).init([2], createRng(1)).params,
    );
    const { value: conv, warnings: convWarnings } = captureWarnings(() =>
      sequential([conv2d({ filters: 2, kernelSize: 3, kernelInitializer: zeros })]).init([5, 5, 1], createRng(1)),
    );
    for (const [warnings, layer] of [
      [denseWarnings, 'dense'],
      [convWarnings, 'conv2d'],
    ] as const) {
      expect(warnings.map((w) => [w.code, w.details])).toEqual([['ZERO_KERNEL_INIT', { layer }]]);
      expect(warnings[0]!.message).toMatch(new RegExp(`^${layer}: zeros .*every unit learn the same thing`));
    }
    // The default initialisers do not warn.
    const { value: quiet, warnings: none } = captureWarnings(() =>
      sequential([conv2d({ filters: 2, kernelSize: 3 }), flatten(), dense({ units: 2 })]).init([5, 5, 1], createRng(1)),
    );
    expect(none).toEqual([]);
    tf.dispose([...Object.values(params), ...Object.values(conv.params), ...Object.values(quiet.params)]);
  });

  it('give the same parameters for the same seed', () => {
    const model = sequential([dense({ units: 3, activation: 'relu' })]);
    const a = model.init([4], createRng(9)).params;
    const b = model.init([4], createRng(9)).params;
    expect(Array.from(a['dense_1/kernel']!.dataSync())).toEqual(Array.from(b['dense_1/kernel']!.dataSync()));
    tf.dispose([...Object.values(a), ...Object.values(b)]);
  });
});

describe('losses', () => {
  it('binary cross-entropy from logits does not overflow and matches the closed form', () => {
    expectNoLeaks(() => {
      const y = tf.tensor1d([0, 1, 1]);
      const z = tf.tensor1d([100, -100, 0]);
      const loss = binaryCrossEntropy(y, z, { fromLogits: true });
      // (100 + 100 + log 2) / 3
      expect(loss.dataSync()[0]).toBeCloseTo((200 + Math.LN2) / 3, 4);
      const p = tf.tensor1d([0.9, 0.2, 0.5]);
      const fromProbabilities = binaryCrossEntropy(y, p, { fromLogits: false });
      expect(fromProbabilities.dataSync()[0]).toBeCloseTo(-(Math.log(0.1) + Math.log(0.2) + Math.log(0.5)) / 3, 5);
      tf.dispose([y, z, loss, p, fromProbabilities]);
    });
  });

  it('softmax cross-entropy takes integer or one-hot labels: −log(e²/(e² + e + 1)) = 0.407606', () => {
    const logits = tf.tensor2d([[2, 1, 0]]);
    const a = softmaxCrossEntropy(tf.tensor1d([0], 'int32'), logits);
    const b = softmaxCrossEntropy(tf.tensor2d([[1, 0, 0]]), logits);
    expect(a.dataSync()[0]).toBeCloseTo(0.40760596, 6);
    expect(b.dataSync()[0]).toBeCloseTo(0.40760596, 6);
    const mse = meanSquaredError(tf.tensor1d([1, 2]), tf.tensor1d([2, 4]));
    expect(mse.dataSync()[0]).toBe(2.5);
    expect(() => softmaxCrossEntropy(tf.tensor2d([[1, 0]]), logits)).toThrow(NnShapeError);
  });

  it('masked sigmoid cross-entropy ignores missing labels and averages over present ones', () => {
    const labels = tf.tensor2d([
      [1, Number.NaN],
      [0, 1],
    ]);
    const logits = tf.tensor2d([
      [0, 50],
      [0, 0],
    ]);
    const loss = maskedSigmoidCrossEntropy(labels, logits);
    expect(loss.dataSync()[0]).toBeCloseTo(Math.LN2, 5); // three present entries, each log 2
  });
});

describe('batch norm', () => {
  it('normalises with batch statistics in training, updates running averages, and uses them at inference', () => {
    const model = sequential([batchNorm({ momentum: 0.9 })]);
    const { params, state } = model.init([2], createRng(1));
    const x = tf.tensor2d([
      [1, 10],
      [3, 30],
    ]);
    const y = model.apply(params, x, { training: true, state });
    // mean [2, 20], variance [1, 100]: (x − μ)/√(σ² + 1e-3)
    const out = Array.from(y.dataSync());
    expect(out[0]).toBeCloseTo(-1 / Math.sqrt(1.001), 5);
    expect(out[1]).toBeCloseTo(-10 / Math.sqrt(100.001), 5);
    expect(Array.from(state['batchNorm_1/movingMean']!.dataSync()).map((v) => Number(v.toFixed(5)))).toEqual([0.2, 2]);
    expect(Array.from(state['batchNorm_1/movingVariance']!.dataSync()).map((v) => Number(v.toFixed(5)))).toEqual([
      1, 10.9,
    ]);
    const inference = model.apply(params, x, { training: false, state });
    expect(inference.dataSync()[0]).toBeCloseTo((1 - 0.2) / Math.sqrt(1.001), 5);
    tf.dispose([x, y, inference, ...Object.values(params), ...Object.values(state)]);
  });

  it('a frozen batch-norm layer trains in inference mode: its statistics stay fixed (as Keras)', () => {
    const model = sequential([batchNorm({ momentum: 0.9 }), dropout({ keepProb: 0.5 })]);
    const { params, state } = model.init([2], createRng(1));
    const x = tf.tensor2d([
      [1, 10],
      [3, 30],
    ]);
    const y = model.apply(params, x, {
      training: true,
      state,
      rng: createRng(2),
      frozen: (layer) => layer === 'batchNorm_1',
    });
    expect(Array.from(state['batchNorm_1/movingMean']!.dataSync())).toEqual([0, 0]);
    expect(Array.from(state['batchNorm_1/movingVariance']!.dataSync())).toEqual([1, 1]);
    // Normalised with mean 0, variance 1, then inverted dropout: each value is 0 or doubled.
    const out = Array.from(y.dataSync());
    const expected = [1, 10, 3, 30].map((v) => v / Math.sqrt(1.001));
    for (const [i, v] of out.entries()) expect([0, 2 * expected[i]!].some((e) => Math.abs(v - e) < 1e-4)).toBe(true);
    expect(out.some((v) => v === 0)).toBe(true); // dropout still ran: it is not a frozen layer
    tf.dispose([x, y, ...Object.values(params), ...Object.values(state)]);
  });
});

describe('models', () => {
  it('summarise layers, shapes and parameter counts: 784-256-128-10 has 235,146', () => {
    const model = sequential([
      dense({ units: 256, activation: 'relu' }),
      dense({ units: 128, activation: 'relu' }),
      dense({ units: 10 }),
    ]);
    const text = model.summary([784]);
    expect(text).toMatch(/dense_1\s+\[256\]\s+200,960/);
    expect(text).toContain('total trainable parameters: 235,146');
    const cnn = sequential([
      conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
      maxPool2d(),
      flatten(),
      dense({ units: 10 }),
    ]);
    expect(cnn.summary([28, 28, 1])).toMatch(/maxPool2d_1\s+\[14, 14, 16\]/); // 'same' conv keeps 28×28; pooled 14×14
  });

  it('reject impossible shapes and configurations with what to do', () => {
    expect(() => sequential([dense({ units: 3 })]).init([28, 28], createRng(1))).toThrow(/add flatten\(\) before it/);
    expect(() => dense({ units: 0 })).toThrow(NnError);
    expect(() => dense({ units: 2, activation: 'swish' as never })).toThrow(/unknown activation "swish"/);
    expect(() => sequential([])).toThrow(NnError);
    expect(() => sequential([dense({ units: 2 })]).init([0], createRng(1))).toThrow(
      /inputShape must be positive integers/,
    );
  });

  it('apply leaks nothing; dropout needs an rng only in training, and the same rng gives the same output', () => {
    const model = sequential([
      dense({ units: 4, activation: 'relu' }),
      dropout({ keepProb: 0.5 }),
      dense({ units: 2 }),
    ]);
    const { params } = model.init([3], createRng(3));
    const x = tf.ones([5, 3]);
    expectNoLeaks(() => model.apply(params, x).dispose());
    expect(() => model.apply(params, x, { training: true })).toThrow(/needs an rng for this step/);
    const a = model.apply(params, x, { training: true, rng: createRng(1).fork('step-1') });
    const b = model.apply(params, x, { training: true, rng: createRng(1).fork('step-1') });
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(model.names).toEqual(['dense_1', 'dropout_1', 'dense_2']);
    tf.dispose([a, b, x, ...Object.values(params)]);
  });
});
