import { dense, sequential, softmaxCrossEntropy } from '@mlrecipe/nn';
import { sgd } from '@mlrecipe/optim';
import { countTensors, tf, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { PipelineError, type TrainingSnapshot, train } from '../src/index.js';
import { blobs as twoBlobs } from './helpers/blobs.js';

await useBackend('wasm');

const blobs = (rows: number, seed: number) => twoBlobs(rows, seed, 1);

it('refuses to resume from a checkpoint written by another model, naming what the checkpoint holds', async () => {
  const options = {
    inputShape: [2],
    data: { train: blobs(64, 1), dev: blobs(32, 2) },
    loss: softmaxCrossEntropy,
    optimizer: sgd({ learningRate: 0.1 }),
    batchSize: 32,
    seed: 1,
    progress: 'none' as const,
  };
  let snapshot: TrainingSnapshot | undefined;
  const first = await train({
    ...options,
    model: sequential([dense({ units: 4, activation: 'relu' }), dense({ units: 2 })]),
    epochs: 1,
    onSnapshot: (s) => {
      snapshot = s;
    },
  });
  tf.dispose(Object.values(first.params));
  const before = countTensors();
  const error = await train({
    ...options,
    model: sequential([dense({ units: 8, activation: 'relu' }), dense({ units: 2 })]),
    epochs: 2,
    resumeFrom: snapshot!,
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PipelineError);
  expect((error as Error).message).toMatch(/checkpoint is from another model \(it holds dense_1\/kernel \[2,4\]/);
  expect(countTensors()).toBe(before);
});
