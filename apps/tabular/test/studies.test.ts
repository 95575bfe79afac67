import { countTensors, useBackend } from '@mlrecipe/tensor';
import { describe, expect, it } from 'vitest';
import { breastCancer, diabetes } from '../src/datasets.js';
import { breastCancerStudy, diabetesStudy } from '../src/studies.js';

await useBackend('wasm');

describe('the shipped tables', () => {
  it('read as scikit-learn reads them', () => {
    // /usr/bin/python3 -c "from sklearn.datasets import load_breast_cancer as l; import numpy as np;
    //   X, y = l(return_X_y=True); print(X.shape, np.bincount(y), X[0, :3])"  → (569, 30) [212 357] [17.99 10.38 122.8]
    const cancer = breastCancer();
    expect(cancer.x.shape).toEqual([569, 30]);
    expect([0, 1].map((c) => cancer.y.filter((v) => v === c).length)).toEqual([212, 357]);
    expect(Array.from(cancer.x.values.subarray(0, 3))).toEqual([17.99, 10.38, 122.8].map(Math.fround));
    expect(cancer.features).toHaveLength(30);
    // load_diabetes(return_X_y=True, scaled=False): X[0] = [59, 2, 32.1, 101, 157, 93.2, 38, 4, 4.8598, 87], y[:3] = [151, 75, 141]
    const progression = diabetes();
    expect(progression.x.shape).toEqual([442, 10]);
    expect(Array.from(progression.x.values.subarray(0, 10))).toEqual(
      [59, 2, 32.1, 101, 157, 93.2, 38, 4, 4.8598, 87].map(Math.fround),
    );
    expect(Array.from(progression.y.subarray(0, 3))).toEqual([151, 75, 141]);
  });
});

describe('cross-validated studies', () => {
  it('breast cancer: logistic regression lands where scikit-learn does, with intervals and a measured diagnosis', async () => {
    const before = countTensors();
    const study = await breastCancerStudy(breastCancer(), 0, { folds: 5, seed: 1, epochs: 40 });
    // Reference: scikit-learn 1.2.1, StandardScaler + LogisticRegression(C=1), cross_val_predict with
    // StratifiedKFold(5, shuffle=True, random_state=0..2): 12 of 569 rows wrong (2.1 %) for every seed.
    const logistic = study.candidates.find((c) => c.name === 'logistic regression')!;
    expect(logistic.outOfFold.value).toBeGreaterThan(0.005);
    expect(logistic.outOfFold.value).toBeLessThan(0.045);
    expect(logistic.outOfFold.low).toBeLessThan(12 / 569);
    for (const c of study.candidates) {
      expect(c.outOfFold.n).toBe(569);
      expect(c.foldMean).toBeCloseTo(c.outOfFold.value, 2); // stratified folds differ in size by one row at most
    }
    expect([study.chosen, study.runnerUp].sort()).toEqual(['dense 32-16', 'logistic regression']);
    expect(study.comparison.low).toBeLessThanOrEqual(study.comparison.difference);
    expect(study.comparison.decided).toBe(study.comparison.low > 0);
    expect(study.diagnosis.uncertainty).toBe('measured');
    expect(countTensors()).toBe(before);
  }, 120_000);

  it('diabetes: linear regression lands where scikit-learn does; the bigger network overfits', async () => {
    const before = countTensors();
    const study = await diabetesStudy(diabetes(), { folds: 5, seed: 1, epochs: 40 });
    // Reference: StandardScaler + LinearRegression, cross_val_predict with KFold(5, shuffle=True,
    // random_state=0..2): out-of-fold MAE 44.29, 44.32, 45.21; predicting the mean: 65.76.
    const linear = study.candidates.find((c) => c.name === 'linear regression')!;
    expect(linear.outOfFold.value).toBeGreaterThan(42);
    expect(linear.outOfFold.value).toBeLessThan(47.5);
    const dense = study.candidates.find((c) => c.name === 'dense 32-16')!;
    expect(dense.trainError).toBeLessThan(dense.outOfFold.value); // fits the training folds far better than the held-out rows
    expect(study.diagnosis.gaps['avoidable-bias']!.method).toBe('normal');
    expect(countTensors()).toBe(before);
  }, 120_000);
});
