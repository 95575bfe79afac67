// Same seed, same bits, whatever the timing: train reads losses on a clock (LossReader) and yields
// to the event loop, so when tensors are read and freed (and where the next ones are allocated)
// depends on timing. None of that may change a number: three runs of a conv + batch norm + dropout
// model, with callbacks that stall at different batches, end with identical parameters and dev losses.
import { batchNorm, conv2d, dense, dropout, flatten, maxPool2d, sequential, softmaxCrossEntropy } from '@mlrecipe/nn';
import { adam } from '@mlrecipe/optim';
import { createRng, tf, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { train } from '../src/index.js';

await useBackend('wasm');

function images(rows: number, seed: number) {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: rows * 64 }, () => rng.uniform(0, 1));
  const y = Int32Array.from({ length: rows }, (_, i) => (x[i * 64]! > 0.5 ? 1 : 0));
  return { x: { values: x, shape: [rows, 8, 8, 1] }, y: { values: y, shape: [rows] } };
}

async function run(stallMs: (batch: number) => number) {
  let batch = 0;
  const result = await train({
    model: sequential([
      conv2d({ filters: 4, kernelSize: 3, activation: 'relu' }),
      batchNorm(),
      maxPool2d(),
      flatten(),
      dropout({ keepProb: 0.8 }),
      dense({ units: 2 }),
    ]),
    inputShape: [8, 8, 1],
    data: { train: images(600, 1), dev: images(200, 2) },
    loss: softmaxCrossEntropy,
    optimizer: adam({ learningRate: 0.01 }),
    epochs: 3,
    batchSize: 32,
    seed: 3,
    progress: 'none',
    callbacks: [
      {
        onBatchEnd: async () => {
          const ms = stallMs(batch++);
          if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
        },
      },
    ],
  });
  const params = Object.values(result.params).map((p) => Array.from(p.dataSync()));
  tf.dispose(Object.values(result.params));
  return { params, devLosses: result.history.map((h) => h.devLoss) };
}

it('ends with the same parameters and dev losses however long the callbacks stall', async () => {
  const quick = await run(() => 0);
  const stalled = [await run((b) => (b % 3 === 0 ? 40 : 0)), await run((b) => (b % 5 === 1 ? 35 : 0))];
  expect(quick.devLosses.every(Number.isFinite)).toBe(true);
  for (const other of stalled) {
    expect(other.devLosses).toEqual(quick.devLosses);
    expect(other.params).toEqual(quick.params);
  }
}, 120_000);
