import { describe, expect, it } from 'vitest';
import { DiagnosticsError, diagnose, errorAnalysis, labelNoiseAnalysis } from '../src/index.js';

describe('diagnose reproduces the course’s worked examples', () => {
  it.each([
    // [human, train, trainDev, dev, expected focus, expected problems]
    [0, 0.01, undefined, 0.11, 'variance', ['variance']],
    [0, 0.15, undefined, 0.16, 'avoidable-bias', ['avoidable-bias']],
    [0, 0.15, undefined, 0.3, 'avoidable-bias', ['avoidable-bias', 'variance']], // high bias and high variance
    [0.01, 0.08, undefined, 0.1, 'avoidable-bias', ['avoidable-bias']],
    [0.075, 0.08, undefined, 0.1, 'variance', ['variance']],
    [0, 0.01, 0.09, 0.1, 'variance', ['variance']],
    [0, 0.01, 0.015, 0.1, 'data-mismatch', ['data-mismatch']],
  ] as const)('human %s, train %s, train-dev %s, dev %s → %s', (humanLevel, train, trainDev, dev, focus, problems) => {
    const d = diagnose({ humanLevel, train, dev, ...(trainDev === undefined ? {} : { trainDev }) });
    expect(d.focus).toBe(focus);
    expect(d.problems).toEqual(problems);
  });

  it('reports the gaps and the "both" tie of train 15 %, dev 30 %', () => {
    const d = diagnose({ humanLevel: 0, train: 0.15, dev: 0.3 });
    expect(d.avoidableBias).toBeCloseTo(0.15, 12);
    expect(d.variance).toBeCloseTo(0.15, 12);
    expect(d.tiedWith).toEqual(['variance']);
    expect(d.nextSteps).toContain('Train a bigger model (more units or layers).');
    expect(d.nextSteps).toContain('Get more training data.');
  });

  it('measures data mismatch and dev overfitting with a train-dev and a test error', () => {
    const d = diagnose({ humanLevel: 0.04, train: 0.07, trainDev: 0.1, dev: 0.12, test: 0.12 });
    expect(d.avoidableBias).toBeCloseTo(0.03, 12);
    expect(d.variance).toBeCloseTo(0.03, 12);
    expect(d.dataMismatch).toBeCloseTo(0.02, 12);
    expect(d.devOverfit).toBeCloseTo(0, 12);
    expect(d.problems).toEqual(['avoidable-bias', 'variance', 'data-mismatch']);
    expect(d.nextSteps.some((s) => s.includes('artificial data synthesis') && s.includes('car noise'))).toBe(true);
    expect(diagnose({ humanLevel: 0, train: 0.01, dev: 0.02, test: 0.06 }).focus).toBe('dev-overfit');
  });

  it('takes the best of several human levels as the Bayes proxy and says why', () => {
    const d = diagnose({
      humanLevel: { typicalHuman: 0.03, experiencedDoctor: 0.007, teamOfExperts: 0.005 },
      train: 0.007,
      dev: 0.008,
    });
    expect(d.bayesProxy.value).toBe(0.005);
    expect(d.bayesProxy.source).toBe('teamOfExperts');
    expect(d.bayesProxy.reason).toMatch(/teamOfExperts \(0.50 %\) is the lowest of typicalHuman 3.0 %/);
    // Issue 14: the course's medical-imaging example says "focus on avoidable bias (0.2 %) over variance (0.1 %)";
    // the old absolute half-point minGap hid it as "nothing stands out".
    expect(d.focus).toBe('avoidable-bias');
    expect(d.problems).toEqual(['avoidable-bias']);
    expect(d.avoidableBias).toBeCloseTo(0.002, 12);
    expect(d.variance).toBeCloseTo(0.001, 12);
    expect(d.summary).toBe(
      'Bayes proxy 0.50 % (teamOfExperts). Gaps: avoidable-bias 0.20 %, variance 0.10 %. Focus on avoidable-bias.',
    );
    expect(d.uncertainty).toBe('unknown');
    expect(d.caveats.some((c) => /uncertainty of these gaps is unknown/.test(c))).toBe(true);
  });

  it('warns, as the course does, once train error reaches human level', () => {
    const d = diagnose({ humanLevel: 0.005, train: 0.003, dev: 0.006 });
    expect(d.caveats.some((c) => /avoidable bias can no longer be estimated/.test(c))).toBe(true);
  });

  it('rejects missing, NaN and out-of-range rates, hinting at percentages', () => {
    expect(() => diagnose({ humanLevel: 1, train: 8, dev: 10 })).toThrow(
      /train error rate 8 is outside \[0, 1\] \(it looks like a percentage: pass 0.08 for 8 %\)/,
    );
    expect(() => diagnose({ humanLevel: 0, train: 0.1 } as never)).toThrow(/dev error rate is missing/);
    expect(() => diagnose({ humanLevel: 0, train: Number.NaN, dev: 0.1 })).toThrow(DiagnosticsError);
    expect(() => diagnose({ humanLevel: {}, train: 0.1, dev: 0.1 })).toThrow(/humanLevel is missing/);
  });
});

