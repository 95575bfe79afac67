import { gradientCheck } from '@mlrecipe/diagnostics/gradients';
import { countTensors, createRng, scope, tf } from '@mlrecipe/tensor';
import { describeOnBackends } from '@mlrecipe/tensor/testing';
import { expect, it } from 'vitest';
import {
  bidirectional,
  dense,
  gru,
  lstm,
  NnError,
  NnShapeError,
  orthogonal,
  type RecurrentLayer,
  type RecurrentOptions,
  sequential,
  simpleRnn,
} from '../src/index.js';
import { expectClose, inputWave, lossWeights, paramWave, wave } from './reference/compare.js';
import { RECURRENT_REFERENCE } from './reference/recurrent_reference.js';

// Sizes, padding and closed-form values shared with test/reference/recurrent_torch.py, which holds
// the gate-order mapping to PyTorch (LSTM i,f,g,o in both; GRU ours z,r,h vs PyTorch r,z,n).
const [B, T, D, H] = [3, 4, 3, 2];
const LENGTHS = [4, 2, 3];
const CELLS: Record<string, (o: RecurrentOptions) => RecurrentLayer> = { simpleRnn, gru, lstm };

function inputs(masked: boolean): Float32Array {
  const x = inputWave(B * T * D);
  if (masked) for (const [b, n] of LENGTHS.entries()) x.fill(0, (b * T + n) * D, (b + 1) * T * D);
  return x;
}

function setup(cell: string, mode: string) {
  const make = CELLS[cell]!;
  const layer =
    mode === 'sequence'
      ? make({ units: H, returnSequences: true })
      : mode === 'masked'
        ? make({ units: H, maskValue: 0 })
        : bidirectional(make({ units: H, returnSequences: true, maskValue: 0 }));
  const built = layer.build([T, D], createRng(1));
  const params = scope(() =>
    Object.fromEntries(
      Object.entries(built.params).map(([name, p], j) => [
        name,
        tf.variable(tf.tensor(paramWave(j, p.values.length), [...p.shape])),
      ]),
    ),
  );
  const x = scope(() => tf.variable(tf.tensor(inputs(mode !== 'sequence'), [B, T, D])));
  const initial =
    mode === 'sequence'
      ? scope(() => ({
          h0: tf.variable(
            tf.tensor(
              wave(B * H, (k) => 0.3 * Math.cos(0.9 * k)),
              [B, H],
            ),
          ),
          ...(cell === 'lstm'
            ? {
                c0: tf.variable(
                  tf.tensor(
                    wave(B * H, (k) => 0.2 * Math.sin(1.7 * k + 0.5)),
                    [B, H],
                  ),
                ),
              }
            : {}),
        }))
      : {};
  const output = () =>
    tf.tidy(() => layer.run(x, params, mode === 'sequence' ? { initialState: Object.values(initial) } : {}).output);
  const loss = () =>
    tf.tidy(() => {
      const out = output();
      return tf.sum(tf.mul(out, tf.tensor(lossWeights(out.size), out.shape))) as tf.Scalar;
    });
  const variables: Record<string, tf.Variable> = { ...params, x, ...initial };
  return { layer, output, loss, variables, dispose: () => tf.dispose(Object.values(variables)) };
}

describeOnBackends(['wasm', 'cpu'], 'recurrent layers', () => {
  for (const cell of Object.keys(CELLS)) {
    for (const mode of ['sequence', 'masked', 'bidirectional']) {
      it(`${cell} (${mode}) matches PyTorch 1.13 forward and backward, for inputs, every parameter and the initial state`, () => {
        const reference = RECURRENT_REFERENCE[`${cell}/${mode}`]!;
        const { output, loss, variables, dispose } = setup(cell, mode);
        const before = countTensors();
        const out = output();
        expectClose(out.dataSync(), reference.output!, 'output');
        out.dispose();
        const { value, grads } = tf.variableGrads(loss, Object.values(variables));
        const names = Object.keys(variables);
        expect(names.sort()).toEqual(
          Object.keys(reference)
            .filter((k) => k !== 'output')
            .sort(),
        );
        for (const name of names) expectClose(grads[variables[name]!.name]!.dataSync(), reference[name]!, name);
        tf.dispose([value, ...Object.values(grads)]);
        expect(countTensors()).toBe(before);
        dispose();
      });
    }
  }

  it('gradientCheck agrees with backprop through a masked bidirectional LSTM and GRU', () => {
    for (const cell of ['lstm', 'gru']) {
      const { loss, variables, dispose } = setup(cell, 'bidirectional');
      const { x: _x, ...params } = variables;
      const result = gradientCheck(loss, params, { maxEntries: 8 });
      expect(result.verdict, `${cell}: ${result.message}`).toBe('ok');
      dispose();
    }
  });

  it('a padded step changes nothing: the last output of a padded sequence equals that of the unpadded one', () => {
    const layer = gru({ units: 3, maskValue: 0 });
    const rng = createRng(4);
    const { params } = sequential([layer]).init([5, 2], rng);
    const local = Object.fromEntries(Object.entries(params).map(([k, v]) => [k.split('/')[1]!, v]));
    const before = countTensors();
    const seq = wave(6, (k) => Math.cos(k + 1));
    const padded = tf.tensor([...seq, 0, 0, 0, 0], [1, 5, 2]);
    const short = tf.tensor(seq, [1, 3, 2]);
    const a = layer.call(padded, local, { training: false, state: {} });
    const b = layer.call(short, local, { training: false, state: {} });
    expectClose(a.dataSync(), Array.from(b.dataSync()), 'padded vs unpadded');
    tf.dispose([padded, short, a, b]);
    expect(countTensors()).toBe(before);
    tf.dispose(Object.values(params));
  });
});

