import { dense, maskedSigmoidCrossEntropy, sequential } from '@mlrecipe/nn';
import { adam } from '@mlrecipe/optim';
import { countTensors, createRng, tf, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { evaluate, PipelineError, train } from '../src/index.js';

await useBackend('wasm');

/** Three things that can be true at once (the course's pedestrians, cars, stop signs): x_t > 0 for task t; a share of labels missing (NaN). */
function scenes(rows: number, seed: number, missing = 0.3) {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: rows * 4 }, () => rng.normal());
  const y = Float32Array.from({ length: rows * 3 }, (_, k) => {
    if (rng.uniform() < missing) return Number.NaN;
    return x[Math.floor(k / 3) * 4 + (k % 3)]! > 0 ? 1 : 0;
  });
  return { x: { values: x, shape: [rows, 4] }, y: { values: y, shape: [rows, 3] } };
}

it('trains one shared trunk with a sigmoid output per task and records error per task', async () => {
  const before = countTensors();
  const result = await train({
    model: sequential([dense({ units: 16, activation: 'relu' }), dense({ units: 3 })]),
    inputShape: [4],
    task: 'multilabel',
    data: { train: scenes(1500, 1), dev: scenes(300, 2) },
    loss: maskedSigmoidCrossEntropy,
    optimizer: adam({ learningRate: 0.02 }),
    epochs: 6,
    batchSize: 50,
    seed: 4,
    progress: 'none',
  });
  const last = result.history.at(-1)!;
  expect(last.perTaskError!.dev).toHaveLength(3);
  for (const error of last.perTaskError!.dev) expect(error).toBeLessThan(0.08);
  // The overall error counts present labels only: the mean of per-task errors weighted by present labels.
  expect(last.devError).toBeGreaterThan(0);
  expect(last.devError).toBeLessThan(0.08);
  tf.dispose([...Object.values(result.params), ...Object.values(result.state)]);
  expect(countTensors()).toBe(before);
});

it('ignores missing labels: the loss matches a hand computation over present labels, and all-missing rows change nothing', () => {
  const before = countTensors();
  const model = sequential([dense({ units: 3 })]);
  const kernel = [0.5, -1, 0.25, 2, 0.75, -0.5]; // [2 inputs, 3 tasks]
  const params = { 'dense_1/kernel': tf.tensor(kernel, [2, 3]), 'dense_1/bias': tf.tensor([0.1, 0, -0.2]) };
  const x = [1, 2, -1, 0.5];
  const y = [1, Number.NaN, 0, Number.NaN, 1, 1];
  // Hand computation: z = x·W + b per row, loss = mean over present labels of log(1 + e^z) − y·z.
  const z = [0, 1].map((r) =>
    [0, 1, 2].map((t) => x[r * 2]! * kernel[t]! + x[r * 2 + 1]! * kernel[3 + t]! + [0.1, 0, -0.2][t]!),
  );
  let sum = 0;
  let present = 0;
  y.forEach((label, k) => {
    if (Number.isNaN(label)) return;
    const logit = z[Math.floor(k / 3)]![k % 3]!;
    sum += Math.log(1 + Math.exp(logit)) - label * logit;
    present++;
  });
  const options = { inputShape: [2], task: 'multilabel' as const, loss: maskedSigmoidCrossEntropy };
  const data = {
    x: { values: Float32Array.from(x), shape: [2, 2] },
    y: { values: Float32Array.from(y), shape: [2, 3] },
  };
  const withUnlabelled = {
    x: { values: Float32Array.from([...x, 3, -3]), shape: [3, 2] },
    y: { values: Float32Array.from([...y, Number.NaN, Number.NaN, Number.NaN]), shape: [3, 3] },
  };
  const { a, b } = evaluate(model, { params }, { a: data, b: withUnlabelled }, { ...options, batchSize: 8 });
  expect(a.loss).toBeCloseTo(sum / present, 6);
  // One batch holds every row, so this is the masked loss itself: rows with every label missing add nothing.
  expect(b.loss).toBeCloseTo(sum / present, 6);
  // Per-task error counts only present labels (task 0: row 0 only; task 1: row 1 only; task 2: both rows).
  const wrong = (r: number, t: number) => ((z[r]![t]! > 0 ? 1 : 0) !== y[r * 3 + t] ? 1 : 0);
  expect(a.perTaskError).toEqual([wrong(0, 0), wrong(1, 1), (wrong(0, 2) + wrong(1, 2)) / 2]);
  tf.dispose(Object.values(params));
  expect(countTensors()).toBe(before);
});

it('rejects multilabel labels that are not 0, 1 or NaN, and label columns that do not match the outputs', async () => {
  const data = scenes(20, 3);
  const bad = { ...data, y: { ...data.y, values: Float32Array.from(data.y.values, (v, i) => (i === 4 ? 2 : v)) } };
  const run = (train_: typeof data) =>
    train({
      model: sequential([dense({ units: 3 })]),
      inputShape: [4],
      task: 'multilabel',
      data: { train: train_, dev: data },
      loss: maskedSigmoidCrossEntropy,
      optimizer: adam({ learningRate: 0.01 }),
      epochs: 1,
      batchSize: 8,
      seed: 1,
      progress: 'none',
    }).catch((e) => e);
  const error = await run(bad);
  expect(error).toBeInstanceOf(PipelineError);
  expect(error.message).toMatch(/label 2 at row 1 must be 0, 1, or NaN/);
  const narrow = { ...data, y: { values: data.y.values.slice(0, 40), shape: [20, 2] } };
  expect((await run(narrow)).message).toMatch(/labels have 2 columns but the model has 3 outputs/);
});
