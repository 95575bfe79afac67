import { describe, expect, it } from 'vitest';
import { averagePrecision, classificationReport, MetricInputError, rocAuc } from '../src/index.js';
import { BINARY, MULTICLASS, MULTICLASS_SCORES, MULTILABEL } from './sklearn_reference.js';

describe('classificationReport', () => {
  it('prints the same text as scikit-learn’s classification_report', () => {
    const report = classificationReport(MULTICLASS.yTrue, MULTICLASS.yPred, { digits: 4 });
    expect(report.toText()).toBe(MULTICLASS.reportDigits4);
  });

  it('returns the figures as data and as Markdown, with class names', () => {
    const report = classificationReport([0, 1, 1, 0], [0, 1, 0, 0], { targetNames: ['dog', 'cat'] });
    expect(report.classes.map((c) => [c.name, c.precision, c.recall, c.support])).toEqual([
      ['dog', 2 / 3, 1, 2],
      ['cat', 1, 0.5, 2],
    ]);
    expect(report.accuracy).toBe(0.75);
    expect(report.macro.f1).toBeCloseTo((0.8 + 2 / 3) / 2, 15);
    expect(report.toMarkdown()).toContain('| cat | 1.00 | 0.50 | 0.67 | 2 |');
    expect(report.toMarkdown()).toContain('| **accuracy** | | | 0.75 | 4 |');
  });

  it('reports multi-label problems with micro and samples averages', () => {
    const report = classificationReport(MULTILABEL.yTrue, MULTILABEL.yPred);
    expect(report.micro?.f1).toBeCloseTo(MULTILABEL.micro.f1, 12);
    expect(report.samples?.f1).toBeCloseTo(MULTILABEL.samples.f1, 12);
    expect(report.accuracy).toBeUndefined();
  });

  it('rejects a wrong number of class names', () => {
    expect(() => classificationReport([0, 1], [0, 1], { targetNames: ['a'] })).toThrow(/1 targetNames for 2 classes/);
  });
});

describe('rocAuc and averagePrecision', () => {
  it('match scikit-learn on binary scores with ties', () => {
    expect(rocAuc(BINARY.yTrue, BINARY.scores)).toBeCloseTo(BINARY.rocAuc, 12);
    expect(averagePrecision(BINARY.yTrue, BINARY.scores)).toBeCloseTo(BINARY.averagePrecision, 12);
  });

  it('give the hand-computed AUC of a small case', () => {
    // Pairs (pos, neg): (0.35, 0.1) ✓ (0.35, 0.4) ✗ (0.8, 0.1) ✓ (0.8, 0.4) ✓ → 3/4.
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
    // A tie between a positive and a negative counts half.
    expect(rocAuc([0, 1], [0.5, 0.5])).toBe(0.5);
  });

  it('match scikit-learn on multi-label scores, macro and micro', () => {
    expect(rocAuc(MULTILABEL.yTrue, MULTILABEL.scores)).toBeCloseTo(MULTILABEL.rocAucMacro, 12);
    expect(rocAuc(MULTILABEL.yTrue, MULTILABEL.scores, { average: 'micro' })).toBeCloseTo(MULTILABEL.rocAucMicro, 12);
    expect(averagePrecision(MULTILABEL.yTrue, MULTILABEL.scores)).toBeCloseTo(MULTILABEL.apMacro, 12);
    expect(averagePrecision(MULTILABEL.yTrue, MULTILABEL.scores, { average: 'micro' })).toBeCloseTo(
      MULTILABEL.apMicro,
      12,
    );
  });

  it('score multiclass labels against class scores one-vs-rest', () => {
    expect(rocAuc(MULTICLASS.yTrue, MULTICLASS_SCORES.scores)).toBeCloseTo(MULTICLASS_SCORES.rocAucOvrMacro, 12);
  });

  it('refuses one-class truth, NaN scores and non-binary labels', () => {
    expect(() => rocAuc([1, 1], [0.2, 0.3])).toThrow(/only positives; ROC AUC is undefined/);
    expect(() => rocAuc([0, 1], [0.2, Number.NaN])).toThrow(/scores\[1\] is NaN/);
    expect(() => rocAuc([0, 2], [0.2, 0.3])).toThrow(MetricInputError);
    expect(() => averagePrecision([0, 0], [0.2, 0.3])).toThrow(/no positives/);
  });
});
