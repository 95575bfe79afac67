import { dense, sequential, softmaxCrossEntropy } from '@mlrecipe/nn';
import { adam, freeze } from '@mlrecipe/optim';
import { createRng, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { PipelineError, train, transfer } from '../src/index.js';

await useBackend('wasm');

function task(rows: number, seed: number, rule: (a: number, b: number) => number) {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: rows * 4 }, () => rng.normal());
  const y = Int32Array.from({ length: rows }, (_, i) => rule(x[i * 4]!, x[i * 4 + 1]!));
  return { x: { values: x, shape: [rows, 4] }, y: { values: y, shape: [rows] } };
}

it('retrains only the new head when the rest is frozen, and leaves frozen parameters unchanged', async () => {
  const sourceRule = (a: number, b: number) => (a + b > 0 ? 1 : 0);
  const source = sequential([
    dense({ units: 16, activation: 'relu' }),
    dense({ units: 16, activation: 'relu' }),
    dense({ units: 2 }),
  ]);
  const trained = await train({
    model: source,
    inputShape: [4],
    data: { train: task(800, 1, sourceRule), dev: task(200, 2, sourceRule) },
    loss: softmaxCrossEntropy,
    optimizer: adam({ learningRate: 0.01 }),
    epochs: 3,
    batchSize: 32,
    seed: 1,
    progress: 'none',
  });
  const targetRule = (a: number, b: number) => (a + b > 0.5 ? 2 : a + b > -0.5 ? 1 : 0); // three classes now
  const moved = transfer({ model: source, params: trained.params }, [4], createRng(3), {
    replaceHead: [dense({ units: 3 })],
  });
  expect(moved.model.names).toEqual(['dense_1', 'dense_2', 'dense_3']);
  expect(Array.from(moved.params['dense_1/kernel']!.dataSync())).toEqual(
    Array.from(trained.params['dense_1/kernel']!.dataSync()),
  );
  const frozenBefore = Array.from(moved.params['dense_2/kernel']!.dataSync());
  const headBefore = Array.from(moved.params['dense_3/kernel']!.dataSync());
  await train({
    model: moved.model,
    inputShape: [4],
    variables: moved,
    data: { train: task(60, 4, targetRule), dev: task(200, 5, targetRule) },
    loss: softmaxCrossEntropy,
    optimizer: freeze(adam({ learningRate: 0.01 }), moved.frozen),
    epochs: 3,
    batchSize: 16,
    seed: 2,
    progress: 'none',
  });
  expect(Array.from(moved.params['dense_2/kernel']!.dataSync())).toEqual(frozenBefore);
  expect(Array.from(moved.params['dense_3/kernel']!.dataSync())).not.toEqual(headBefore);
  expect(moved.frozen('dense_1/kernel')).toBe(true);
  expect(
    transfer({ model: source, params: trained.params }, [4], createRng(3), {
      replaceHead: [dense({ units: 3 })],
      freeze: 'none',
    }).frozen('dense_1/kernel'),
  ).toBe(false);
  await expect(
    train({
      model: moved.model,
      inputShape: [4],
      variables: moved,
      data: { train: task(10, 4, targetRule), dev: task(10, 5, targetRule) },
      loss: softmaxCrossEntropy,
      optimizer: freeze(adam({ learningRate: 0.01 }), () => true),
      epochs: 1,
      batchSize: 4,
      seed: 2,
      progress: 'none',
    }),
  ).rejects.toBeInstanceOf(PipelineError);
});
