import { countTensors, createRng, tf } from '@mlrecipe/tensor';
import { describeOnBackends } from '@mlrecipe/tensor/testing';
import { expect, it } from 'vitest';
import {
  bidirectional,
  conv1d,
  conv2d,
  dense,
  embedding,
  globalAveragePool1d,
  globalAveragePool2d,
  gru,
  layerNorm,
  loadModel,
  lstm,
  type Model,
  saveModel,
  sequential,
  simpleRnn,
} from '../src/index.js';

/** Saves into memory and loads back, through the same IO path as files and IndexedDB. */
async function roundTrip(model: Model, variables: ReturnType<Model['init']>, inputShape: number[]) {
  let saved: tf.io.ModelArtifacts | undefined;
  await saveModel(
    model,
    variables,
    inputShape,
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return loadModel(tf.io.fromMemory(saved!));
}

describeOnBackends(['wasm'], 'saving and loading sequence models', () => {
  const cases: Array<{ name: string; model: Model; inputShape: number[]; x: () => tf.Tensor }> = [
    {
      name: 'embedding → conv1d → layerNorm → bidirectional LSTM (sum) → GRU → global average pool',
      model: sequential([
        embedding({ inputDim: 10, outputDim: 4 }),
        conv1d({ filters: 5, kernelSize: 3, activation: 'relu' }),
        layerNorm(),
        bidirectional(lstm({ units: 3, returnSequences: true }), { merge: 'sum' }),
        gru({ units: 2, returnSequences: true }),
        globalAveragePool1d(),
        dense({ units: 2 }),
      ]),
      inputShape: [6],
      x: () => tf.tensor2d([1, 4, 9, 0, 2, 2, 3, 3, 1, 7, 8, 5], [2, 6], 'int32'),
    },
    {
      name: 'masked simpleRnn',
      model: sequential([simpleRnn({ units: 3, maskValue: 0 })]),
      inputShape: [4, 2],
      x: () => tf.tensor3d([0.5, -1, 0.2, 0.3, 0, 0, 0, 0, 1, 1, -1, 2, 0.1, 0.4, 0, 0], [2, 4, 2]),
    },
    {
      name: 'conv2d → global average pool 2d',
      model: sequential([conv2d({ filters: 2, kernelSize: 3 }), globalAveragePool2d()]),
      inputShape: [5, 5, 1],
      x: () =>
        tf.tensor4d(
          Float32Array.from({ length: 50 }, (_, k) => Math.sin(k)),
          [2, 5, 5, 1],
        ),
    },
  ];
  for (const { name, model, inputShape, x: makeX } of cases) {
    it(`${name}: loads back the same layers and parameters and gives the same outputs, bit for bit`, async () => {
      const variables = model.init(inputShape, createRng(5));
      const loaded = await roundTrip(model, variables, inputShape);
      // Initialiser names are not restored (the weights are); the rest of the configuration is.
      const withoutInitializers = (m: Model) =>
        JSON.parse(JSON.stringify(m.config(), (k, v) => (k.endsWith('Initializer') ? undefined : v)));
      expect(withoutInitializers(loaded.model)).toEqual(withoutInitializers(model));
      expect(Object.keys(loaded.params).sort()).toEqual(Object.keys(variables.params).sort());
      const x = makeX();
      const before = countTensors();
      const a = model.apply(variables.params, x);
      const b = loaded.model.apply(loaded.params, x);
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
      tf.dispose([a, b]);
      expect(countTensors()).toBe(before);
      tf.dispose([x, ...Object.values(variables.params), ...Object.values(loaded.params)]);
    });
  }
});
