import { countTensors, scope, tf, useBackend } from '@mlrecipe/tensor';
import { describe, expect, it } from 'vitest';
import {
  adam,
  adamw,
  chain,
  clipByGlobalNorm,
  createOptimizer,
  type GradientTransformation,
  momentum,
  OptimError,
  OptimShapeError,
  rmsprop,
  scaleByLearningRate,
  sgd,
  stateFromJSON,
  stateToJSON,
  stepSchedule,
} from '../src/index.js';
import { TORCH_TRAJECTORIES } from './torch_reference.js';

await useBackend('wasm');

const A = [
  [1, 2, 0.5],
  [0.3, -1, 2],
];
const Y = [1, -2];
const W0 = [0.5, -0.3, 0.8];
const B0 = [1, -0.5];

function problem() {
  const params = {
    w: scope(() => tf.variable(tf.tensor1d(W0), true, `w${Math.random()}`)),
    b: scope(() => tf.variable(tf.tensor1d(B0), true, `b${Math.random()}`)),
  };
  const a = tf.tensor2d(A);
  const y = tf.tensor1d(Y);
  const loss = () =>
    tf.add(
      tf.mul(0.5, tf.sum(tf.square(tf.sub(tf.squeeze(tf.matMul(a, tf.reshape(params.w, [3, 1]))), y)))),
      tf.mul(0.25, tf.sum(tf.pow(params.b, 4))),
    ) as tf.Scalar;
  const grads = () => {
    const { value, grads: g } = tf.variableGrads(loss, [params.w, params.b]);
    value.dispose();
    return { w: g[params.w.name]!, b: g[params.b.name]! };
  };
  return { params, grads, dispose: () => tf.dispose([a, y, params.w, params.b]) };
}

function trajectory(transform: GradientTransformation<unknown>, steps = 25): number[][] {
  const p = problem();
  const optimizer = createOptimizer(transform, p.params);
  const rows: number[][] = [];
  for (let i = 0; i < steps; i++) {
    const g = p.grads();
    optimizer.step(g);
    tf.dispose([g.w, g.b]);
    rows.push([...p.params.w.dataSync(), ...p.params.b.dataSync()]);
  }
  optimizer.dispose();
  p.dispose();
  return rows;
}

function expectClose(actual: number[][], expected: number[][], rtol = 1e-5, atol = 1e-6) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((row, i) => {
    row.forEach((v, j) => {
      const e = expected[i]![j]!;
      if (Math.abs(v - e) > atol + rtol * Math.abs(e)) {
        throw new Error(`step ${i + 1}, value ${j}: got ${v}, reference ${e}`);
      }
    });
  });
}

describe('optimizers against PyTorch’s torch.optim over 25 steps (1e-5 relative)', () => {
  it('adam matches torch.optim.Adam', () =>
    expectClose(trajectory(adam({ learningRate: 0.05 })), TORCH_TRAJECTORIES.adam!));
  it('rmsprop matches torch.optim.RMSprop (alpha = β = 0.9)', () =>
    expectClose(trajectory(rmsprop({ learningRate: 0.01, beta: 0.9 })), TORCH_TRAJECTORIES.rmsprop!));
  it('adamw matches torch.optim.AdamW', () =>
    expectClose(trajectory(adamw({ learningRate: 0.05, weightDecay: 0.1 })), TORCH_TRAJECTORIES.adamw!));
  it('heavy-ball momentum matches torch.optim.SGD(momentum=0.9)', () =>
    expectClose(trajectory(momentum({ learningRate: 0.01, form: 'heavyBall' })), TORCH_TRAJECTORIES.heavyBall!));
  it('Nesterov momentum matches torch.optim.SGD(nesterov=True)', () =>
    expectClose(
      trajectory(momentum({ learningRate: 0.01, form: 'heavyBall', nesterov: true })),
      TORCH_TRAJECTORIES.nesterov!,
    ));
});

// Closed-form recurrences in float64 with the analytic gradient: dL/dw = Aᵀ(Aw − y), dL/db = b³.
function closedForm(update: (g: number[], t: number, state: { v: number[] }) => number[], steps = 25): number[][] {
  const theta = [...W0, ...B0];
  const state = { v: [0, 0, 0, 0, 0] };
  const rows: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    const w = theta.slice(0, 3);
    const r = A.map((row, i) => row.reduce((s, a, j) => s + a * w[j]!, 0) - Y[i]!);
    const g = [0, 1, 2]
      .map((j) => A.reduce((s, row, i) => s + row[j]! * r[i]!, 0))
      .concat(theta.slice(3).map((b) => b ** 3));
    const step = update(g, t, state);
    for (let k = 0; k < 5; k++) theta[k]! -= step[k]!;
    rows.push([...theta]);
  }
  return rows;
}

