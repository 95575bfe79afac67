// Class and sample weights in train (Keras' class_weight / sample_weight): on a seeded 95/5
// imbalanced set, "balanced" class weights raise the minority class's recall; an unweighted loss
// given weights, and malformed weights, are refused before training.
import { rateInterval, recall } from '@mlrecipe/metrics';
import {
  dense,
  sequential,
  softmaxCrossEntropy,
  weightedBinaryCrossEntropy,
  weightedSoftmaxCrossEntropy,
} from '@mlrecipe/nn';
import { adam } from '@mlrecipe/optim';
import { countTensors, createRng, tf, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { evaluate, PipelineError, train } from '../src/index.js';

await useBackend('wasm');

/** 5 % of rows are class 1, centred at (1.5, 1.5); the rest class 0 at the origin; unit variance. */
function imbalanced(rows: number, seed: number) {
  const rng = createRng(seed);
  const y = Int32Array.from({ length: rows }, () => (rng.uniform() < 0.05 ? 1 : 0));
  const x = Float32Array.from({ length: rows * 2 }, (_, k) => rng.normal(y[k >> 1] === 1 ? 1.5 : 0, 1));
  return { x: { values: x, shape: [rows, 2] }, y: { values: y, shape: [rows] } };
}

const data = { train: imbalanced(2000, 1), dev: imbalanced(4000, 2) };
const base = {
  inputShape: [2],
  data,
  optimizer: adam({ learningRate: 0.05 }),
  epochs: 8,
  batchSize: 64,
  seed: 3,
  progress: 'none' as const,
};

function minorityRecall(result: Awaited<ReturnType<typeof train>>, model: ReturnType<typeof sequential>) {
  const { dev } = evaluate(model, result, { dev: data.dev }, { inputShape: [2] });
  const labels = dev.labels!.values;
  const predicted = dev.predictions!.values;
  const value = recall(labels, predicted, { average: 'binary', positiveLabel: 1 });
  let hits = 0;
  let positives = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 1) continue;
    positives++;
    if (predicted[i] === 1) hits++;
  }
  return { value, interval: rateInterval(hits, positives), positives, devError: dev.error };
}

it('balanced class weights raise the minority recall on a 95/5 set (figures printed)', async () => {
  const before = countTensors();
  const rows = data.train.y.shape[0]!;
  const minority = data.train.y.values.filter((v) => v === 1).length;
  // scikit-learn's "balanced": rows / (classes · count_c).
  const classWeights = [rows / (2 * (rows - minority)), rows / (2 * minority)];
  const model = () => sequential([dense({ units: 2 })]);
  const plainModel = model();
  const plain = await train({ ...base, model: plainModel, loss: softmaxCrossEntropy });
  const weightedModel = model();
  const weighted = await train({ ...base, model: weightedModel, loss: weightedSoftmaxCrossEntropy, classWeights });
  const a = minorityRecall(plain, plainModel);
  const b = minorityRecall(weighted, weightedModel);
  const show = (r: typeof a) =>
    `${r.value.toFixed(3)} [${r.interval.low.toFixed(3)}, ${r.interval.high.toFixed(3)}] (dev error ${r.devError.toFixed(3)})`;
  console.log(
    `minority recall on dev (${a.positives} minority rows of ${data.dev.y.shape[0]}), train minority ${minority}/${rows}, classWeights [${classWeights.map((w) => w.toFixed(3))}]: unweighted ${show(a)}, weighted ${show(b)}`,
  );
  expect(b.value).toBeGreaterThan(a.value + 0.3);
  expect(b.interval.low).toBeGreaterThan(a.interval.high); // the intervals do not overlap
  tf.dispose([plain, weighted].flatMap((r) => [...Object.values(r.params), ...Object.values(r.state)]));
  expect(countTensors()).toBe(before);
}, 60_000);

it('sample weights multiply class weights, as Keras: doubling every sample weight with halved class weights trains the same', async () => {
  const before = countTensors();
  const small = { train: imbalanced(300, 4), dev: imbalanced(100, 5) };
  const common = {
    ...base,
    data: small,
    epochs: 2,
    loss: weightedSoftmaxCrossEntropy,
    model: sequential([dense({ units: 2 })]),
  };
  const sampleWeights = Float32Array.from({ length: 300 }, (_, i) => 1 + (i % 3));
  const a = await train({ ...common, classWeights: [1, 8], sampleWeights });
  const b = await train({ ...common, classWeights: [0.5, 4], sampleWeights: sampleWeights.map((w) => 2 * w) });
  const c = await train({ ...common, classWeights: [1, 8] });
  const values = (r: typeof a) => Object.values(r.params).flatMap((p) => Array.from(p.dataSync()));
  for (const [i, v] of values(a).entries()) expect(v).toBeCloseTo(values(b)[i]!, 5);
  expect(values(a)).not.toEqual(values(c)); // the sample weights do change the run
  tf.dispose([a, b, c].flatMap((r) => [...Object.values(r.params), ...Object.values(r.state)]));
  expect(countTensors()).toBe(before);
}, 60_000);

