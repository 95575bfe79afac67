// Bundled by frozen_graph_trunk_browser.test.ts and run in headless Chromium on WebGL: CenterNet's
// MobileNetV3 backbone loaded from served files as a frozen trunk, its features, and a seeded head.
import '@tensorflow/tfjs-backend-webgl';
import { dense, graphTrunk, sequential, softmaxCrossEntropy } from '@mlrecipe/nn';
import { adam } from '@mlrecipe/optim';
import { createRng, tf, useBackend } from '@mlrecipe/tensor';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import { cacheFeatures, train } from '../../src/index.js';
import { BACKBONE_NODE, centernetArtifacts, stripes } from '../helpers/centernet_artifacts.js';

async function run() {
  const selection = await useBackend('webgl');
  const json = await (await fetch('/centernet.json')).json();
  const weights = await (await fetch('/centernet.bin')).arrayBuffer();
  const graph = await loadGraphModel(tf.io.fromMemory(centernetArtifacts(json, weights)));
  const trunk = { model: sequential([graphTrunk(graph, { outputNode: BACKBONE_NODE })]) };
  const probe = stripes(2, 1, 64, createRng);
  const features = trunk.model.apply({}, tf.tensor(probe.x.values, probe.x.shape));
  const data = { train: stripes(48, 2, 64, createRng), dev: stripes(32, 3, 64, createRng) };
  const cached = await cacheFeatures(trunk, data, [64, 64, 3], { batchSize: 16 });
  const head = () =>
    train({
      model: sequential([dense({ units: 2 })]),
      inputShape: cached.featureShape,
      data: cached.data,
      loss: softmaxCrossEntropy,
      optimizer: adam({ learningRate: 0.01 }),
      epochs: 4,
      batchSize: 16,
      seed: 11,
      progress: 'none',
      health: false,
    });
  const first = await head();
  const again = await head();
  const kernel = (p: Record<string, tf.Variable>) => Array.from(p['dense_1/kernel']!.dataSync());
  return {
    backend: tf.getBackend(),
    selected: selection.name,
    featureShape: features.shape,
    features: Array.from(features.dataSync()),
    cachedShape: cached.featureShape,
    devError: first.history.at(-1)!.devError,
    repeatable: JSON.stringify(kernel(first.params)) === JSON.stringify(kernel(again.params)),
  };
}

(window as unknown as { result: Promise<unknown> }).result = run();
