// Bundled by browser.test.ts and run in headless Chromium: a model on WebGL, saved to IndexedDB and loaded back.
import '@tensorflow/tfjs-backend-webgl';
import { createRng, tf, useBackend } from '@mlrecipe/tensor';
import {
  batchNorm,
  conv2d,
  dense,
  flatten,
  loadModel,
  maxPool2d,
  saveModel,
  sequential,
  softmaxCrossEntropy,
  valueAndGrads,
} from '../../src/index.js';

async function run() {
  const selection = await useBackend('webgl');
  const model = sequential([
    conv2d({ filters: 4, kernelSize: 3, activation: 'relu' }),
    maxPool2d(),
    flatten(),
    batchNorm(),
    dense({ units: 3 }),
  ]);
  const rng = createRng(5);
  const variables = model.init([8, 8, 1], rng);
  const x = tf.tensor4d(
    Float32Array.from({ length: 6 * 64 }, () => rng.normal()),
    [6, 8, 8, 1],
  );
  const y = tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32');
  const losses: number[] = [];
  for (let step = 0; step < 20; step++) {
    const { value, grads } = valueAndGrads(
      () => softmaxCrossEntropy(y, model.apply(variables.params, x, { training: true, state: variables.state })),
      variables.params,
    );
    for (const [name, g] of Object.entries(grads))
      variables.params[name]!.assign(tf.sub(variables.params[name]!, tf.mul(g, 0.1)));
    losses.push((await value.data())[0]!);
    tf.dispose([value, ...Object.values(grads)]);
  }
  await saveModel(model, variables, [8, 8, 1], 'indexeddb://mlrecipe-browser-test');
  const loaded = await loadModel('indexeddb://mlrecipe-browser-test');
  const same = (a: Record<string, tf.Variable>, b: Record<string, tf.Variable>) =>
    Object.keys(a).every(
      (k) => b[k] !== undefined && a[k]!.dataSync().every((v, i) => Object.is(v, b[k]!.dataSync()[i])),
    );
  const before = model.apply(variables.params, x, { state: variables.state });
  const after = loaded.model.apply(loaded.params, x, { state: loaded.state });
  const outputsEqual = before.dataSync().every((v, i) => v === after.dataSync()[i]);
  return {
    backend: tf.getBackend(),
    selected: selection.name,
    firstLoss: losses[0],
    lastLoss: losses[19],
    paramsEqual: same(variables.params, loaded.params),
    stateEqual: same(variables.state, loaded.state),
    outputsEqual,
  };
}

(window as unknown as { result: Promise<unknown> }).result = run();
