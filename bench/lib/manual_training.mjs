// A training step written directly on tfjs-core ops and mlrecipe's kernels (the nn/optim packages
// will wrap the same arithmetic): He-initialised weights, softmax cross-entropy, bias-corrected Adam.
import { adamMoments, createRng, OPTIMIZER_EPSILON, scope, tf } from '@mlrecipe/tensor';

export function heVariable(shape, fanIn, rng) {
  const std = Math.sqrt(2 / fanIn);
  const values = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal(0, std));
  return scope(() => tf.variable(tf.tensor(values, shape)));
}

export function zerosVariable(shape) {
  return scope(() => tf.variable(tf.zeros(shape)));
}

/** Adam (Kingma & Ba 2015) with explicit ε, updating variables in place, through tensor's fused step. */
export function adam(params, { learningRate = 1e-3, beta1 = 0.9, beta2 = 0.999, epsilon = OPTIMIZER_EPSILON } = {}) {
  const m = params.map((p) => zerosVariable(p.shape));
  const v = params.map((p) => zerosVariable(p.shape));
  let t = 0;
  return {
    step(grads) {
      t++;
      const correction1 = 1 - beta1 ** t;
      const correction2 = 1 - beta2 ** t;
      tf.tidy(() => {
        params.forEach((p, i) => {
          const g = grads[p.name];
          const [update, mean, variance] = adamMoments(g, m[i], v[i], {
            beta1,
            beta2,
            epsilon,
            correction1,
            correction2,
          });
          m[i].assign(mean);
          v[i].assign(variance);
          p.assign(tf.sub(p, tf.mul(update, learningRate)));
        });
      });
    },
    dispose: () => tf.dispose([...m, ...v]),
  };
}

/** Trains `forward` over batches; returns samples per second. */
export function train({ forward, params, batches, learningRate = 1e-3 }) {
  const optimizer = adam(params, { learningRate });
  let samples = 0;
  const start = performance.now();
  let lastLoss = 0;
  for (const batch of batches()) {
    const { value, grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(tf.oneHot(batch.y, 10), forward(batch.x)),
      params,
    );
    optimizer.step(grads);
    lastLoss = value.dataSync()[0];
    tf.dispose([value, ...Object.values(grads)]);
    samples += batch.indices.length;
    batch.dispose();
  }
  const seconds = (performance.now() - start) / 1000;
  optimizer.dispose();
  return { samplesPerSecond: samples / seconds, samples, lastLoss };
}

export { createRng };
