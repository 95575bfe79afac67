import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchNorm, dense, loadModel, saveModel, sequential, softmaxCrossEntropy } from '@mlrecipe/nn';
import { fileHandler } from '@mlrecipe/nn/node';
import { adam, inverseTimeDecay } from '@mlrecipe/optim';
import { countTensors, tf, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { PipelineError, scheduled, type TrainingSnapshot, train } from '../src/index.js';
import { blobs } from './helpers/blobs.js';

await useBackend('wasm');

const model = sequential([dense({ units: 8, activation: 'relu' }), batchNorm(), dense({ units: 2 })]);
const options = {
  model,
  inputShape: [2],
  data: { train: blobs(192, 1, 1), dev: blobs(64, 2, 1) },
  loss: softmaxCrossEntropy,
  // The learning rate decays with the optimizer's own step count, so a lost state shows in history.
  optimizer: scheduled(inverseTimeDecay({ initial: 0.05, decayRate: 1 }), (learningRate) => adam({ learningRate })),
  batchSize: 32,
  seed: 4,
  progress: 'none' as const,
};
const values = (tree: Record<string, tf.Variable>) =>
  Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, Array.from(v.dataSync())]));
const dispose = (v: { params: Record<string, tf.Variable>; state: Record<string, tf.Variable> }) =>
  tf.dispose([...Object.values(v.params), ...Object.values(v.state)]);

it('a model saved with its optimizer state continues training through train exactly as from the state in memory', async () => {
  const before = countTensors();
  const straight = await train({ ...options, epochs: 4 });
  const first = await train({ ...options, epochs: 2 });
  expect(first.optimizerState).toEqual(JSON.parse(JSON.stringify(first.optimizerState))); // plain data, no tensors
  const dir = mkdtempSync(join(tmpdir(), 'mlrecipe-continue-'));
  await saveModel(model, first, [2], fileHandler(dir), { optimizerState: first.optimizerState });

  const loaded = await loadModel(fileHandler(dir));
  const continued = await train({
    ...options,
    model: loaded.model,
    epochs: 2,
    variables: loaded,
    optimizerState: loaded.optimizerState,
  });
  // The schedule's position is in the state, not in this run's epochs: no rate is claimed.
  expect(continued.history.map((r) => r.learningRate)).toEqual([undefined, undefined]);
  // The same continuation from the in-memory state: identical to the bit.
  const inMemory = await train({ ...options, epochs: 2, variables: first, optimizerState: first.optimizerState });
  expect(values(loaded.params)).toEqual(values(first.params));
  expect(values(loaded.state)).toEqual(values(first.state));
  expect(continued.optimizerState).toEqual(inMemory.optimizerState);

  // Without it, Adam and the schedule restart (rate 0.05 again, zero moments): another result.
  const fresh = await loadModel(fileHandler(dir));
  const restarted = await train({ ...options, model: fresh.model, epochs: 2, variables: fresh });
  expect(restarted.history[0]!.learningRate).toBe(straight.history[0]!.learningRate);
  expect(values(fresh.params)).not.toEqual(values(loaded.params));
  // And the saved state is what the optimizer holds: its step count went on from 12 to 24.
  expect(JSON.stringify(continued.optimizerState)).toMatch(/"count":24/);
  expect(JSON.stringify(first.optimizerState)).toMatch(/"count":12/);

  let snapshot: TrainingSnapshot | undefined;
  const snapped = await train({
    ...options,
    epochs: 1,
    onSnapshot: (x) => {
      snapshot = x;
    },
  });
  const both = await train({
    ...options,
    epochs: 2,
    optimizerState: first.optimizerState,
    resumeFrom: snapshot!,
  }).catch((e: unknown) => e);
  expect(both).toBeInstanceOf(PipelineError);
  expect((both as Error).message).toMatch(/give resumeFrom or optimizerState, not both/);
  dispose(snapped);
  for (const v of [straight, first, loaded, fresh]) dispose(v);
  expect(countTensors()).toBe(before);
});
