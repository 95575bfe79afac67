import { groupKFold, kFold, stratifiedKFold } from '@mlrecipe/data';
import { accuracy } from '@mlrecipe/metrics';
import {
  concatenate,
  connect,
  dense,
  graphModel,
  input,
  sequential,
  softmaxCrossEntropy,
  weightedSoftmaxCrossEntropy,
} from '@mlrecipe/nn';
import { adam } from '@mlrecipe/optim';
import { countTensors, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { foldSummary } from '../src/cross_validation/cross_validate.js';
import { studentTCritical } from '../src/cross_validation/student_t.js';
import { crossValidate, PipelineError, report } from '../src/index.js';
import { blobs } from './helpers/blobs.js';

await useBackend('wasm');

it("Student's t critical values match scipy", () => {
  // python3 -c "from scipy import stats; print([stats.t.ppf(q, df) for df in (1, 2, 4, 9) for q in (0.975, 0.95)])"
  const scipy: Array<[number, number, number]> = [
    [0.95, 1, 12.706204736174694],
    [0.9, 1, 6.313751514675037],
    [0.95, 2, 4.302652729749462],
    [0.9, 2, 2.9199855803537242],
    [0.95, 4, 2.7764451051977934],
    [0.9, 4, 2.1318467863266495],
    [0.95, 9, 2.262157162798205],
    [0.9, 9, 1.833112932656237],
  ];
  for (const [confidence, nu, expected] of scipy) expect(studentTCritical(confidence, nu)).toBeCloseTo(expected, 6);
});

it('a fold summary is the mean, the sample sd and the corrected resampled t interval', () => {
  // v = [0.1 … 0.5], k = 5, n_test/n_train = 1/4: numpy/scipy
  // sd = v.std(ddof=1); half = stats.t.ppf(0.975, 4) * sqrt((1/5 + 1/4) * sd**2)
  const s = foldSummary([0.1, 0.2, 0.3, 0.4, 0.5], 0.25, 0.95);
  expect(s.mean).toBeCloseTo(0.3, 12);
  expect(s.sd).toBeCloseTo(0.15811388300841897, 12);
  expect(s.low).toBeCloseTo(0.0055135257783663905, 6);
  expect(s.high).toBeCloseTo(0.5944864742216336, 6);
  // An error rate's interval stops at 0.
  const cut = foldSummary([0.0, 0.02, 0.1], 0.5, 0.95, [0, 1]);
  expect(cut.low).toBe(0);
  expect(cut.high).toBeLessThan(1);
});

const data = blobs(240, 1, 1);
const base = {
  model: sequential([dense({ units: 8, activation: 'relu' }), dense({ units: 2 })]),
  inputShape: [2],
  data,
  loss: softmaxCrossEntropy,
  optimizer: adam({ learningRate: 0.03 }),
  epochs: 3,
  batchSize: 32,
  seed: 5,
  progress: 'none' as const,
};

it('stratified 4-fold: every row tested once, mean ± sd per metric, pooled error and per-fold diagnoses, a report section', async () => {
  const before = countTensors();
  const folds = stratifiedKFold(data.y.values, { k: 4, seed: 1 });
  const cv = await crossValidate({ ...base, folds, humanLevel: 0.1, metrics: { accuracy } });
  expect(countTensors()).toBe(before);
  expect(cv.folds).toHaveLength(4);
  expect(cv.folds.reduce((s, f) => s + f.testRows, 0)).toBe(240);
  for (const f of cv.folds) {
    expect(f.trainRows + f.testRows).toBe(240);
    // The fold's test evaluation is the history's last dev error: the same model on the same rows.
    expect(f.test.error).toBeCloseTo(f.history.at(-1)!.devError, 10);
    expect(f.test.metrics.accuracy).toBeCloseTo(1 - f.test.error, 10);
    expect(f.diagnosis?.bayesProxy.value).toBe(0.1);
  }
  const errors = cv.folds.map((f) => f.test.error);
  const mean = errors.reduce((a, b) => a + b, 0) / 4;
  expect(cv.summary.testError!.perFold).toEqual(errors);
  expect(cv.summary.testError!.mean).toBeCloseTo(mean, 12);
  expect(cv.summary.testError!.low).toBeLessThan(mean);
  expect(cv.summary.test_accuracy!.mean).toBeCloseTo(1 - mean, 10);
  const held = cv.heldOutPredictions!;
  expect(held.every((p) => p === 0 || p === 1)).toBe(true); // every row held out once
  const heldWrong = held.filter((p, row) => p !== data.y.values[row]).length;
  const pooled = cv.pooledTestError!;
  expect(heldWrong).toBe(pooled.errors);
  expect(pooled.rows).toBe(240);
  expect(pooled.errors).toBe(cv.folds.reduce((s, f) => s + f.test.errorCount!, 0));
  expect(pooled.low).toBeLessThan(pooled.error);
  expect(pooled.high).toBeGreaterThan(pooled.error);
  expect(cv.diagnosis?.summary).toBeTypeOf('string');
  // Blobs at ±1 with unit variance: the Bayes error is Φ(−√2) ≈ 7.9 %; a fold's error stays near it.
  expect(mean).toBeLessThan(0.2);
  console.log(
    `4-fold CV on 240 blobs: test error ${(100 * mean).toFixed(1)} % ± ${(100 * cv.summary.testError!.sd).toFixed(1)} %, interval ${(100 * cv.summary.testError!.low).toFixed(1)}–${(100 * cv.summary.testError!.high).toFixed(1)} %; pooled ${(100 * pooled.error).toFixed(1)} % [${(100 * pooled.low).toFixed(1)}, ${(100 * pooled.high).toFixed(1)}]`,
  );
  const { markdown, html } = await report({ title: 'Blobs, cross-validated', crossValidation: cv });
  expect(markdown).toContain('## Cross-validation (4 folds)');
  expect(markdown).toContain('| testError |');
  expect(markdown).toMatch(/Cross-validated error [\d.]+ % \(\d+ of 240 held-out rows over 4 folds; 95 % CI/);
  expect(html).toContain('<h2>Cross-validation folds</h2>');
}, 120_000);

it('cross-validates a two-input graph model with group folds', async () => {
  const before = countTensors();
  const point = input({ name: 'point', shape: [2] });
  const extra = input({ name: 'extra', shape: [1] });
  const model = graphModel({
    inputs: [point, extra],
    output: connect(dense({ units: 2 }), connect(concatenate(), [point, extra])),
  });
  const x = { point: data.x, extra: { values: new Float32Array(240).fill(0.5), shape: [240, 1] } };
  const groups = Array.from({ length: 240 }, (_, i) => Math.floor(i / 8));
  const cv = await crossValidate({
    ...base,
    model,
    inputShape: { point: [2], extra: [1] },
    data: { x, y: data.y },
    folds: groupKFold(groups, { k: 3 }),
  });
  expect(cv.folds.map((f) => f.testRows).reduce((a, b) => a + b, 0)).toBe(240);
  expect(cv.summary.testError!.mean).toBeLessThan(0.25);
  expect(countTensors()).toBe(before);
}, 120_000);

it("fitTransformX is fitted on each fold's train rows only and applied to its train and test rows", async () => {
  const before = countTensors();
  const folds = kFold(240, { k: 3, seed: 2 });
  const fittedOn: number[] = [];
  // Shifting every input by +100 after a fitted −100 shift is the identity, so the run must equal
  // the untransformed one; a transform missing from evaluation would wreck the test error.
  const cv = await crossValidate({
    ...base,
    folds,
    fitTransformX: (train) => {
      fittedOn.push(train.y.shape[0]!);
      return (values) => values.map((v) => v + 100 - 100);
    },
  });
  const plain = await crossValidate({ ...base, folds });
  expect(fittedOn).toEqual(folds.map((f) => f.train.length));
  expect(cv.summary.testError.perFold).toEqual(plain.summary.testError.perFold);
  const error = await crossValidate({ ...base, folds, fitTransformX: () => (v) => v, transformX: (v) => v }).catch(
    (e: unknown) => e,
  );
  expect((error as Error).message).toMatch(
    /fitTransformX must be a function \(train split\) => transformX, given instead of transformX/,
  );
  expect(countTensors()).toBe(before);
}, 120_000);

it('sampleWeights follow the rows into each fold (times classWeights, as train)', async () => {
  const before = countTensors();
  const folds = kFold(240, { k: 3, seed: 3 });
  const weighted = { ...base, folds, loss: weightedSoftmaxCrossEntropy };
  // 2 × 0.5 = 1 × 1 for every row, exactly: the same runs; weights of 1 only on class 1 rows: not.
  const a = await crossValidate({
    ...weighted,
    sampleWeights: new Float32Array(240).fill(2),
    classWeights: [0.5, 0.5],
  });
  const b = await crossValidate({ ...weighted, classWeights: [1, 1] });
  const c = await crossValidate({ ...weighted, sampleWeights: Float32Array.from(data.y.values, (v) => 1 + 4 * v) });
  expect(a.summary.testLoss!.perFold).toEqual(b.summary.testLoss!.perFold);
  expect(c.summary.testLoss!.perFold).not.toEqual(b.summary.testLoss!.perFold);
  const error = await crossValidate({ ...weighted, sampleWeights: [1, 2] }).catch((e: unknown) => e);
  expect((error as Error).message).toMatch(/sampleWeights must give one weight per row of data \(240\), got 2 entries/);
  expect(countTensors()).toBe(before);
}, 120_000);

it('folds are checked before training: too few, overlapping tests, rows beyond the data, a row in train and test', async () => {
  const folds = kFold(240, { k: 3, seed: 1 });
  const cases: Array<[unknown, RegExp]> = [
    [[folds[0]], /folds must be at least 2 folds/],
    [[folds[0], folds[0]], /row \d+ is tested by folds 1 and 2; each row may be tested once/],
    [
      [folds[0], { train: folds[1]!.train, test: Uint32Array.of(240) }],
      /fold 2 test\[0\] is 240, but the data has 240 rows/,
    ],
    [
      [folds[0], { train: Uint32Array.of(1, 2), test: Uint32Array.of(2) }],
      /row 2 is in both the train and the test rows of fold 2/,
    ],
    [[folds[0], { train: folds[1]!.train, test: new Uint32Array(0) }], /fold 2 has no test rows/],
  ];
  for (const [bad, message] of cases) {
    const error = await crossValidate({ ...base, folds: bad as never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineError);
    expect((error as Error).message).toMatch(message);
  }
});
