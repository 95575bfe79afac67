import { describe, expect, it } from 'vitest';
import { createRng, expectNoLeaks, scope, tf, useBackend } from '../src/index.js';

function cnn(seed: number) {
  const rng = createRng(seed);
  const init = (shape: number[], fanIn: number) =>
    scope(() =>
      tf.variable(
        tf.tensor(
          Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal(0, Math.sqrt(2 / fanIn))),
          shape,
        ),
      ),
    );
  const params = [init([3, 3, 1, 4], 9), init([3, 3, 4, 8], 36), init([2 * 4 * 8, 3], 64)];
  const [k1, k2, w] = params as [tf.Variable, tf.Variable, tf.Variable];
  const forward = (x: tf.Tensor4D) => {
    let h = tf.maxPool(tf.relu(tf.conv2d(x, k1 as tf.Tensor4D, 1, 'same')), 2, 2, 'valid');
    h = tf.maxPool(tf.relu(tf.conv2d(h, k2 as tf.Tensor4D, [2, 1], 'same')), 2, 2, 'valid');
    return tf.matMul(tf.reshape(h, [x.shape[0], -1]), w);
  };
  return { params, forward };
}

/** Three classes of 16×16 images: a bright top half, left half, or centre square. */
function dataset(n: number) {
  const rng = createRng(9);
  const x = new Float32Array(n * 256);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 3;
    for (let r = 0; r < 16; r++) {
      for (let c = 0; c < 16; c++) {
        const on = y[i] === 0 ? r < 8 : y[i] === 1 ? c < 8 : r >= 4 && r < 12 && c >= 4 && c < 12;
        x[i * 256 + r * 16 + c] = (on ? 1 : 0) + rng.normal(0, 0.3);
      }
    }
  }
  return { x, y };
}

describe('a CNN on wasm', () => {
  it('has the same gradients as on cpu (parity tolerance for sums: 1e-5 relative, 1e-4 absolute)', async () => {
    const { x, y } = dataset(8);
    const grads: Record<string, Float32Array[]> = {};
    for (const backend of ['cpu', 'wasm'] as const) {
      await useBackend(backend);
      const { params, forward } = cnn(1);
      await expectNoLeaks(async () => {
        const xs = tf.tensor4d(x, [8, 16, 16, 1]);
        const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), 3));
        const { value, grads: g } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(labels, forward(xs)), params);
        grads[backend] = await Promise.all(params.map(async (p) => (await g[p.name]!.data()) as Float32Array));
        tf.dispose([xs, labels, value, ...Object.values(g)]);
      });
      tf.dispose(params);
    }
    grads.cpu!.forEach((reference, k) => {
      reference.forEach((v, i) => {
        expect(Math.abs(grads.wasm![k]![i]! - v)).toBeLessThanOrEqual(1e-4 + 1e-5 * Math.abs(v));
      });
    });
  });

  it('trains: 30 Adam steps take the loss well down, with no tensor growth', async () => {
    await useBackend('wasm');
    const { params, forward } = cnn(2);
    const { x, y } = dataset(48);
    const xs = tf.tensor4d(x, [48, 16, 16, 1]);
    const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), 3));
    const optimizer = tf.train.adam(0.01, 0.9, 0.999, 1e-8);
    const losses: number[] = [];
    let live = 0;
    for (let step = 0; step < 30; step++) {
      const loss = optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(labels, forward(xs)) as tf.Scalar,
        true,
        params,
      )!;
      losses.push(loss.dataSync()[0]!);
      loss.dispose();
      if (step === 1) live = tf.memory().numTensors;
      if (step > 1) expect(tf.memory().numTensors).toBe(live);
    }
    expect(losses[29]!).toBeLessThan(losses[0]! * 0.3);
    optimizer.dispose();
    tf.dispose([xs, labels, ...params]);
  });
});
