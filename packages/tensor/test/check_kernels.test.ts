import { describe, expect, it } from 'vitest';
import {
  checkKernels,
  createRng,
  expectNoLeaks,
  InvalidArgumentError,
  LAYER_TRAINING_KERNELS,
  registerBackendFixes,
  scope,
  tf,
  unregisterBackendFixes,
  useBackend,
} from '../src/index.js';

function variable(shape: number[], seed: number): tf.Variable {
  const rng = createRng(seed);
  const values = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal(0, 0.1));
  return scope(() => tf.variable(tf.tensor(values, shape)));
}

/** One training step through every layer kind mlrecipe ships, as a scalar loss of variables. */
function layerZoo() {
  const w = {
    conv: variable([3, 3, 1, 4], 1),
    dense: variable([4 * 4 * 4, 10], 2),
    bias: variable([10], 3),
    gamma: variable([4], 4),
    beta: variable([4], 5),
  };
  const x = tf.tensor4d(
    Float32Array.from({ length: 2 * 8 * 8 }, (_, i) => (i % 7) / 7),
    [2, 8, 8, 1],
  );
  const labels = tf.tensor1d([3, 7], 'int32');
  const loss = () => {
    let h: tf.Tensor = tf.conv2d(x, w.conv as tf.Tensor4D, 1, 'same');
    const { mean, variance } = tf.moments(h, [0, 1, 2]);
    h = tf.batchNorm(h, mean, variance, w.beta, w.gamma, 1e-3);
    h = tf.maxPool(tf.relu(h) as tf.Tensor4D, 2, 2, 'valid');
    h = tf.add(h, tf.avgPool(tf.leakyRelu(h, 0.2) as tf.Tensor4D, 1, 1, 'valid'));
    const keep = tf.cast(tf.greater(tf.randomUniform(h.shape, 0, 1, 'float32', 1), 0.2), 'float32');
    h = tf.div(tf.mul(h, keep), 0.8); // inverted dropout
    h = tf.elu(tf.tanh(tf.sigmoid(h)));
    const logits = tf.add(tf.matMul(tf.reshape(h, [2, -1]), w.dense), w.bias);
    const ce = tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 10), logits);
    const bce = tf.losses.sigmoidCrossEntropy(tf.oneHot(labels, 10), logits);
    // Adam's update arithmetic on one weight, so its kernels are in the profile too.
    const update = tf.div(tf.mul(w.bias, 0.1), tf.add(tf.sqrt(tf.square(w.bias)), 1e-8));
    return tf.add(tf.add(ce, bce), tf.mean(tf.abs(update))) as tf.Scalar;
  };
  return { loss, dispose: () => tf.dispose([x, labels, ...Object.values(w)]) };
}

describe('checkKernels', () => {
  it('the layer kernel list covers a profiled training step through every layer kind', async () => {
    await useBackend('cpu');
    const zoo = layerZoo();
    const { needed } = await checkKernels(zoo.loss, 'cpu');
    zoo.dispose();
    expect(needed.filter((k) => !LAYER_TRAINING_KERNELS.includes(k))).toEqual([]);
  });

  it('finds what stock wasm lacks to train a CNN, and nothing once mlrecipe’s kernels are registered', async () => {
    await useBackend('wasm');
    unregisterBackendFixes('wasm');
    const stock = await checkKernels(LAYER_TRAINING_KERNELS, 'wasm');
    expect(stock.missing).toEqual(['Conv2DBackpropFilter']);
    await registerBackendFixes('wasm');
    expect((await checkKernels(LAYER_TRAINING_KERNELS, 'wasm')).missing).toEqual([]);
  });

  it('profiles a loss on cpu and returns to the current backend without leaking', async () => {
    await useBackend('wasm');
    const zoo = layerZoo();
    await expectNoLeaks(async () => {
      const report = await checkKernels(zoo.loss);
      expect(report.backend).toBe('wasm');
      expect(report.needed).toContain('Conv2DBackpropFilter');
      expect(report.missing).toEqual([]);
    });
    expect(tf.getBackend()).toBe('wasm');
    zoo.dispose();
  });

  it('rejects a backend that is not registered', async () => {
    await expect(checkKernels(['Add'], 'webgl')).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
