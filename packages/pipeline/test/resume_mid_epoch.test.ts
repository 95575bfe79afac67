import { dense, dropout, sequential, softmaxCrossEntropy } from '@mlrecipe/nn';
import { adam } from '@mlrecipe/optim';
import { countTensors, tf, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { PipelineError, type TrainingSnapshot, train } from '../src/index.js';
import { blobs } from './helpers/blobs.js';

await useBackend('wasm');

const options = {
  inputShape: [2],
  data: { train: blobs(320, 1, 1), dev: blobs(64, 2, 1) },
  loss: softmaxCrossEntropy,
  optimizer: adam({ learningRate: 0.01 }),
  epochs: 3,
  batchSize: 32, // 10 batches per epoch
  seed: 9,
  progress: 'none' as const,
};
const model = () =>
  sequential([dense({ units: 8, activation: 'relu' }), dropout({ keepProb: 0.8 }), dense({ units: 2 })]);
const values = (params: Record<string, tf.Variable>) =>
  Object.fromEntries(Object.entries(params).map(([name, p]) => [name, Array.from(p.dataSync())]));

it('snapshots within an epoch and resumes from a batch position to bit-identical parameters', async () => {
  const before = countTensors();
  const snapshots: TrainingSnapshot[] = [];
  const straight = await train({
    ...options,
    model: model(),
    snapshotEveryBatches: 4,
    onSnapshot: (s) => {
      snapshots.push(JSON.parse(JSON.stringify(s)));
    },
  });
  // Within each epoch after batches 4 and 8 (not 10: that is the epoch's end), then at the end.
  expect(snapshots.map((s) => `${s.epoch}:${s.batch ?? 0}`)).toEqual([
    '0:4',
    '0:8',
    '1:0',
    '1:4',
    '1:8',
    '2:0',
    '2:4',
    '2:8',
    '3:0',
  ]);
  for (const from of [snapshots[0]!, snapshots[4]!]) {
    const resumed = await train({ ...options, model: model(), resumeFrom: from });
    expect(values(resumed.params)).toEqual(values(straight.params));
    expect(resumed.history.map((r) => r.devLoss)).toEqual(straight.history.map((r) => r.devLoss));
    tf.dispose([...Object.values(resumed.params), ...Object.values(resumed.state)]);
  }
  tf.dispose([...Object.values(straight.params), ...Object.values(straight.state)]);
  expect(countTensors()).toBe(before);
  const error = await train({ ...options, model: model(), snapshotEveryBatches: 0.5 }).catch((e) => e);
  expect(error).toBeInstanceOf(PipelineError);
  expect(error.message).toMatch(/snapshotEveryBatches must be a positive integer, got 0.5/);
});
