import { dense, importLayersModel, softmaxCrossEntropy } from '@mlrecipe/nn';
import { adam, freeze } from '@mlrecipe/optim';
import { countTensors, createRng, tf, useBackend } from '@mlrecipe/tensor';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';
import { train, transfer } from '../src/index.js';
import { blobs } from './helpers/blobs.js';
import { disposeVariables, fineTuneThenResume, variableValues } from './helpers/fine_tune_resume.js';

await useBackend('wasm');

/** A tfjs-layers model as Keras users bring it: built and saved by tfjs-layers, weights fixed by a seed. */
async function kerasArtifacts(): Promise<tf.io.ModelArtifacts> {
  const stock = tfl.sequential({
    layers: [
      tfl.layers.dense({
        inputShape: [2],
        units: 8,
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
      }),
      tfl.layers.batchNormalization(),
      tfl.layers.dense({ units: 2, kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
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

const options = {
  inputShape: [2],
  data: { train: blobs(256, 1, 1), dev: blobs(64, 2, 1) },
  loss: softmaxCrossEntropy,
  optimizer: adam({ learningRate: 0.02 }),
  epochs: 4,
  batchSize: 32,
  seed: 5,
  progress: 'none' as const,
};

it('a tfjs-layers model imported into mlrecipe fine-tunes through train and resumes from a snapshot bit-identically', async () => {
  const artifacts = await kerasArtifacts();
  const before = countTensors();
  const { first, start, straight, second, resumed } = await fineTuneThenResume(artifacts, options);
  // It learned: the dev error fell, and every imported parameter moved.
  expect(straight.history.at(-1)!.devError).toBeLessThan(straight.history[0]!.devError + 1e-9);
  expect(straight.history.at(-1)!.devError).toBeLessThan(0.35);
  for (const [name, v] of Object.entries(variableValues(first.params))) expect(v, name).not.toEqual(start[name]);

  // A new process: the model imported again, the run continued from the snapshot after epoch 2.
  expect(variableValues(resumed.params)).toEqual(variableValues(first.params));
  expect(variableValues(resumed.state)).toEqual(variableValues(first.state));
  expect(resumed.history.map((r) => r.devLoss)).toEqual(straight.history.map((r) => r.devLoss));
  disposeVariables(first);
  disposeVariables(second);
  disposeVariables(resumed);
  expect(countTensors()).toBe(before);
});

it('an imported model transfers like any other: its first layers frozen, a new head trained', async () => {
  const imported = await importLayersModel(await kerasArtifacts());
  const moved = transfer(imported, imported.inputShape, createRng(3), {
    replaceHead: [dense({ units: 2 })],
  });
  const frozenBefore = variableValues(moved.params)['dense_1/kernel'];
  await train({
    ...options,
    model: moved.model,
    variables: moved,
    optimizer: freeze(adam({ learningRate: 0.02 }), moved.frozen),
  });
  expect(variableValues(moved.params)['dense_1/kernel']).toEqual(frozenBefore);
  expect(variableValues(moved.state)).toEqual(variableValues(imported.state)); // frozen batch norm keeps its statistics
  disposeVariables(imported);
  disposeVariables(moved);
});
