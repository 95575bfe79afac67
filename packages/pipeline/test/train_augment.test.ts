// Augmentation inside the loop: per batch, from the step's own generator, so runs are reproducible
// and a resumed run is bit-identical; evaluation sees the data unaugmented.
import { dense, flatten, sequential, softmaxCrossEntropy } from '@mlrecipe/nn';
import { adam } from '@mlrecipe/optim';
import { composeAugmentations, flipHorizontal, gaussianNoise } from '@mlrecipe/regularizers';
import { countTensors, createRng, tf, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { type TrainingSnapshot, type TrainOptions, train } from '../src/index.js';

await useBackend('wasm');

/** 4×4 one-channel pictures: class 1 has a bright left column, class 0 a bright right one (flips make it hard). */
function pictures(rows: number, seed: number) {
  const rng = createRng(seed);
  const y = Int32Array.from({ length: rows }, (_, i) => i % 2);
  const x = new Float32Array(rows * 16);
  for (let r = 0; r < rows; r++)
    for (let p = 0; p < 16; p++) x[r * 16 + p] = rng.normal(p % 4 === (y[r] === 1 ? 0 : 3) ? 1 : 0, 0.3);
  return { x: { values: x, shape: [rows, 4, 4, 1] }, y: { values: y, shape: [rows] } };
}

const options = (augment: TrainOptions['augment']): TrainOptions => ({
  model: sequential([flatten(), dense({ units: 8, activation: 'relu' }), dense({ units: 2 })]),
  inputShape: [4, 4, 1],
  data: { train: pictures(96, 1), dev: pictures(48, 2) },
  loss: softmaxCrossEntropy,
  optimizer: adam({ learningRate: 0.02 }),
  epochs: 3,
  batchSize: 16,
  seed: 4,
  progress: 'none',
  snapshotEveryBatches: 2,
  ...(augment ? { augment } : {}),
});
const read = (tree: Record<string, tf.Variable>) =>
  Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, Array.from(v.dataSync())]));

it('same seed, same augmented batches; resuming mid-epoch ends bit-identical; nothing leaks', async () => {
  const before = countTensors();
  const augment = composeAugmentations(flipHorizontal({ probability: 0.5 }), gaussianNoise({ std: 0.2 }));
  // Record what the model is trained on in the first two steps of each run.
  const spy =
    (seen: tf.Tensor4D[]): TrainOptions['augment'] =>
    (x, rng) => {
      const out = augment(x, rng);
      if (seen.length < 2) seen.push(tf.clone(out));
      return out;
    };
  const seenA: tf.Tensor4D[] = [];
  const seenB: tf.Tensor4D[] = [];
  const snapshots: string[] = [];
  const a = await train({ ...options(spy(seenA)), onSnapshot: (s) => void snapshots.push(JSON.stringify(s)) });
  const b = await train(options(spy(seenB)));
  const seen = [...seenA, ...seenB];
  expect(Array.from(seen[2]!.dataSync())).toEqual(Array.from(seen[0]!.dataSync()));
  expect(Array.from(seen[3]!.dataSync())).toEqual(Array.from(seen[1]!.dataSync()));
  expect(read(b.params)).toEqual(read(a.params));
  // The augmentation did change the batch (the raw first batch differs from what was trained on).
  const plain = await train(options(undefined));
  expect(read(plain.params)).not.toEqual(read(a.params));
  const midEpoch = snapshots.map((s) => JSON.parse(s) as TrainingSnapshot).find((s) => s.batch === 2 && s.epoch === 1)!;
  const resumed = await train({ ...options(augment), resumeFrom: midEpoch });
  expect(read(resumed.params)).toEqual(read(a.params));
  expect(resumed.history.map(({ seconds: _, ...r }) => r)).toEqual(a.history.map(({ seconds: _, ...r }) => r));
  tf.dispose([...seen, ...[a, b, plain, resumed].flatMap((r) => Object.values(r.params))]);
  expect(countTensors()).toBe(before);
});
