// Graph models (nn's functional API) wherever train takes a sequential model: a residual block with
// batch norm and dropout, and a model of two named inputs, trained, checkpointed mid-epoch, killed,
// resumed bit-identically, saved and loaded; transfer with freezing; a multi-task head.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  add,
  batchNorm,
  concatenate,
  connect,
  dense,
  dropout,
  graphModel,
  input,
  loadModel,
  maskedSigmoidCrossEntropy,
  saveModel,
  softmaxCrossEntropy,
} from '@mlrecipe/nn';
import { fileHandler } from '@mlrecipe/nn/node';
import { adam, freeze } from '@mlrecipe/optim';
import { countTensors, createRng, tf, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { evaluate, PipelineError, type TrainOptions, train, transfer } from '../src/index.js';
import { checkpoint } from '../src/node.js';
import { blobs } from './helpers/blobs.js';

await useBackend('wasm');

/** x [2] → dense(8, relu) → batchNorm → dropout → dense(2) → add(x, ·) → dense(2). */
function residual() {
  const x = input({ name: 'x', shape: [2] });
  const h = connect(
    dense({ units: 2 }),
    connect(dropout({ keepProb: 0.8 }), connect(batchNorm(), connect(dense({ units: 8, activation: 'relu' }), x))),
  );
  return graphModel({ inputs: [x], output: connect(dense({ units: 2 }), connect(add(), [x, h])) });
}

/** point [2] and hint [1] → concatenate → dense(8, relu) → dense(2). */
function twoInputs() {
  const point = input({ name: 'point', shape: [2] });
  const hint = input({ name: 'hint', shape: [1] });
  const joined = connect(concatenate(), [point, connect(dense({ units: 3, activation: 'tanh' }), hint)]);
  return graphModel({
    inputs: [point, hint],
    output: connect(dense({ units: 2 }), connect(dense({ units: 8, activation: 'relu' }), joined)),
  });
}

/** Blobs with a second input: a noisy copy of the label. */
function withHint(rows: number, seed: number) {
  const { x, y } = blobs(rows, seed, 0.5);
  const rng = createRng(`hint-${seed}`);
  const hint = Float32Array.from(y.values, (label) => label + rng.normal(0, 1));
  return { x: { point: x, hint: { values: hint, shape: [rows, 1] } }, y };
}

const bits = (params: Record<string, tf.Variable>) =>
  Object.fromEntries(
    Object.entries(params).map(([name, p]) => [name, Array.from(new Uint32Array(p.dataSync().slice().buffer))]),
  );

const cases = [
  {
    name: 'a residual block with batch norm and dropout',
    model: residual,
    inputShape: [2],
    data: { train: blobs(200, 1, 1), trainDev: blobs(50, 5, 1), dev: blobs(60, 2, 1) },
  },
  {
    name: 'a model of two named inputs',
    model: twoInputs,
    inputShape: { point: [2], hint: [1] },
    data: { train: withHint(200, 1), dev: withHint(60, 2) },
  },
];

for (const c of cases) {
  it(`${c.name} trains, is killed mid-epoch, resumes from its checkpoint bit-identically, saves and loads`, async () => {
    const before = countTensors();
    const options = {
      inputShape: c.inputShape,
      data: c.data,
      loss: softmaxCrossEntropy,
      optimizer: adam({ learningRate: 0.02 }),
      epochs: 3,
      batchSize: 32, // 7 batches per epoch
      seed: 11,
      progress: 'none' as const,
    } as Omit<TrainOptions, 'model'>;
    const straight = await train({ ...options, model: c.model() });
    expect(straight.history).toHaveLength(3);
    expect(straight.history[2]!.devError).toBeLessThan(0.35);

    const dir = mkdtempSync(join(tmpdir(), 'graph-resume-'));
    const killed = await train({
      ...options,
      model: c.model(),
      ...(await checkpoint(dir, { everyBatches: 3 })),
      callbacks: [
        {
          onBatchEnd: ({ epoch, batch }) => {
            if (epoch === 2 && batch === 5) throw new Error('killed');
          },
        },
      ],
    }).catch((e: Error) => e);
    expect((killed as Error).message).toBe('killed');
    const epochsRun: number[] = [];
    const resumed = await train({
      ...options,
      model: c.model(),
      ...(await checkpoint(dir, { everyBatches: 3 })),
      callbacks: [{ onEpochBegin: (epoch) => void epochsRun.push(epoch) }],
    });
    // It continued inside epoch 2 (from the snapshot after its batch 3), not from scratch.
    expect(epochsRun).toEqual([2, 3]);
    expect(resumed.history.map((r) => r.epoch)).toEqual([1, 2, 3]);
    expect(bits(resumed.params)).toEqual(bits(straight.params));
    expect(bits(resumed.state)).toEqual(bits(straight.state));
    expect(resumed.history.map((r) => r.devLoss)).toEqual(straight.history.map((r) => r.devLoss));

    const model = c.model();
    await saveModel(model, straight, c.inputShape, fileHandler(join(dir, 'model')));
    const loaded = await loadModel(fileHandler(join(dir, 'model')));
    expect(loaded.inputShape).toEqual(c.inputShape);
    expect(bits(loaded.params)).toEqual(bits(straight.params));
    expect(bits(loaded.state)).toEqual(bits(straight.state));
    const resumedFromFile = await train({ ...options, epochs: 1, model: loaded.model, variables: loaded });
    expect(resumedFromFile.history[0]!.devError).toBeLessThan(0.35);
    tf.dispose([straight, resumed, loaded].flatMap((r) => [...Object.values(r.params), ...Object.values(r.state)]));
    expect(countTensors()).toBe(before);
  }, 60_000);
}

it('transfer puts a new head on a graph model; frozen layers keep their parameters and batch-norm statistics', async () => {
  const before = countTensors();
  const data = { train: blobs(160, 1, 1), dev: blobs(40, 2, 1) };
  const base = {
    inputShape: [2],
    data,
    loss: softmaxCrossEntropy,
    epochs: 1,
    batchSize: 32,
    progress: 'none' as const,
  };
  const source = await train({ ...base, model: residual(), optimizer: adam({ learningRate: 0.02 }), seed: 1 });
  const moved = transfer({ model: residual(), ...source }, [2], createRng(2), {
    replaceHead: [dense({ units: 4, activation: 'relu' }), dense({ units: 2 })],
  });
  expect(moved.model.names).toEqual(['dense_1', 'batchNorm_1', 'dropout_1', 'dense_2', 'add_1', 'dense_3', 'dense_4']);
  const kept = bits({ ...moved.params, ...moved.state });
  await train({
    ...base,
    model: moved.model,
    variables: moved,
    optimizer: freeze(adam({ learningRate: 0.05 }), moved.frozen),
    seed: 3,
  });
  const after = bits({ ...moved.params, ...moved.state });
  for (const name of Object.keys(kept)) {
    if (name.startsWith('dense_3/') || name.startsWith('dense_4/')) expect(after[name], name).not.toEqual(kept[name]);
    else expect(after[name], name).toEqual(kept[name]); // frozen weights and batch-norm statistics
  }
  // The head must be a chain at the output: the add merges two inputs.
  expect(() =>
    transfer({ model: residual(), ...source }, [2], createRng(2), { replaceHead: [dense({ units: 2 })], headSize: 2 }),
  ).toThrow(/add_1 merges several inputs/);
  tf.dispose([source, moved].flatMap((r) => [...Object.values(r.params), ...Object.values(r.state)]));
  expect(countTensors()).toBe(before);
}, 60_000);

it('a shared trunk with one head per task trains as a multi-task (multilabel) model', async () => {
  const before = countTensors();
  const x = input({ name: 'x', shape: [2] });
  const trunk = connect(dense({ units: 8, activation: 'relu' }), x);
  const heads = [0, 1].map(() => connect(dense({ units: 1 }), trunk));
  const model = graphModel({ inputs: [x], output: connect(concatenate(), heads) });
  // Task 0: is the point in the positive blob; task 1: is its first coordinate positive (NaN: missing).
  const labelled = (rows: number, seed: number) => {
    const { x: xs, y } = blobs(rows, seed, 1.5);
    const values = new Float32Array(rows * 2);
    for (let r = 0; r < rows; r++) {
      values[2 * r] = y.values[r]!;
      values[2 * r + 1] = r % 5 === 0 ? Number.NaN : xs.values[2 * r]! > 0 ? 1 : 0;
    }
    return { x: xs, y: { values, shape: [rows, 2] } };
  };
  const result = await train({
    model,
    inputShape: [2],
    task: 'multilabel',
    data: { train: labelled(200, 1), dev: labelled(60, 2) },
    loss: maskedSigmoidCrossEntropy,
    optimizer: adam({ learningRate: 0.03 }),
    epochs: 4,
    batchSize: 32,
    seed: 4,
    progress: 'none',
  });
  const dev = result.history.at(-1)!.perTaskError!.dev;
  expect(dev).toHaveLength(2);
  expect(Math.max(...dev)).toBeLessThan(0.2);
  tf.dispose([...Object.values(result.params), ...Object.values(result.state)]);
  expect(countTensors()).toBe(before);
}, 60_000);

it('named inputs are checked before any tensor is made: a missing or unknown name, one array, unaligned rows, transformX', async () => {
  const before = countTensors();
  const good = withHint(40, 1);
  const base = {
    model: twoInputs(),
    inputShape: { point: [2], hint: [1] },
    loss: softmaxCrossEntropy,
    optimizer: adam({ learningRate: 0.01 }),
    epochs: 1,
    batchSize: 8,
    seed: 1,
    progress: 'none' as const,
  };
  const attempt = (data: unknown, extra: object = {}) =>
    train({ ...base, ...extra, data: { train: data, dev: good } as never }).catch((e: unknown) => e);
  const cases: Array<[unknown, RegExp, object?]> = [
    [
      { x: { point: good.x.point }, y: good.y },
      /data\.train\.x names point but the model's inputs are hint, point \(missing hint\)/,
    ],
    [{ x: { ...good.x, extra: good.x.hint }, y: good.y }, /\(unknown extra\)/],
    [{ x: good.x.point, y: good.y }, /data\.train\.x must be a record of named inputs \{ hint, point \}/],
    [
      { x: { point: good.x.point, hint: { values: new Float32Array(39), shape: [39, 1] } }, y: good.y },
      /x\.point has 40 rows but the other inputs 39|x\.hint has 39 rows but the other inputs 40/,
    ],
    [
      { x: { point: good.x.point, hint: { values: new Float32Array(80), shape: [40, 2] } }, y: good.y },
      /x\.hint rows have 2 values but the model's input shape \[1\] needs 1/,
    ],
    [
      good,
      /transformX works on a model with one input, but this one has named inputs/,
      { transformX: (v: Float32Array) => v },
    ],
  ];
  for (const [data, message, extra] of cases) {
    const error = await attempt(data, extra);
    expect(error).toBeInstanceOf(PipelineError);
    expect((error as Error).message).toMatch(message);
  }
  // evaluate checks the same way: named inputs for a one-input model, and one array for a two-input one.
  const model = twoInputs();
  const variables = model.init({ point: [2], hint: [1] }, createRng(1));
  expect(() =>
    evaluate(model, variables, { dev: { x: good.x.point, y: good.y } }, { inputShape: { point: [2], hint: [1] } }),
  ).toThrow(/the split\.x must be a record of named inputs \{ hint, point \}/);
  expect(() => evaluate(model, variables, { dev: good }, { inputShape: [2] })).toThrow(
    /the split\.x must be \{ values, shape \} for a model with one input \[2\], got a record of point, hint/,
  );
  tf.dispose(Object.values(variables.params));
  expect(countTensors()).toBe(before);
});