describe('errorAnalysis', () => {
  const reviewed = Array.from({ length: 100 }, (_, i) => ({
    id: i,
    tags: [
      ...(i < 5 ? ['dog'] : []),
      ...(i >= 5 && i < 48 ? ['great cat'] : []),
      ...(i >= 40 && i < 101 ? ['blurry'] : []),
    ],
  }));

  it('gives each category’s share and ceiling: 5 dogs in 100 errors at 10 % error → at best 9.5 %', () => {
    const analysis = errorAnalysis(reviewed, { errorRate: 0.1 });
    const dog = analysis.rows.find((r) => r.tag === 'dog')!;
    expect([dog.count, dog.share]).toEqual([5, 0.05]);
    expect(dog.ceiling).toBeCloseTo(0.095, 12);
    expect(analysis.rows.map((r) => [r.tag, r.count])).toEqual([
      ['blurry', 60],
      ['great cat', 43],
      ['dog', 5],
    ]);
    expect(analysis.toMarkdown()).toContain('| great cat | 43 | 43.0 % | 5.7 % |');
    expect(analysis.toHTML()).toContain('<td>dog</td><td>5</td>');
    // The bar sits with the share it measures; "error if all fixed" is a plain number (no bar reading backwards).
    expect(analysis.toHTML()).toMatch(
      /<td>dog<\/td><td>5<\/td><td><span class="bar" [^>]*><\/span> [\d.]+ %<\/td><td>[\d.]+ %<\/td>/,
    );
  });

  it('tags with a tagger and refuses an empty review', () => {
    const analysis = errorAnalysis([{ blur: 0.9 }, { blur: 0.1 }], {
      errorRate: 0.2,
      tagger: (e) => (e.blur > 0.5 ? ['blurry'] : []),
    });
    // Wilson 95 % for 1 of 2: statsmodels proportion_confint(1, 2, method='wilson') = (0.09453120573423068, 0.9054687942657693).
    expect(analysis.rows).toEqual([
      {
        tag: 'blurry',
        count: 1,
        share: 0.5,
        ceiling: 0.1,
        shareInterval: { low: expect.closeTo(0.09453120573423068, 12), high: expect.closeTo(0.9054687942657693, 12) },
        ceilingInterval: {
          low: expect.closeTo(0.2 * (1 - 0.9054687942657693), 12),
          high: expect.closeTo(0.2 * (1 - 0.09453120573423068), 12),
        },
      },
    ]);
    expect(() => errorAnalysis([], { errorRate: 0.1 })).toThrow(/no examples/);
  });
});

describe('labelNoiseAnalysis', () => {
  it('10 % error with 6 % of errors mislabelled is not the priority; 2 % with 30 % is', () => {
    const low = labelNoiseAnalysis({ devErrorRate: 0.1, mislabeledShareOfErrors: 0.06 });
    expect(low.errorFromLabels).toBeCloseTo(0.006, 12);
    expect(low.worthFixing).toBe(false);
    const high = labelNoiseAnalysis({ devErrorRate: 0.02, mislabeledShareOfErrors: 0.3 });
    expect(high.errorFromLabels).toBeCloseTo(0.006, 12);
    expect(high.worthFixing).toBe(true);
    expect(high.advice.some((a) => /dev and test/.test(a))).toBe(true);
    expect(high.advice.some((a) => /systematic errors/.test(a))).toBe(true);
  });
});
