// A tuning objective run inside worker threads: a small MLP on a Fashion-MNIST subset, wasm, 1 thread per worker.
import { batches } from '@mlrecipe/data/batches';
import { loadFashionMnist } from '@mlrecipe/data/node';
import { errorRate } from '@mlrecipe/metrics';
import { dense, sequential, softmaxCrossEntropy, valueAndGrads } from '@mlrecipe/nn';
import { adam, createOptimizer } from '@mlrecipe/optim';
import { createRng, tf, useBackend } from '@mlrecipe/tensor';

const ready = (async () => {
  await useBackend('wasm', { threads: 1 }); // parallelism comes from the workers
  return loadFashionMnist();
})();
const scale = (v) => v.map((p) => p / 255);

export async function objective(params, trial) {
  const { train, test } = await ready;
  const model = sequential([dense({ units: params.units, activation: 'relu' }), dense({ units: 10 })]);
  const { params: weights } = model.init([784], createRng(trial.id));
  const optimizer = createOptimizer(adam({ learningRate: params.learningRate }), weights);
  const x = { values: train.images.values, shape: [60_000, 784] };
  const y = { values: train.labels, shape: [60_000] };
  const indices = Uint32Array.from({ length: 12_000 }, (_, i) => i);
  for (const batch of batches({ x, y }, { batchSize: 128, seed: trial.id, indices, transformX: scale })) {
    const { value, grads } = valueAndGrads(() => softmaxCrossEntropy(batch.y, model.apply(weights, batch.x)), weights);
    optimizer.step(grads);
    tf.dispose([value, ...Object.values(grads)]);
    batch.dispose();
  }
  const dev = { values: test.images.values.subarray(0, 2000 * 784), shape: [2000, 784] };
  const predictions = new Int32Array(2000);
  for (const batch of batches({ x: dev }, { batchSize: 500, shuffle: false, transformX: scale })) {
    const p = tf.tidy(() => tf.argMax(model.apply(weights, batch.x), -1));
    predictions.set(p.dataSync(), batch.indices[0]);
    p.dispose();
    batch.dispose();
  }
  optimizer.dispose();
  tf.dispose(Object.values(weights));
  return { devError: errorRate(test.labels.subarray(0, 2000), predictions) };
}
