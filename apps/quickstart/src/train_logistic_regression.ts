import { type Rng, scope, tf } from '@mlrecipe/tensor';

/** Two Gaussian blobs in 2-D, labelled 0 and 1: a problem logistic regression can solve. */
export function makeBlobs(rng: Rng, count: number): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(count * 2);
  const y = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    const centre = label === 1 ? 1.5 : -1.5;
    x[2 * i] = rng.normal(centre, 1);
    x[2 * i + 1] = rng.normal(centre, 1);
    y[i] = label;
  }
  return { x, y };
}

export interface TrainResult {
  losses: number[];
  accuracy: number;
  weights: number[];
  bias: number;
}

/**
 * Fits σ(xw + b) by full-batch gradient descent on the mean binary cross-entropy, with
 * `tf.variableGrads` (tfjs-core only: @mlrecipe/tensor registers the gradients).
 */
export function trainLogisticRegression(
  data: { x: Float32Array; y: Float32Array },
  options: { steps: number; learningRate: number; logEvery: number },
): TrainResult {
  const count = data.y.length;
  const xs = tf.tensor2d(data.x, [count, 2]);
  const ys = tf.tensor2d(data.y, [count, 1]);
  // Variables copy their initial value: build them in a scope so the zeros are disposed.
  const w = scope(() => tf.variable(tf.zeros([2, 1])));
  const b = scope(() => tf.variable(tf.zeros([1])));
  const losses: number[] = [];
  for (let step = 0; step < options.steps; step++) {
    const loss = scope(() => {
      const { value, grads } = tf.variableGrads(() =>
        tf.losses.sigmoidCrossEntropy(ys, tf.add(tf.matMul(xs, w), b), undefined, undefined, tf.Reduction.MEAN),
      );
      w.assign(tf.sub(w, tf.mul(grads[w.name]!, options.learningRate)));
      b.assign(tf.sub(b, tf.mul(grads[b.name]!, options.learningRate)));
      return value;
    });
    if (step % options.logEvery === 0 || step === options.steps - 1) losses.push(loss.dataSync()[0]!);
    loss.dispose();
  }
  const accuracy = scope(() => {
    const predicted = tf.cast(tf.greater(tf.add(tf.matMul(xs, w), b), 0), 'float32');
    return tf.mean(tf.cast(tf.equal(predicted, ys), 'float32'));
  });
  const result = {
    losses,
    accuracy: accuracy.dataSync()[0]!,
    weights: Array.from(w.dataSync()),
    bias: b.dataSync()[0]!,
  };
  tf.dispose([xs, ys, w, b, accuracy]);
  return result;
}
