import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, tf, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import {
  batchNorm,
  conv2d,
  dense,
  flatten,
  loadModel,
  maxPool2d,
  NnError,
  saveModel,
  sequential,
} from '../src/index.js';
import { fileHandler } from '../src/node.js';

await useBackend('wasm');

it('saves to files and loads back the same layers, parameters and state, bit for bit', async () => {
  const model = sequential([
    conv2d({ filters: 3, kernelSize: 3, activation: 'relu' }),
    maxPool2d(),
    flatten(),
    batchNorm(),
    dense({ units: 4 }),
  ]);
  const rng = createRng(11);
  const variables = model.init([8, 8, 1], rng);
  const x = tf.tensor4d(
    Float32Array.from({ length: 2 * 64 }, () => rng.normal()),
    [2, 8, 8, 1],
  );
  model.apply(variables.params, x, { training: true, state: variables.state }).dispose(); // moves the BN statistics
  const dir = mkdtempSync(join(tmpdir(), 'mlrecipe-model-'));
  await saveModel(model, variables, [8, 8, 1], fileHandler(dir));
  expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']); // no temporary files left

  const loaded = await loadModel(fileHandler(dir));
  expect(loaded.model.names).toEqual(model.names);
  expect(loaded.inputShape).toEqual([8, 8, 1]);
  for (const tree of ['params', 'state'] as const) {
    expect(Object.keys(loaded[tree]).sort()).toEqual(Object.keys(variables[tree]).sort());
    for (const [name, v] of Object.entries(variables[tree])) {
      expect(Array.from(loaded[tree][name]!.dataSync()), name).toEqual(Array.from(v.dataSync()));
    }
  }
  const before = model.apply(variables.params, x, { state: variables.state });
  const after = loaded.model.apply(loaded.params, x, { state: loaded.state });
  expect(Array.from(after.dataSync())).toEqual(Array.from(before.dataSync()));
  tf.dispose([
    x,
    before,
    after,
    ...Object.values(variables.params),
    ...Object.values(variables.state),
    ...Object.values(loaded.params),
    ...Object.values(loaded.state),
  ]);
});

it('refuses what it did not save and URLs with no handler', async () => {
  const foreign: tf.io.IOHandler = { load: async () => ({ modelTopology: { format: 'other' } }) };
  await expect(loadModel(foreign)).rejects.toThrow(/not a model saved by @mlrecipe\/nn saveModel/);
  // A Keras topology goes to the tfjs-layers importer, which says what is wrong with it.
  const keras: tf.io.IOHandler = { load: async () => ({ modelTopology: { class_name: 'Sequential' } }) };
  await expect(loadModel(keras)).rejects.toThrow(/importLayersModel: the Sequential model lists no layers/);
  const model = sequential([dense({ units: 1 })]);
  const variables = model.init([2], createRng(1));
  await expect(saveModel(model, variables, [2], 'nowhere://x')).rejects.toBeInstanceOf(NnError);
  tf.dispose(Object.values(variables.params));
});
