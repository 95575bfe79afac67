// Interop with TensorFlow.js, measured against peers in the same run (wasm in Node, 1 thread):
//  1. inference of one CNN exported with saveModel's 'tfjs-layers' format: @mlrecipe/nn's apply vs
//     stock tfjs-layers' predict on the loaded model.json (same weights, same backend);
//  2. feature caching for a frozen pretrained trunk (CenterNet's MobileNetV3 backbone from
//     @vladmandic/human, 64 px pictures): training a dense head for 5 epochs through the trunk vs
//     cacheFeatures once + the same 5 epochs on the cached features.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  batchNorm,
  conv2d,
  dense,
  flatten,
  graphTrunk,
  maxPool2d,
  sequential,
  softmaxCrossEntropy,
  toLayersArtifacts,
} from '@mlrecipe/nn';
import { adam } from '@mlrecipe/optim';
import { cacheFeatures, train } from '@mlrecipe/pipeline';
import { createRng, tf, useBackend } from '@mlrecipe/tensor';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import * as tfl from '@tensorflow/tfjs-layers';

await useBackend('wasm');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function medianMs(fn, repeats = 7) {
  await fn();
  const times = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

// 1. Inference of an exported CNN.
const model = sequential([
  conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
  maxPool2d(),
  batchNorm(),
  conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
  maxPool2d(),
  flatten(),
  dense({ units: 10, activation: 'softmax' }),
]);
const variables = model.init([28, 28, 1], createRng(1));
const stock = await tfl.loadLayersModel(tf.io.fromMemory(await toLayersArtifacts(model, variables, [28, 28, 1])));
const x = tf.randomUniform([256, 28, 28, 1], 0, 1, 'float32', 2);
const oursMs = await medianMs(() => model.apply(variables.params, x, { state: variables.state }).data());
const theirsMs = await medianMs(() => stock.predict(x).data());
const gap = tf.tidy(
  () =>
    tf
      .max(tf.abs(tf.sub(stock.predict(x), model.apply(variables.params, x, { state: variables.state }))))
      .dataSync()[0],
);
console.log(`exported CNN (conv16-pool-bn-conv32-pool-dense10), 256 pictures 28×28, wasm, medians of 7:`);
console.log(`  @mlrecipe/nn apply           ${oursMs.toFixed(1).padStart(8)} ms`);
console.log(
  `  tfjs-layers predict (peer)   ${theirsMs.toFixed(1).padStart(8)} ms   peer/ours ${(theirsMs / oursMs).toFixed(2)}   max |gap| ${gap.toExponential(1)}`,
);

// 2. Feature caching for a frozen graph-model trunk.
let modelsDir;
try {
  const require = createRequire(import.meta.url);
  modelsDir = join(dirname(require.resolve('@vladmandic/human')), '..', 'models');
  readFileSync(join(modelsDir, 'centernet.json'));
} catch {
  console.log('\n(feature caching skipped: @vladmandic/human is not installed)');
  process.exit(0);
}
const json = JSON.parse(readFileSync(join(modelsDir, 'centernet.json'), 'utf8'));
const anyShape = { dim: [{ size: '-1' }, { size: '-1' }, { size: '-1' }, { size: '3' }] };
for (const node of json.modelTopology.node) if (node.op === 'Placeholder') node.attr.shape.shape = anyShape;
const bin = readFileSync(join(modelsDir, 'centernet.bin'));
const graph = await loadGraphModel(
  tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((m) => m.weights),
    weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
  }),
);
const trunk = graphTrunk(graph, { outputNode: 'tower_0/MobilenetV3/expanded_conv_14/add' });
const rng = createRng(3);
const pictures = (rows) => ({
  x: { values: Float32Array.from({ length: rows * 64 * 64 * 3 }, () => 255 * rng.uniform()), shape: [rows, 64, 64, 3] },
  y: { values: Int32Array.from({ length: rows }, (_, i) => i % 2), shape: [rows] },
});
const data = { train: pictures(256), dev: pictures(64) };
const common = { loss: softmaxCrossEntropy, epochs: 5, batchSize: 32, seed: 1, progress: 'none', health: false };
const dispose = (r) => tf.dispose([...Object.values(r.params), ...Object.values(r.state)]);
const started = performance.now();
dispose(
  await train({
    ...common,
    model: sequential([trunk, dense({ units: 2 })]),
    inputShape: [64, 64, 3],
    data,
    optimizer: adam({ learningRate: 0.01 }),
  }),
);
const throughMs = performance.now() - started;
const cachedStart = performance.now();
const cached = await cacheFeatures({ model: sequential([trunk]) }, data, [64, 64, 3]);
const cacheMs = performance.now() - cachedStart;
dispose(
  await train({
    ...common,
    model: sequential([dense({ units: 2 })]),
    inputShape: cached.featureShape,
    data: cached.data,
    optimizer: adam({ learningRate: 0.01 }),
  }),
);
const cachedMs = performance.now() - cachedStart;
console.log(`\nhead on CenterNet's MobileNetV3 trunk, 256 train + 64 dev pictures 64×64, 5 epochs, wasm:`);
console.log(`  through the trunk every epoch (peer)   ${(throughMs / 1000).toFixed(1).padStart(6)} s`);
console.log(
  `  cacheFeatures once + head              ${(cachedMs / 1000).toFixed(1).padStart(6)} s (caching ${(cacheMs / 1000).toFixed(1)} s)   peer/ours ${(throughMs / cachedMs).toFixed(1)}`,
);
