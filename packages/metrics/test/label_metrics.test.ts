import { captureWarnings, MlrecipeWarning } from '@mlrecipe/core';
import { createRng, expectNoLeaks, tf, useBackend } from '@mlrecipe/tensor';
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  confusionMatrix,
  errorRate,
  f1Score,
  fBetaScore,
  fScoreOf,
  MetricInputError,
  MetricShapeError,
  multilabelConfusionMatrix,
  precision,
  precisionRecallFScore,
  recall,
} from '../src/index.js';
import { BINARY, MULTICLASS, MULTILABEL, ZERO_DIVISION } from './sklearn_reference.js';

await useBackend('wasm');

const { yTrue, yPred } = MULTICLASS;

describe('confusion matrix and accuracy', () => {
  it('match scikit-learn on a 4-class example', () => {
    expect(confusionMatrix(yTrue, yPred)).toEqual(MULTICLASS.confusion);
    expect(accuracy(yTrue, yPred)).toBe(MULTICLASS.accuracy);
    expect(errorRate(yTrue, yPred)).toBeCloseTo(0.35, 15);
  });

  it('count a hand-checked binary case and pad to numClasses', () => {
    expect(confusionMatrix([0, 1, 1], [0, 1, 0])).toEqual([
      [1, 0],
      [1, 1],
    ]);
    expect(confusionMatrix([0, 1], [0, 1], { numClasses: 3 })).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 0],
    ]);
  });

  it('count uint8 labels on their one-pass path exactly as plain arrays', () => {
    const rng = createRng(3);
    const t = Uint8Array.from({ length: 5002 }, () => rng.int(7));
    const p = Uint8Array.from({ length: 5002 }, () => rng.int(7));
    expect(confusionMatrix(t, p)).toEqual(confusionMatrix(Array.from(t), Array.from(p)));
    // Unaligned views (byteOffset 1) take the byte loop; 5002 is not a multiple of 4, so the aligned call above ends in it too.
    const u = new Uint8Array(5003);
    u.set(t.subarray(0, 5002), 1);
    const v = new Uint8Array(5003);
    v.set(p.subarray(0, 5002), 1);
    expect(confusionMatrix(u.subarray(1), v.subarray(1))).toEqual(
      confusionMatrix(Array.from(t.subarray(0, 5002)), Array.from(p.subarray(0, 5002))),
    );
    expect(confusionMatrix(t, p, { numClasses: 9 })).toEqual(
      confusionMatrix(Array.from(t), Array.from(p), { numClasses: 9 }),
    );
    expect(() => confusionMatrix(Uint8Array.of(0, 1), Uint8Array.of(0, 3), { numClasses: 3 })).toThrow(
      /yPred contains label 3, but numClasses is 3/,
    );
  });

  it('accept typed arrays and tensors', () => {
    expectNoLeaks(() => {
      const t = tf.tensor1d(yTrue, 'int32');
      const p = tf.tensor1d(yPred, 'int32');
      expect(confusionMatrix(Int32Array.from(yTrue), Uint8Array.from(yPred))).toEqual(MULTICLASS.confusion);
      expect(accuracy(t, p)).toBe(MULTICLASS.accuracy);
      tf.dispose([t, p]);
    });
  });
});

