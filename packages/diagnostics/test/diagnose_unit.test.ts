import { expect, it } from 'vitest';
import { DiagnosticsError, diagnose } from '../src/index.js';

it('diagnoses regression errors in their unit (mean absolute error in years)', () => {
  // Human level 0.6 y, train 0.7, train-dev 1.5, dev 1.6: variance (0.8 y) dominates.
  const d = diagnose({ humanLevel: 0.6, train: 0.7, trainDev: 1.5, dev: 1.6, unit: 'years' });
  expect(d.focus).toBe('variance');
  expect(d.avoidableBias).toBeCloseTo(0.1, 12);
  expect(d.variance).toBeCloseTo(0.8, 12);
  expect(d.dataMismatch).toBeCloseTo(0.1, 12);
  expect(d.summary).toBe(
    'Bayes proxy 0.6 years (humanLevel). Gaps: avoidable-bias 0.1 years, variance 0.8 years, data-mismatch 0.1 years. Focus on variance.',
  );
  expect(() => diagnose({ humanLevel: 0.6, train: -1, dev: 1, unit: 'years' })).toThrow(DiagnosticsError);
  expect(() => diagnose({ humanLevel: 0.6, train: 0.7, dev: 1, unit: '' })).toThrow(/unit must be a word/);
  // Without a unit, errors stay rates in [0, 1].
  expect(() => diagnose({ humanLevel: 0.6, train: 1.7, dev: 2 })).toThrow(/outside \[0, 1\]/);
});
