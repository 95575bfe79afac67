// A tfjs-layers functional model (tf.model with a residual add and two inputs joined by
// concatenate) imported into mlrecipe as a graph model and fine-tuned through train, then resumed
// from a snapshot in a "new process" (imported again) bit-identically.
import { softmaxCrossEntropy } from '@mlrecipe/nn';
import { adam } from '@mlrecipe/optim';
import { countTensors, createRng, tf, useBackend } from '@mlrecipe/tensor';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';
import { blobs } from './helpers/blobs.js';
import { disposeVariables, fineTuneThenResume, variableValues } from './helpers/fine_tune_resume.js';

await useBackend('wasm');

/** point [2] → dense(2, relu) → add(point, ·); hint [1]; both joined → dense(2). Seeded weights. */
async function functionalArtifacts(): Promise<tf.io.ModelArtifacts> {
  const seeded = (seed: number) => tfl.initializers.glorotUniform({ seed });
  const point = tfl.input({ shape: [2], name: 'point' });
  const hint = tfl.input({ shape: [1], name: 'hint' });
  const inner = tfl.layers.dense({ units: 2, activation: 'relu', kernelInitializer: seeded(1) }).apply(point);
  const residual = tfl.layers.add().apply([point, inner as tfl.SymbolicTensor]);
  const joined = tfl.layers.concatenate().apply([residual as tfl.SymbolicTensor, hint]);
  const out = tfl.layers.dense({ units: 2, kernelInitializer: seeded(2) }).apply(joined as tfl.SymbolicTensor);
  const stock = tfl.model({ inputs: [point, hint], outputs: out as tfl.SymbolicTensor });
  let saved: tf.io.ModelArtifacts | undefined;
  await stock.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  stock.dispose();
  return saved!;
}

/** Blobs with a second input: a noisy copy of the label. */
function withHint(rows: number, seed: number) {
  const { x, y } = blobs(rows, seed, 0.5);
  const rng = createRng(`hint-${seed}`);
  const hint = Float32Array.from(y.values, (label) => label + rng.normal(0, 1));
  return { x: { point: x, hint: { values: hint, shape: [rows, 1] } }, y };
}

const options = {
  inputShape: { point: [2], hint: [1] },
  data: { train: withHint(256, 1), dev: withHint(64, 2) },
  loss: softmaxCrossEntropy,
  optimizer: adam({ learningRate: 0.02 }),
  epochs: 4,
  batchSize: 32,
  seed: 5,
  progress: 'none' as const,
};

it('a tfjs-layers functional model imported as a graph model fine-tunes through train and resumes from a snapshot bit-identically', async () => {
  const artifacts = await functionalArtifacts();
  const before = countTensors();
  const { first, start, straight, second, resumed } = await fineTuneThenResume(artifacts, options);
  expect(first.inputShape).toEqual(options.inputShape);
  // It learned: the dev error fell, and every imported parameter moved.
  expect(straight.history.at(-1)!.devError).toBeLessThan(straight.history[0]!.devError + 1e-9);
  expect(straight.history.at(-1)!.devError).toBeLessThan(0.35);
  expect(Object.keys(start).sort()).toEqual(['dense_1/bias', 'dense_1/kernel', 'dense_2/bias', 'dense_2/kernel']);
  for (const [name, v] of Object.entries(variableValues(first.params))) expect(v, name).not.toEqual(start[name]);

  // A new process: the model imported again, the run continued from the snapshot after epoch 2.
  expect(variableValues(resumed.params)).toEqual(variableValues(first.params));
  expect(resumed.history.map((r) => r.devLoss)).toEqual(straight.history.map((r) => r.devLoss));
  disposeVariables(first);
  disposeVariables(second);
  disposeVariables(resumed);
  expect(countTensors()).toBe(before);
});