describe('precision, recall and F-scores', () => {
  it.each(['micro', 'macro', 'weighted'] as const)('match scikit-learn with average %s', (average) => {
    const ref = MULTICLASS[average];
    const all = precisionRecallFScore(yTrue, yPred, { average });
    expect(all.precision).toBeCloseTo(ref.precision, 12);
    expect(all.recall).toBeCloseTo(ref.recall, 12);
    expect(all.fScore).toBeCloseTo(ref.f1, 12);
    expect(all.support).toBe(20);
    expect(f1Score(yTrue, yPred, { average })).toBeCloseTo(ref.f1, 12);
    expect(fBetaScore(yTrue, yPred, { average, beta: 2 })).toBeCloseTo(ref.f2, 12);
  });

  it('match scikit-learn per class with average none', () => {
    const ref = MULTICLASS.none;
    const close = (actual: number[], expected: number[]) => {
      expect(actual).toHaveLength(expected.length);
      for (const [i, v] of actual.entries()) expect(v).toBeCloseTo(expected[i]!, 12);
    };
    close(precision(yTrue, yPred, { average: 'none' }), ref.precision);
    close(recall(yTrue, yPred, { average: 'none' }), ref.recall);
    close(f1Score(yTrue, yPred, { average: 'none' }), ref.f1);
    close(fBetaScore(yTrue, yPred, { average: 'none', beta: 2 }), ref.f2);
    expect(precisionRecallFScore(yTrue, yPred, { average: 'none' }).support).toEqual([5, 7, 6, 2]);
  });

  it('match scikit-learn in the binary case, for either positive label', () => {
    expect(precision(BINARY.yTrue, BINARY.yPred)).toBeCloseTo(BINARY.precision, 12);
    expect(recall(BINARY.yTrue, BINARY.yPred)).toBeCloseTo(BINARY.recall, 12);
    expect(f1Score(BINARY.yTrue, BINARY.yPred)).toBeCloseTo(BINARY.f1, 12);
    expect(fBetaScore(BINARY.yTrue, BINARY.yPred, { beta: 0.5 })).toBeCloseTo(BINARY.f05, 12);
    expect(precision(BINARY.yTrue, BINARY.yPred, { positiveLabel: 0 })).toBeCloseTo(BINARY.precisionPositive0, 12);
  });

  it('follow scikit-learn on 0/0 with zeroDivision, and warn by default', () => {
    const { yTrue: t, yPred: p } = ZERO_DIVISION;
    expect(precision(t, p, { zeroDivision: 0 })).toBe(ZERO_DIVISION.precision0);
    expect(precision(t, p, { zeroDivision: 1 })).toBe(ZERO_DIVISION.precision1);
    expect(f1Score(t, p, { zeroDivision: 0 })).toBe(ZERO_DIVISION.f1With0);
    expect(f1Score(t, p, { zeroDivision: 1 })).toBe(ZERO_DIVISION.f1With1);
    expect(precision(t, p, { average: 'macro', zeroDivision: 1 })).toBe(ZERO_DIVISION.macroPrecision1);
    expect(Number.isNaN(precision(t, p, { zeroDivision: Number.NaN }))).toBe(true);
    const { value, warnings } = captureWarnings(() => precision(t, p));
    expect(value).toBe(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toBeInstanceOf(MlrecipeWarning);
    expect(warnings[0]!.code).toBe('UNDEFINED_METRIC');
    expect(warnings[0]!.message).toMatch(/^precision: precision of label 1 \(no predicted samples\) ill-defined/);
    expect(warnings[0]!.details).toEqual({
      caller: 'precision',
      undefined: ['precision of label 1 (no predicted samples)'],
    });
    // A chosen zeroDivision is not a warning.
    expect(captureWarnings(() => precision(t, p, { zeroDivision: 0 })).warnings).toEqual([]);
  });

  it('reproduce the recipe: F1 picks A (P 95 %, R 90 %) over B (P 98 %, R 85 %)', () => {
    const a = fScoreOf(0.95, 0.9);
    const b = fScoreOf(0.98, 0.85);
    expect(a).toBeCloseTo((2 * 0.95 * 0.9) / 1.85, 15); // 0.924324…
    expect(b).toBeCloseTo((2 * 0.98 * 0.85) / 1.83, 15); // 0.910382…
    expect(a).toBeGreaterThan(b);
  });
});

describe('multi-label matrices', () => {
  const { yTrue: T, yPred: P } = MULTILABEL;

  it('give scikit-learn’s per-label confusion matrices and subset accuracy', () => {
    expect(multilabelConfusionMatrix(T, P)).toEqual(MULTILABEL.mcm);
    expect(accuracy(T, P)).toBeCloseTo(MULTILABEL.subsetAccuracy, 15);
  });

  it.each(['micro', 'macro', 'weighted', 'samples'] as const)('match scikit-learn with average %s', (average) => {
    const ref = MULTILABEL[average];
    expect(precision(T, P, { average })).toBeCloseTo(ref.precision, 12);
    expect(recall(T, P, { average })).toBeCloseTo(ref.recall, 12);
    expect(f1Score(T, P, { average })).toBeCloseTo(ref.f1, 12);
  });

  it('accept 2-D tensors', () => {
    expectNoLeaks(() => {
      const t = tf.tensor2d(T);
      const p = tf.tensor2d(P);
      expect(multilabelConfusionMatrix(t, p)).toEqual(MULTILABEL.mcm);
      tf.dispose([t, p]);
    });
  });
});

describe('bad input', () => {
  it('throws typed errors that say what was wrong and how to fix it', () => {
    expect(() => accuracy([0, 1], [0])).toThrow(MetricShapeError);
    expect(() => accuracy([0, 1], [0])).toThrow(/different lengths \(2 and 1\)/);
    expect(() => accuracy([], [])).toThrow(/empty/);
    expect(() => accuracy([0, 1.5], [0, 1])).toThrow(/yTrue\[1\] is 1.5; labels must be non-negative integers/);
    expect(() => accuracy([0, -1], [0, 1])).toThrow(MetricInputError);
    expect(() => accuracy([0, Number.NaN], [0, 1])).toThrow(/is NaN/);
    expect(() => confusionMatrix([0, 3], [0, 1], { numClasses: 3 })).toThrow(/contains label 3, but numClasses is 3/);
    expect(() => f1Score([0, 1, 2], [0, 1, 2])).toThrow(/3 classes \(0, 1, 2\) but average is 'binary'/);
    expect(() => f1Score([0, 1], [0, 1], { average: 'mean' as never })).toThrow(/unknown average "mean"/);
    expect(() => f1Score([0, 1], [0, 1], { positiveLabel: 2 })).toThrow(/positiveLabel 2 is not one of the labels/);
    expect(() => f1Score([[1, 0]], [[1, 2]], { average: 'micro' })).toThrow(/yPred\[0\]\[1\] is 2/);
    expect(() => f1Score([[1, 0]], [[1, 0, 1]], { average: 'micro' })).toThrow(MetricShapeError);
    expect(() => f1Score([[1, 0]], [[1, 0]])).toThrow(/multi-label matrix but average is 'binary'/);
    expect(() => f1Score([0, 1], [0, 1], { average: 'samples' })).toThrow(/'samples' is for multi-label/);
    const t = tf.tensor2d([[0, 1]]);
    expect(() => confusionMatrix(t as never, [0, 1])).toThrow(/yTrue must be 1-D, got a tensor of shape \[1, 2\]/);
    t.dispose();
  });
});
