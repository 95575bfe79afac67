import { describe, expect, it } from 'vitest';
import { DiagnosticsError, errorAnalysis } from '../src/index.js';

/** `n` reviewed errors: the first `a` tagged first, those in [from, to) tagged second (they may overlap). */
function review(n: number, a: number, from: number, to: number, first = 'blurry', second = 'dark') {
  return Array.from({ length: n }, (_, i) => ({
    tags: [...(i < a ? [first] : []), ...(i >= from && i < to ? [second] : [])],
  }));
}

describe('errorAnalysis with intervals', () => {
  it('the issue’s "blurry: 59.6 % of 57 errors" carries its Wilson interval, and so does its ceiling', () => {
    // statsmodels proportion_confint(34, 57, method='wilson') = (0.4669729242085391, 0.7138248445040439),
    // proportion_confint(25, 57, method='wilson') = (0.31772696899794395, 0.5672199054576849).
    const analysis = errorAnalysis(review(57, 34, 20, 45), { errorRate: 0.228 });
    const [blurry, dark] = analysis.rows;
    expect(blurry!.share).toBeCloseTo(34 / 57, 15);
    expect(blurry!.shareInterval.low).toBeCloseTo(0.4669729242085391, 12);
    expect(blurry!.shareInterval.high).toBeCloseTo(0.7138248445040439, 12);
    expect(blurry!.ceilingInterval.low).toBeCloseTo(0.228 * (1 - 0.7138248445040439), 12);
    expect(blurry!.ceilingInterval.high).toBeCloseTo(0.228 * (1 - 0.4669729242085391), 12);
    expect(dark!.shareInterval.low).toBeCloseTo(0.31772696899794395, 12);
    expect(analysis.confidence).toBe(0.95);
    expect(analysis.toMarkdown()).toContain('| blurry | 34 | 59.6 % | 9.2 % | 46.7 % – 71.4 % | 6.5 % – 12.2 % |');
    expect(analysis.toHTML()).toContain('<td>46.7 % – 71.4 %</td>');
  });

  it('notes when the top two overlap and how many more errors to review to separate them', () => {
    // 20 errors tagged only blurry, 11 only dark: McNemar p = 0.15; Connor with q = 31/57, d = 9/57 → 169 in all.
    const analysis = errorAnalysis(review(57, 34, 20, 45), { errorRate: 0.228 });
    expect(analysis.notes).toEqual([
      "'blurry' (59.6 %, 46.7 % – 71.4 %) and 'dark' (43.9 %, 31.8 % – 56.7 %) overlap: this review cannot rank them " +
        "(20 errors tagged only 'blurry', 11 only 'dark', McNemar p = 0.15). Review about 112 more errors (about 169 in all) to tell which is larger, if the shares hold.",
    ]);
    expect(analysis.toMarkdown()).toContain('Review about 112 more errors');
  });

  it('no note when the top two are far apart; a paired note when they overlap but the paired count separates them', () => {
    expect(errorAnalysis(review(100, 60, 60, 70), { errorRate: 0.1 }).notes).toEqual([]);
    // 50 % vs 38 % of 100 overlap as intervals, but the 12 errors tagged only 'blurry' vs 0 only 'dark' settle it.
    const paired = errorAnalysis(review(100, 50, 0, 38), { errorRate: 0.1 });
    expect(paired.notes[0]).toMatch(
      /overlap, but paired on the same 100 errors \(12 tagged only 'blurry', 0 only 'dark', McNemar p = 0\.00049\) 'blurry' is the larger/,
    );
    const equal = errorAnalysis(review(40, 10, 10, 20), { errorRate: 0.1 });
    expect(equal.notes[0]).toMatch(/equally frequent in this review/);
  });

  it('rejects a confidence outside (0, 1)', () => {
    expect(() => errorAnalysis(review(10, 5, 5, 8), { errorRate: 0.1, confidence: 1 })).toThrow(DiagnosticsError);
    expect(() => errorAnalysis(review(10, 5, 5, 8), { errorRate: 0.1, confidence: 1 })).toThrow(
      /confidence must be in \(0, 1\)/,
    );
  });
});