describe('optimizers against their closed-form recurrences', () => {
  it('sgd: W −= α·dW', () => {
    expectClose(
      trajectory(sgd({ learningRate: 0.05 })),
      closedForm((g) => g.map((x) => 0.05 * x)),
    );
  });

  it('momentum in the course’s form: v = βv + (1 − β)dW, W −= αv', () => {
    const expected = closedForm((g, _, s) => {
      s.v = s.v.map((v, k) => 0.9 * v + 0.1 * g[k]!);
      return s.v.map((v) => 0.1 * v);
    });
    expectClose(trajectory(momentum({ learningRate: 0.1, beta: 0.9 })), expected);
  });

  it('a learning-rate schedule is called with t = 1, 2, 3, …', () => {
    const seen: number[] = [];
    trajectory(
      sgd({
        learningRate: stepSchedule((t) => {
          seen.push(t);
          return 0.01;
        }),
      }),
      3,
    );
    expect(seen).toEqual([1, 2, 3]);
  });
});

describe('composition and clipping', () => {
  it('clipByGlobalNorm rescales all gradients together above the norm and leaves them below it', () => {
    const g = { a: tf.tensor1d([3, 0]), b: tf.tensor1d([0, 4]) }; // global norm 5
    const clip = clipByGlobalNorm(2.5);
    const { updates } = clip.update(g, clip.init(g));
    expect(Array.from(updates.a!.dataSync())).toEqual([1.5, 0]);
    expect(Array.from(updates.b!.dataSync())).toEqual([0, 2]);
    const loose = clipByGlobalNorm(10).update(g, {});
    expect(Array.from(loose.updates.b!.dataSync())).toEqual([0, 4]);
    tf.dispose([g.a, g.b, ...Object.values(updates), ...Object.values(loose.updates)]);
  });

  it('chain passes updates along and frees the intermediates', () => {
    const g = { a: tf.tensor1d([3, 4]) };
    const before = countTensors();
    const tx = chain(clipByGlobalNorm(1), scaleByLearningRate(0.5));
    const { updates, state } = tx.update(g, tx.init(g));
    expect(Array.from(updates.a!.dataSync())).toEqual([-0.3, -0.4].map((v) => Math.fround(v)));
    expect(countTensors()).toBe(before + 1); // only the final update
    tf.dispose([g.a, updates.a!, state as tf.TensorContainer]);
  });
});

describe('createOptimizer', () => {
  it('keeps the number of live tensors constant over 100 steps', () => {
    const p = problem();
    const optimizer = createOptimizer(adam({ learningRate: 0.01 }), p.params);
    let live = -1;
    for (let i = 0; i < 100; i++) {
      const g = p.grads();
      optimizer.step(g);
      tf.dispose([g.w, g.b]);
      if (i === 0) live = countTensors();
      else expect(countTensors()).toBe(live);
    }
    optimizer.dispose();
    p.dispose();
  });

  it('resumes from a JSON checkpoint of its state with bit-identical parameters', () => {
    const straight = trajectory(adam({ learningRate: 0.05 }), 10);
    const p = problem();
    let optimizer = createOptimizer(adam({ learningRate: 0.05 }), p.params);
    for (let i = 0; i < 4; i++) {
      const g = p.grads();
      optimizer.step(g);
      tf.dispose([g.w, g.b]);
    }
    const saved = JSON.parse(JSON.stringify(stateToJSON(optimizer.state)));
    optimizer.dispose();
    optimizer = createOptimizer(adam({ learningRate: 0.05 }), p.params);
    optimizer.setState(stateFromJSON(saved));
    for (let i = 4; i < 10; i++) {
      const g = p.grads();
      optimizer.step(g);
      tf.dispose([g.w, g.b]);
    }
    expect([...p.params.w.dataSync(), ...p.params.b.dataSync()]).toEqual(straight[9]);
    optimizer.dispose();
    p.dispose();
  });

  it('rejects unknown names, wrong shapes, missing and NaN gradients, naming the parameter', () => {
    const p = problem();
    const optimizer = createOptimizer(sgd({ learningRate: 0.1 }), p.params);
    const ok = p.grads();
    const wrongShape = tf.zeros([4]);
    const nan = tf.tensor1d([Number.NaN, 0]);
    expect(() => optimizer.step({ ...ok, extra: ok.w })).toThrow(
      /'extra', which is not a parameter; parameters are w, b/,
    );
    expect(() => optimizer.step({ ...ok, w: wrongShape })).toThrow(OptimShapeError);
    expect(() => optimizer.step({ w: ok.w })).toThrow(/no gradient for b/);
    expect(() => optimizer.step({ ...ok, b: nan })).toThrow(
      /gradient of b contains NaN or Infinity; the parameters were left unchanged/,
    );
    expect(Array.from(p.params.b.dataSync())).toEqual(B0);
    tf.dispose([ok.w, ok.b, wrongShape, nan]);
    optimizer.dispose();
    p.dispose();
  });

  it('rejects bad hyperparameters at construction', () => {
    expect(() => adam({ learningRate: 0 })).toThrow(/learningRate must be a positive finite number, got 0/);
    expect(() => sgd({ learningRate: Number.NaN })).toThrow(OptimError);
    expect(() => adam({ learningRate: 0.1, beta1: 1 })).toThrow(/beta1 must be in \[0, 1\)/);
    expect(() => momentum({ learningRate: 0.1, beta: -0.1 })).toThrow(OptimError);
    expect(() => adamw({ learningRate: 0.1, weightDecay: -1 })).toThrow(/rate must be a finite number ≥ 0/);
    expect(() => clipByGlobalNorm(0)).toThrow(OptimError);
  });
});
