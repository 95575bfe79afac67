// train()'s overhead over the bare training step, measured in the same process on the same data:
// the bare loop is nn's valueAndGrads + optim's Adam over data's batches (what train does per batch);
// train adds the NaN guard (losses read in groups, parameters checked per epoch), per-epoch
// evaluation (a 5,000-row train sample + dev), callbacks, snapshots, yields to the event loop and
// the training-health samples; a third column runs it with health: false, to price the health check.
// node bench/train_overhead.bench.mjs    (needs apt-get install dataset-fashion-mnist)
import { batches } from '@mlrecipe/data/batches';
import { dense, sequential, softmaxCrossEntropy, valueAndGrads } from '@mlrecipe/nn';
import { adam, createOptimizer } from '@mlrecipe/optim';
import { train } from '@mlrecipe/pipeline';
import { createRng, tf, useBackend } from '@mlrecipe/tensor';
import { fashion } from './lib/fashion.mjs';

const { name: backend, threads } = await useBackend('wasm');
const data = await fashion();
const rows = 20_000;
const batchSize = 64;
const model = sequential([
  dense({ units: 256, activation: 'relu' }),
  dense({ units: 128, activation: 'relu' }),
  dense({ units: 10 }),
]);
const scale = (v) => v.map((p) => p / 255);
const split = (set, from, count) => ({
  x: { values: set.images.values.subarray(from * 784, (from + count) * 784), shape: [count, 784] },
  y: { values: Int32Array.from(set.labels.subarray(from, from + count)), shape: [count] },
});
const trainSet = split(data.train, 0, rows);
const devSet = split(data.test, 0, 1000);

function bare() {
  const { params } = model.init([784], createRng(1).fork('init'));
  const optimizer = createOptimizer(adam({ learningRate: 1e-3 }), params);
  const start = performance.now();
  for (const b of batches({ x: trainSet.x, y: trainSet.y }, { batchSize, seed: '1', epoch: 1, transformX: scale })) {
    const { value, grads } = valueAndGrads(
      () => softmaxCrossEntropy(b.y, model.apply(params, b.x, { training: true })),
      params,
    );
    value.dataSync(); // train reads every loss for its NaN guard; so does the bare loop, to be fair
    optimizer.step(grads);
    tf.dispose([value, ...Object.values(grads)]);
    b.dispose();
  }
  const seconds = (performance.now() - start) / 1000;
  optimizer.dispose();
  tf.dispose(Object.values(params));
  return rows / seconds;
}

async function pipelineTrain(health = true) {
  const start = performance.now();
  const result = await train({
    ...(health ? {} : { health: false }),
    model,
    inputShape: [784],
    data: { train: trainSet, dev: devSet },
    loss: softmaxCrossEntropy,
    optimizer: adam({ learningRate: 1e-3 }),
    epochs: 1,
    batchSize,
    seed: 1,
    transformX: scale,
    progress: 'none',
    onSnapshot: () => {},
  });
  const seconds = (performance.now() - start) / 1000;
  tf.dispose(Object.values(result.params));
  return rows / seconds;
}

bare(); // warm-up: compile kernels, fill caches
const bareRuns = [];
const trainRuns = [];
const noHealthRuns = [];
for (let i = 0; i < 5; i++) {
  bareRuns.push(bare());
  trainRuns.push(await pipelineTrain());
  noHealthRuns.push(await pipelineTrain(false));
}
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const [b, t, h] = [median(bareRuns), median(trainRuns), median(noHealthRuns)];
console.log(
  `backend ${backend}, ${threads} threads; MLP 784-256-128-10, ${rows} Fashion-MNIST rows per epoch, batch ${batchSize}`,
);
console.log(`bare step loop      ${b.toFixed(0)} samples/s  (runs: ${bareRuns.map((v) => v.toFixed(0)).join(', ')})`);
console.log(`train() incl. eval  ${t.toFixed(0)} samples/s  (runs: ${trainRuns.map((v) => v.toFixed(0)).join(', ')})`);
console.log(
  `train() health off ${h.toFixed(0)} samples/s  (runs: ${noHealthRuns.map((v) => v.toFixed(0)).join(', ')})`,
);
console.log(
  `train() overhead: ${(100 * (1 - t / b)).toFixed(1)} % (target < 5 %); health check: ${(100 * (1 - t / h)).toFixed(1)} % (target < 3 %)`,
);