it('a binary model with one sigmoid output takes class weights [w0, w1] too (Keras), and they raise the minority recall', async () => {
  const before = countTensors();
  const column = (split: typeof data.train) => ({
    x: split.x,
    y: { values: Float32Array.from(split.y.values), shape: [split.y.shape[0]!, 1] },
  });
  const binary = { train: column(data.train), dev: column(data.dev) };
  const loss = (y: tf.Tensor, z: tf.Tensor, w?: { sampleWeights: tf.Tensor }) =>
    weightedBinaryCrossEntropy(y, z, { ...w, fromLogits: true });
  const common = { ...base, data: binary, task: 'multilabel' as const, loss };
  const recallOf = async (classWeights?: number[]) => {
    const model = sequential([dense({ units: 1 })]);
    const result = await train({ ...common, model, ...(classWeights ? { classWeights } : {}) });
    const { dev } = evaluate(model, result, { dev: binary.dev }, { inputShape: [2], task: 'multilabel' });
    const labels = dev.labels!.values;
    const predicted = dev.predictions!.values;
    let hits = 0;
    let positives = 0;
    for (let i = 0; i < labels.length; i++) {
      if (labels[i] !== 1) continue;
      positives++;
      if (predicted[i] === 1) hits++;
    }
    tf.dispose([...Object.values(result.params), ...Object.values(result.state)]);
    return hits / positives;
  };
  const plain = await recallOf();
  const weighted = await recallOf([0.526, 10.2]);
  console.log(`one sigmoid output: minority recall unweighted ${plain.toFixed(3)}, weighted ${weighted.toFixed(3)}`);
  expect(weighted).toBeGreaterThan(plain + 0.3);
  const twoOutputs = await train({
    ...common,
    model: sequential([dense({ units: 2 })]),
    data: {
      train: { x: data.train.x, y: { values: new Float32Array(4000), shape: [2000, 2] } },
      dev: { x: data.dev.x, y: { values: new Float32Array(8000), shape: [4000, 2] } },
    },
    classWeights: [1, 2],
  }).catch((e: unknown) => e);
  expect((twoOutputs as Error).message).toMatch(
    /classWeights with a multilabel task need one output \(binary, \[w0, w1\]\); this model has 2/,
  );
  expect(countTensors()).toBe(before);
}, 60_000);

it('weights are checked before training: lengths, values, task, and a loss that ignores them', async () => {
  const before = countTensors();
  const small = { train: imbalanced(50, 4), dev: imbalanced(20, 5) };
  const common = { ...base, data: small, epochs: 1, loss: weightedSoftmaxCrossEntropy };
  const cases: Array<[object, RegExp]> = [
    [{ classWeights: [1, 2, 3] }, /classWeights has 3 entries but the model has 2 classes/],
    [{ classWeights: [1, -1] }, /classWeights\[1\] is -1; weights must be finite and ≥ 0/],
    [{ classWeights: [0, 0] }, /every entry of classWeights is 0/],
    [{ sampleWeights: [1, 2] }, /sampleWeights has 2 entries but train has 50 rows/],
    [{ sampleWeights: new Float32Array(50).fill(Number.NaN) }, /sampleWeights\[0\] is NaN/],
    [
      { classWeights: [1, 2], task: 'regression', loss: weightedSoftmaxCrossEntropy },
      /classWeights weigh the classes of a classification task .* but the task is 'regression'/,
    ],
    [
      { classWeights: [1, 19], loss: softmaxCrossEntropy },
      /need a loss that applies weights, but this loss gave [\d.]+ with every weight 0; use nn's weightedSoftmaxCrossEntropy/,
    ],
  ];
  for (const [extra, message] of cases) {
    const error = await train({ ...common, model: sequential([dense({ units: 2 })]), ...extra } as never).catch(
      (e: unknown) => e,
    );
    expect(error, String(message)).toBeInstanceOf(PipelineError);
    expect((error as Error).message).toMatch(message);
  }
  expect(countTensors()).toBe(before);
});
