// Bundled by browser_optimizer_state.test.ts and run in headless Chromium: training stopped, the model
// and Adam's state saved to IndexedDB, loaded back and continued, against a run that never stopped.
import '@tensorflow/tfjs-backend-webgl';
import { adam, createOptimizer, type Optimizer } from '@mlrecipe/optim';
import { createRng, tf, useBackend } from '@mlrecipe/tensor';
import {
  dense,
  loadModel,
  type Model,
  type ModelVariables,
  saveModel,
  sequential,
  softmaxCrossEntropy,
  valueAndGrads,
} from '../../src/index.js';

async function run() {
  await useBackend('webgl');
  const rng = createRng(5);
  const x = tf.tensor2d(
    Float32Array.from({ length: 12 * 3 }, () => rng.normal()),
    [12, 3],
  );
  const y = tf.tensor1d(
    Int32Array.from({ length: 12 }, (_, i) => i % 2),
    'int32',
  );
  const model = sequential([dense({ units: 6, activation: 'tanh' }), dense({ units: 2 })]);
  const steps = (m: Model, v: ModelVariables, o: Optimizer<unknown>, n: number) => {
    for (let t = 0; t < n; t++) {
      const { value, grads } = valueAndGrads(() => softmaxCrossEntropy(y, m.apply(v.params, x)), v.params);
      o.step(grads);
      tf.dispose([value, ...Object.values(grads)]);
    }
  };
  const straight = model.init([3], createRng(1));
  steps(model, straight, createOptimizer(adam({ learningRate: 0.05 }), straight.params), 8);
  const first = model.init([3], createRng(1));
  const firstOptimizer = createOptimizer(adam({ learningRate: 0.05 }), first.params);
  steps(model, first, firstOptimizer, 4);
  await saveModel(model, first, [3], 'indexeddb://mlrecipe-optimizer-state', {
    optimizerState: firstOptimizer.state,
  });
  const loaded = await loadModel('indexeddb://mlrecipe-optimizer-state');
  const resumed = createOptimizer(adam({ learningRate: 0.05 }), loaded.params);
  resumed.setState(loaded.optimizerState as typeof resumed.state);
  steps(loaded.model, loaded, resumed, 4);
  const maxGap = Math.max(
    ...Object.keys(straight.params).map((k) =>
      tf.tidy(() => tf.max(tf.abs(tf.sub(straight.params[k]!, loaded.params[k]!))).dataSync()[0]!),
    ),
  );
  return { backend: tf.getBackend(), hasState: loaded.optimizerState !== undefined, maxGap };
}

(window as unknown as { result: Promise<unknown> }).result = run();