it('initialisers: glorot-uniform input kernel, orthogonal recurrent kernel, LSTM forget-gate bias 1', () => {
  const built = lstm({ units: 3 }).build([5, 4], createRng(2));
  const { kernel, recurrentKernel, bias } = built.params;
  const limit = Math.sqrt(6 / (4 + 12));
  expect(Math.max(...kernel!.values.map(Math.abs))).toBeLessThanOrEqual(limit);
  expect(Array.from(bias!.values)).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  // U is [3, 12] with orthonormal rows: U·Uᵀ = I.
  const u = recurrentKernel!.values;
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) {
      let dot = 0;
      for (let k = 0; k < 12; k++) dot += u[i * 12 + k]! * u[j * 12 + k]!;
      expect(dot).toBeCloseTo(i === j ? 1 : 0, 5);
    }
  // A tall matrix has orthonormal columns.
  const q = orthogonal(12, { fanIn: 4, fanOut: 3 }, createRng(3));
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) {
      let dot = 0;
      for (let k = 0; k < 4; k++) dot += q[k * 3 + i]! * q[k * 3 + j]!;
      expect(dot).toBeCloseTo(i === j ? 1 : 0, 5);
    }
  expect(built.outputShape).toEqual([3]);
});

it('sequential sizes recurrent layers: sequence, last step and bidirectional concatenation', () => {
  const model = sequential([
    bidirectional(gru({ units: 4, returnSequences: true })),
    lstm({ units: 3 }),
    dense({ units: 2 }),
  ]);
  expect(model.summary([7, 5])).toContain('[7, 8]');
  expect(model.names).toEqual(['bidirectional_1', 'lstm_1', 'dense_1']);
  const { params } = model.init([7, 5], createRng(1));
  expect(Object.keys(params)).toContain('bidirectional_1/backward/recurrentBias');
  tf.dispose(Object.values(params));
});

it('wrong options and shapes raise typed errors that name the value and the fix', () => {
  expect(() => lstm({ units: 0 })).toThrow(NnError);
  expect(() => gru(undefined as unknown as RecurrentOptions)).toThrow(/options object/);
  expect(() => simpleRnn({ units: 2, maskValue: Number.NaN })).toThrow(NnError);
  expect(() => bidirectional(dense({ units: 2 }) as unknown as RecurrentLayer)).toThrow(/recurrent layer/);
  expect(() => lstm({ units: 2 }).build([5], createRng(1))).toThrow(NnShapeError);
  const layer = lstm({ units: 2 });
  const params = scope(() =>
    Object.fromEntries(
      Object.entries(layer.build([3, 2], createRng(1)).params).map(([k, p]) => [k, tf.tensor(p.values, [...p.shape])]),
    ),
  );
  const x = tf.zeros([1, 3, 2]);
  const noBatch = tf.zeros([3, 2]);
  const wideX = tf.zeros([1, 3, 4]);
  const h = tf.zeros([1, 2]);
  const shortMask = tf.ones([1, 2]);
  const before = countTensors();
  expect(() => layer.run(noBatch, params)).toThrow(/\[batch, time, features\]/);
  expect(() => layer.run(wideX, params)).toThrow(/4 features/);
  expect(() => layer.run(x, params, { initialState: [h] })).toThrow(/h and c/);
  expect(() => layer.run(x, params, { mask: shortMask })).toThrow(/mask must be/);
  expect(countTensors()).toBe(before);
  tf.dispose([x, noBatch, wideX, h, shortMask]);
  tf.dispose(Object.values(params));
});
