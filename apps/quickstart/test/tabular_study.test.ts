import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFormatError } from '@mlrecipe/data';
import { countTensors, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { loadBreastCancer } from '../src/tabular/breast_cancer.js';
import { describeStudy, tabularStudy } from '../src/tabular/tabular_study.js';

await useBackend('wasm');

it('loads the 569 × 30 breast-cancer table with 212 malignant rows, and refuses a truncated file', () => {
  const data = loadBreastCancer();
  expect(data.x.shape).toEqual([569, 30]);
  expect(data.y.values.filter((v) => v === 0).length).toBe(212);
  // First row of the UCI table: radius 17.99, texture 10.38, …, malignant.
  expect(data.x.values[0]).toBeCloseTo(17.99, 5);
  expect(data.x.values[1]).toBeCloseTo(10.38, 5);
  expect(data.y.values[0]).toBe(0);
  const truncated = join(tmpdir(), `breast-cancer-${process.pid}.csv`);
  writeFileSync(truncated, `569,30,malignant,benign\n${'1,'.repeat(30)}0\n`);
  expect(() => loadBreastCancer(truncated)).toThrow(DataFormatError);
  expect(() => loadBreastCancer(truncated)).toThrow(/the header says 569 × 30 but the file holds 1 × 30/);
});

it('cross-validates logistic regression near scikit-learn and a dense network, with diagnoses and a paired comparison', async () => {
  const before = countTensors();
  const study = await tabularStudy(loadBreastCancer(), { seed: 1, k: 5, epochs: 40 });
  for (const line of describeStudy(study)) console.log(line);
  expect(countTensors()).toBe(before);
  for (const cv of [study.logistic, study.dense]) {
    expect(cv.folds.reduce((s, f) => s + f.testRows, 0)).toBe(569);
    expect(cv.pooledTestError!.rows).toBe(569);
    expect(cv.diagnosis?.summary).toMatch(/Bayes proxy 2\.0 %/);
    expect(cv.summary.test_malignantRecall!.mean).toBeGreaterThan(0.9);
  }
  // scikit-learn 1.2.1, StandardScaler + LogisticRegression (L2, C = 1), StratifiedKFold(5, shuffle,
  // random_state 0/1/2): held-out error 2.1 % ± 1.5 %:
  // /usr/bin/python3 -c "from sklearn.datasets import load_breast_cancer; from sklearn.model_selection import
  //   cross_val_score, StratifiedKFold; from sklearn.pipeline import make_pipeline; from sklearn.preprocessing
  //   import StandardScaler; from sklearn.linear_model import LogisticRegression; X, y = load_breast_cancer(
  //   return_X_y=True); s = cross_val_score(make_pipeline(StandardScaler(), LogisticRegression()), X, y,
  //   cv=StratifiedKFold(5, shuffle=True, random_state=0)); print(1 - s.mean(), s.std(ddof=1))"
  // → 0.021083682657972225 0.01592660438877533. Other folds and no penalty: within a point and a half.
  expect(Math.abs(study.logistic.summary.testError.mean - 0.0211)).toBeLessThan(0.015);
  expect(study.dense.summary.testError.mean).toBeLessThan(0.08);
  expect(study.comparison.n).toBe(569);
  expect(study.comparison.low).toBeLessThanOrEqual(study.comparison.difference);
  expect(study.comparison.high).toBeGreaterThanOrEqual(study.comparison.difference);
}, 300_000);
