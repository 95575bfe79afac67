// Graph-model training throughput on wasm: tfjs-layers' functional tf.model + model.fit vs
// @mlrecipe/nn's graphModel trained with valueAndGrads + @mlrecipe/optim's Adam; and what the graph's
// bookkeeping costs: a straight-line graphModel against the sequential model of the same layers (the
// same computation: the property tests show equal outputs). Each in its own process, one wasm thread. Model: two inputs (features [64], metadata [8]); features →
// dense 128 relu → dense 64 → add(features, ·) (a residual block) → concatenate(metadata) → dense 4;
// softmax cross-entropy, Adam 1e-3, batch 64, synthetic seeded data. BENCH_REPEATS (3) runs each.

import {
  add,
  concatenate,
  connect,
  dense,
  graphModel,
  input,
  sequential,
  softmaxCrossEntropy,
  valueAndGrads,
} from '@mlrecipe/nn';
import { adam, createOptimizer } from '@mlrecipe/optim';
import { createRng, tf, useBackend } from '@mlrecipe/tensor';
import * as tfl from '@tensorflow/tfjs-layers';
import { measureInChild } from './lib/children.mjs';
import { median } from './lib/peers.mjs';

const [F, M, H, CLASSES] = [64, 8, 128, 4];
const N = Number(process.env.BENCH_SAMPLES ?? 8_192);
const batchSize = 64;
const mode = process.env.BENCH_MODE;

if (mode === undefined) {
  const script = new URL(import.meta.url).pathname;
  const repeats = Number(process.env.BENCH_REPEATS ?? 3);
  // Rounds alternate the four modes, so a load that drifts during the run touches each alike.
  const modes = ['sequential', 'chain', 'graph', 'layers'];
  const runs = Object.fromEntries(modes.map((m) => [m, []]));
  for (let r = 0; r < repeats; r++) for (const m of modes) runs[m].push(measureInChild(script, { BENCH_MODE: m }));
  const measure = (m) =>
    median(
      repeats,
      (() => {
        let i = 0;
        return () => runs[m][i++];
      })(),
    );
  const layers = measure('layers');
  const graph = measure('graph');
  const chain = measure('chain');
  const line = measure('sequential');
  console.log(
    `residual block + second input (${F} + ${M} → ${H} → ${F}, add, concatenate → ${CLASSES}), batch ${batchSize}, Adam 1e-3, ${N.toLocaleString('en')} samples, wasm 1 thread, tfjs ${tf.version_core}; median of ${repeats}`,
  );
  const row = (label, r) =>
    console.log(
      `  ${label.padEnd(52)} ${r.samplesPerSecond.toFixed(0).padStart(6)} samples/s  ${(r.samplesPerSecond / layers.samplesPerSecond).toFixed(2).padStart(5)}× layers  loss ${r.loss.toFixed(3)}  runs ${r.all.join(', ')}`,
    );
  row('tfjs-layers tf.model (functional), model.fit', layers);
  row('@mlrecipe/nn graphModel + @mlrecipe/optim adam', graph);
  const overhead = (r, base) => `${((base.samplesPerSecond / r.samplesPerSecond - 1) * 100).toFixed(1)} %`;
  console.log(`straight line ${F} → ${H} relu → ${F} → ${CLASSES}, same settings:`);
  row('@mlrecipe/nn sequential', line);
  row('@mlrecipe/nn graphModel of the same layers', chain);
  console.log(`  graph bookkeeping: ${overhead(chain, line)} more time per sample than sequential`);
  process.exit(0);
}

await useBackend('wasm', { threads: 1 });
// The class shows in feature c and in metadata c, under noise: learnable, not trivial.
const rng = createRng(18);
const labels = Int32Array.from({ length: N }, () => rng.int(CLASSES));
const features = Float32Array.from(
  { length: N * F },
  (_, k) => rng.normal(0, 1) + (k % F === labels[Math.floor(k / F)] ? 1 : 0),
);
const metadata = Float32Array.from(
  { length: N * M },
  (_, k) => rng.normal(0, 1) + (k % M === labels[Math.floor(k / M)] ? 0.5 : 0),
);
const xf = tf.tensor2d(features, [N, F]);
const xm = tf.tensor2d(metadata, [N, M]);
const y = tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES).toFloat();
const warmup = batchSize * 4;

let result;
if (mode === 'layers') {
  const f = tfl.input({ shape: [F] });
  const m = tfl.input({ shape: [M] });
  const h = tfl.layers.dense({ units: F }).apply(tfl.layers.dense({ units: H, activation: 'relu' }).apply(f));
  const joined = tfl.layers.concatenate().apply([tfl.layers.add().apply([f, h]), m]);
  const model = tfl.model({ inputs: [f, m], outputs: tfl.layers.dense({ units: CLASSES }).apply(joined) });
  model.compile({
    optimizer: tf.train.adam(1e-3),
    loss: (yTrue, logits) => tf.losses.softmaxCrossEntropy(yTrue, logits),
  });
  await model.fit([xf.slice(0, warmup), xm.slice(0, warmup)], y.slice(0, warmup), { batchSize, epochs: 1, verbose: 0 });
  const start = performance.now();
  const history = await model.fit([xf, xm], y, { batchSize, epochs: 1, shuffle: false, verbose: 0 });
  result = { samplesPerSecond: N / ((performance.now() - start) / 1000), loss: history.history.loss[0] };
} else {
  let model;
  let inputShape;
  let batchOf;
  if (mode === 'graph') {
    const f = input({ name: 'features', shape: [F] });
    const m = input({ name: 'metadata', shape: [M] });
    const h = connect(dense({ units: F }), connect(dense({ units: H, activation: 'relu' }), f));
    const joined = connect(concatenate(), [connect(add(), [f, h]), m]);
    model = graphModel({ inputs: [f, m], output: connect(dense({ units: CLASSES }), joined) });
    inputShape = { features: [F], metadata: [M] };
    batchOf = (from, size) => ({ features: xf.slice([from, 0], [size, F]), metadata: xm.slice([from, 0], [size, M]) });
  } else {
    const layers = [dense({ units: H, activation: 'relu' }), dense({ units: F }), dense({ units: CLASSES })];
    const f = input({ name: 'features', shape: [F] });
    model =
      mode === 'chain'
        ? graphModel({ inputs: [f], output: layers.reduce((h, layer) => connect(layer, h), f) })
        : sequential(layers);
    inputShape = [F];
    batchOf = (from, size) => xf.slice([from, 0], [size, F]);
  }
  const { params } = model.init(inputShape, createRng(1));
  const optimizer = createOptimizer(adam({ learningRate: 1e-3 }), params);
  const run = (n) => {
    let lossSum = 0;
    let batches = 0;
    const start = performance.now();
    for (let from = 0; from < n; from += batchSize) {
      const size = Math.min(batchSize, n - from);
      const xb = batchOf(from, size);
      const yb = y.slice([from, 0], [size, CLASSES]);
      const { value, grads } = valueAndGrads(() => softmaxCrossEntropy(yb, model.apply(params, xb)), params);
      optimizer.step(grads);
      // model.fit's loss is the epoch mean; read every step's loss, as fit does.
      lossSum += value.dataSync()[0];
      batches++;
      tf.dispose([value, yb, ...(xb instanceof tf.Tensor ? [xb] : Object.values(xb)), ...Object.values(grads)]);
    }
    return { samplesPerSecond: n / ((performance.now() - start) / 1000), loss: lossSum / batches };
  };
  run(warmup);
  result = run(N);
}
console.log(JSON.stringify(result));
