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

it('gives regression gaps normal intervals from the sets’ standard errors', () => {
  // Expected bounds: value ± z·√(se₁² + se₂²), z = scipy.stats.norm.ppf(0.975) = 1.959963984540054
  // (python3 -c "from scipy.stats import norm; print(norm.ppf(0.975))").
  const d = diagnose({
    humanLevel: 0.26,
    train: { value: 0.9, standardError: 0.02, n: 1000 },
    trainDev: { value: 1.2, standardError: 0.04, n: 300 },
    dev: { value: 1.25, standardError: 0.04, n: 300 },
    unit: 'years',
  });
  expect(d.uncertainty).toBe('measured');
  const bias = d.gaps['avoidable-bias']!;
  expect(bias.method).toBe('normal');
  expect(bias.low).toBeCloseTo(0.600800720309199, 12);
  expect(bias.high).toBeCloseTo(0.6791992796908011, 12);
  expect(d.gaps.variance!.low).toBeCloseTo(0.21234774594234185, 12);
  expect(d.gaps.variance!.high).toBeCloseTo(0.38765225405765813, 12);
  // Data mismatch 0.05 y ± 0.111: not distinguishable from 0.
  expect(d.gaps['data-mismatch']!.low).toBeCloseTo(-0.06087230594797423, 12);
  expect(d.gaps['data-mismatch']!.standsOut).toBe(false);
  expect(d.focus).toBe('avoidable-bias');
  expect(d.tiedWith).toEqual([]);
  expect(d.summary).toContain('avoidable-bias 0.64 years [0.601 years, 0.679 years]');
});

it('says when two regression gaps cannot be told apart, and how large the sets would have to be', () => {
  // variance − bias = dev − 2·train (Bayes proxy exact): se² = 0.08² + 4·0.05². Sizing with 80 % power:
  // budget (0.01 / (z₀.₉₇₅ + z₀.₈))², per-example variances se²·n = 0.64 (dev) and 0.25 (train, ×4):
  // n_dev = 0.8·1.8 / budget = 113,024, n_train = 1·1.8 / budget = 141,280 (python3, scipy.stats.norm).
  const d = diagnose({
    humanLevel: 0.26,
    train: { value: 0.5, standardError: 0.05, n: 100 },
    dev: { value: 0.75, standardError: 0.08, n: 100 },
    unit: 'years',
  });
  expect(d.focus).toBe('variance');
  expect(d.tiedWith).toEqual(['avoidable-bias']);
  expect(d.enlarge).toEqual([
    { split: 'dev', from: 100, to: 113024 },
    { split: 'train', from: 100, to: 141280 },
  ]);
});

it('rejects the standard-error form without a unit, and bad standard errors', () => {
  expect(() =>
    diagnose({ humanLevel: 0.01, train: { value: 0.02, standardError: 0.01, n: 10 } as never, dev: 0.03 }),
  ).toThrow(/no unit is set/);
  expect(() =>
    diagnose({ humanLevel: 0.2, train: { value: 0.5, standardError: Number.NaN, n: 10 }, dev: 0.6, unit: 'years' }),
  ).toThrow(/standardError must be a finite number/);
  expect(() =>
    diagnose({ humanLevel: 0.2, train: { value: 0.5, standardError: 0.1, n: 0 }, dev: 0.6, unit: 'years' }),
  ).toThrow(/n must be the whole number/);
  expect(() => diagnose({ humanLevel: 0.2, train: { errors: 3, n: 10 }, dev: 0.6, unit: 'years' })).toThrow(
    /counts make sense only for error rates/,
  );
});
