// Bundled by webgl.bench.mjs and run in headless Chromium: the MLP and the small CNN trained on
// WebGL by tfjs-layers model.fit and by @mlrecipe/nn + @mlrecipe/optim in the same page, on the
// same seeded batches, alternating. window.result resolves to samples/s per model and trainer.
import '@tensorflow/tfjs-backend-webgl';
import { conv2d, dense, flatten, maxPool2d, sequential, softmaxCrossEntropy, valueAndGrads } from '@mlrecipe/nn';
import { adam, createOptimizer } from '@mlrecipe/optim';
import { createRng, tf, useBackend } from '@mlrecipe/tensor';
import * as tfl from '@tensorflow/tfjs-layers';
import { adam as plainAdam } from '../lib/manual_training.mjs';

const BATCHES = 12;

function data(shape, batchSize, rng) {
  const size = batchSize * shape.reduce((a, b) => a * b, 1);
  const x = tf.tensor(
    Float32Array.from({ length: BATCHES * size }, () => rng.uniform(0, 1)),
    [BATCHES * batchSize, ...shape],
  );
  const labels = Int32Array.from({ length: BATCHES * batchSize }, () => rng.int(10));
  return { x, labels: tf.tensor1d(labels, 'int32'), oneHot: tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat() };
}

async function layersFit(layers, { x, oneHot }, batchSize) {
  const model = tfl.sequential({ layers });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: (y, logits) => tf.losses.softmaxCrossEntropy(y, logits) });
  await model.fit(x.slice(0, 2 * batchSize), oneHot.slice(0, 2 * batchSize), { batchSize, epochs: 1, verbose: 0 });
  const start = performance.now();
  await model.fit(x, oneHot, { batchSize, epochs: 1, shuffle: false, verbose: 0 });
  const samplesPerSecond = x.shape[0] / ((performance.now() - start) / 1000);
  model.dispose();
  return samplesPerSecond;
}

// optimizer 'optim': @mlrecipe/optim's Adam with its default finiteness check (on WebGL deferred:
// the parameters' flag read asynchronously, one read for every step since the last);
// 'immediate': one read per step before each update; 'unchecked': no check.
// optimizer 'plain': the same Adam as plain tfjs ops without that check (bench/lib/manual_training.mjs),
// to show what the check's read costs on a GPU backend.
async function ours(layers, shape, { x, labels }, batchSize, optimizerKind = 'optim') {
  const model = sequential(layers);
  const { params } = model.init(shape, createRng(1));
  const optimizer =
    optimizerKind === 'plain'
      ? plainOptimizer(params)
      : createOptimizer(adam({ learningRate: 1e-3 }), params, {
          // 'optim': the default check ('auto': deferred on WebGL).
          ...(optimizerKind === 'optim' ? {} : { checkFinite: { immediate: true, unchecked: false }[optimizerKind] }),
        });
  // Losses stay on the GPU until the end, as fit's BaseLogger keeps its running totals there: a
  // read per step would stall the GPU pipeline, which fit never does within an epoch.
  const losses = [];
  const step = (b) => {
    const xb = x.slice(b * batchSize, batchSize);
    const yb = labels.slice(b * batchSize, batchSize);
    const { value, grads } = valueAndGrads(() => softmaxCrossEntropy(yb, model.apply(params, xb)), params);
    optimizer.step(grads);
    losses.push(value);
    tf.dispose([xb, yb, ...Object.values(grads)]);
  };
  for (let b = 0; b < 2; b++) step(b);
  const warmUp = losses.splice(0);
  await Promise.all(warmUp.map((loss) => loss.data()));
  tf.dispose(warmUp);
  const start = performance.now();
  for (let b = 0; b < BATCHES; b++) step(b);
  const all = tf.stack(losses);
  await all.data(); // every loss read once, at the end (the GPU has finished every step)
  await optimizer.flush?.(); // optim's deferred finiteness checks, inside the timing
  const samplesPerSecond = (BATCHES * batchSize) / ((performance.now() - start) / 1000);
  tf.dispose([all, ...losses]);
  optimizer.dispose();
  tf.dispose(Object.values(params));
  return samplesPerSecond;
}

function plainOptimizer(params) {
  const names = Object.keys(params);
  const inner = plainAdam(Object.values(params), { learningRate: 1e-3 });
  return {
    step: (grads) => inner.step(Object.fromEntries(names.map((n) => [params[n].name, grads[n]]))),
    dispose: inner.dispose,
  };
}

async function run() {
  const selection = await useBackend('webgl');
  const rng = createRng(3);
  const mlpData = data([784], 128, rng);
  const cnnData = data([28, 28, 1], 64, rng);
  const mlpLayers = () => [
    tfl.layers.dense({ inputShape: [784], units: 256, activation: 'relu' }),
    tfl.layers.dense({ units: 128, activation: 'relu' }),
    tfl.layers.dense({ units: 10 }),
  ];
  const cnnLayers = () => [
    tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }),
    tfl.layers.maxPooling2d({ poolSize: 2 }),
    tfl.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
    tfl.layers.maxPooling2d({ poolSize: 2 }),
    tfl.layers.flatten(),
    tfl.layers.dense({ units: 10 }),
  ];
  const ourMlp = () => [
    dense({ units: 256, activation: 'relu' }),
    dense({ units: 128, activation: 'relu' }),
    dense({ units: 10 }),
  ];
  const ourCnn = () => [
    conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
    maxPool2d(),
    conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
    maxPool2d(),
    flatten(),
    dense({ units: 10 }),
  ];
  const rounds = {
    mlp: { layers: [], ours: [], immediate: [], unchecked: [], plain: [] },
    cnn: { layers: [], ours: [], immediate: [], unchecked: [], plain: [] },
  };
  for (let round = 0; round < 3; round++) {
    rounds.mlp.layers.push(await layersFit(mlpLayers(), mlpData, 128));
    rounds.mlp.ours.push(await ours(ourMlp(), [784], mlpData, 128));
    rounds.mlp.immediate.push(await ours(ourMlp(), [784], mlpData, 128, 'immediate'));
    rounds.mlp.unchecked.push(await ours(ourMlp(), [784], mlpData, 128, 'unchecked'));
    rounds.mlp.plain.push(await ours(ourMlp(), [784], mlpData, 128, 'plain'));
    rounds.cnn.layers.push(await layersFit(cnnLayers(), cnnData, 64));
    rounds.cnn.ours.push(await ours(ourCnn(), [28, 28, 1], cnnData, 64));
    rounds.cnn.immediate.push(await ours(ourCnn(), [28, 28, 1], cnnData, 64, 'immediate'));
    rounds.cnn.unchecked.push(await ours(ourCnn(), [28, 28, 1], cnnData, 64, 'unchecked'));
    rounds.cnn.plain.push(await ours(ourCnn(), [28, 28, 1], cnnData, 64, 'plain'));
  }
  const gl = tf.backend().gpgpu.gl;
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  return {
    backend: selection.name,
    renderer: String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER)),
    rounds,
  };
}

window.result = run();
