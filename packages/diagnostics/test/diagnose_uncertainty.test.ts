import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiagnosticsError, diagnose } from '../src/index.js';

describe('diagnose with set sizes', () => {
  it('gives every gap an interval: Wilson for avoidable bias, Newcombe for the differences of two sets', () => {
    // The cat app: dev 22.8 % and test 17.6 % on 250 pictures each. statsmodels
    // confint_proportions_2indep(44, 250, 57, 250, method='newcomb') = (−0.12203347951596374, 0.01854105215994896).
    const d = diagnose({
      humanLevel: 0.1,
      train: { errors: 45, n: 250 },
      trainDev: { errors: 50, n: 250 },
      dev: { errors: 57, n: 250 },
      test: { errors: 44, n: 250 },
    });
    expect(d.uncertainty).toBe('measured');
    const overfit = d.gaps['dev-overfit']!;
    expect(overfit.value).toBeCloseTo(-0.052, 12);
    expect(overfit.low).toBeCloseTo(-0.12203347951596374, 12);
    expect(overfit.high).toBeCloseTo(0.01854105215994896, 12);
    expect(overfit.method).toBe('newcombe-wilson');
    expect(overfit.standsOut).toBe(false);
    // Avoidable bias: train's Wilson interval (statsmodels proportion_confint(45, 250, method='wilson')) minus 10 %.
    const bias = d.gaps['avoidable-bias']!;
    expect(bias.method).toBe('wilson');
    expect(bias.low).toBeCloseTo(0.13733343230144174 - 0.1, 12);
    expect(bias.high).toBeCloseTo(0.23235187937564278 - 0.1, 12);
    expect(d.summary).toMatch(/dev-overfit -5\.2 % \[-12\.2 %, 1\.9 %\]/);
  });

  it('a constructed case whose gaps overlap is reported as not distinguishable, with the sets to enlarge', () => {
    // Human 2 %, train 30/500 = 6 %, dev 45/500 = 9 %: avoidable bias 4 %, variance 3 %.
    const d = diagnose({ humanLevel: 0.02, train: { errors: 30, n: 500 }, dev: { errors: 45, n: 500 } });
    expect(d.focus).toBe('avoidable-bias');
    expect(d.tiedWith).toEqual(['variance']);
    expect(d.enlarge.length).toBeGreaterThan(0);
    for (const e of d.enlarge) expect(e.to).toBeGreaterThan(e.from);
    expect(d.summary).toMatch(/The data cannot tell avoidable-bias apart from variance at 95 % confidence\./);
    expect(d.summary).toMatch(/enlarge the train set from 500 to about [\d,]+ examples/);
    // At the advised sizes (same rates) the two gaps are told apart.
    const size = (name: string) => d.enlarge.find((e) => e.split === name)?.to ?? 500;
    const nTrain = size('train');
    const nDev = size('dev');
    const bigger = diagnose({
      humanLevel: 0.02,
      train: { rate: 0.06, n: nTrain },
      dev: { rate: 0.09, n: nDev },
    });
    expect(bigger.focus).toBe('avoidable-bias');
    expect(bigger.tiedWith).toEqual([]);
  });

  it('one whose gaps are far apart is distinguishable', () => {
    const d = diagnose({ humanLevel: 0.01, train: { errors: 800, n: 10_000 }, dev: { errors: 1000, n: 10_000 } });
    expect(d.focus).toBe('avoidable-bias');
    expect(d.tiedWith).toEqual([]);
    expect(d.enlarge).toEqual([]);
    expect(d.gaps.variance!.standsOut).toBe(true);
    expect(d.summary).toBe(
      'Bayes proxy 1.0 % (humanLevel). Gaps (95 % intervals): avoidable-bias 7.0 % [6.5 %, 7.5 %], variance 2.0 % [1.2 %, 2.8 %]. Focus on avoidable-bias.',
    );
  });

  it('says nothing stands out when no interval clears 0, and which set would tell', () => {
    const d = diagnose({ humanLevel: 0, train: { errors: 0, n: 50 }, dev: { errors: 1, n: 50 } });
    expect(d.focus).toBe('none');
    expect(d.problems).toEqual([]);
    expect(d.summary).toMatch(/No gap is distinguishable from noise at 95 % confidence/);
    expect(d.summary).toMatch(
      /To tell whether the variance gap of 2\.0 % is real .* enlarge the dev set from 50 to about/,
    );
  });

  it('the medical case with 100,000 examples per set: both gaps are real, but not yet told apart', () => {
    const d = diagnose({ humanLevel: 0.005, train: { rate: 0.007, n: 100_000 }, dev: { rate: 0.008, n: 100_000 } });
    expect(d.focus).toBe('avoidable-bias');
    expect(d.gaps['avoidable-bias']!.standsOut).toBe(true);
    expect(d.gaps.variance!.standsOut).toBe(true);
    expect(d.tiedWith).toEqual(['variance']);
  });

  it('an exact tie stays a tie: no set size separates equal gaps', () => {
    const d = diagnose({ humanLevel: 0, train: { errors: 150, n: 1000 }, dev: { errors: 300, n: 1000 } });
    expect(d.problems).toEqual(['avoidable-bias', 'variance']);
    expect(d.tiedWith).toEqual(['variance']);
    expect(d.enlarge).toEqual([]);
    expect(d.summary).toMatch(/they are equal, so no set size would separate them/);
  });

  it('keeps its promises for any counts (property, seeded)', () => {
    const split = fc
      .integer({ min: 1, max: 5000 })
      .chain((n) => fc.record({ errors: fc.integer({ min: 0, max: n }), n: fc.constant(n) }));
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        split,
        fc.option(split, { nil: undefined }),
        split,
        fc.option(split, { nil: undefined }),
        fc.constantFrom(0.8, 0.9, 0.95, 0.99),
        (humanLevel, train, trainDev, dev, test, confidence) => {
          const rates = [humanLevel, train, trainDev, dev, test].flatMap((v) =>
            v === undefined ? [] : [typeof v === 'number' ? v : v.errors / v.n],
          );
          const input = {
            humanLevel,
            train,
            dev,
            confidence,
            ...(trainDev ? { trainDev } : {}),
            ...(test ? { test } : {}),
          };
          if (rates.every((r) => r > 0.5)) {
            expect(() => diagnose(input)).toThrow(/look like accuracies/);
            return;
          }
          const d = diagnose(input);
          for (const g of Object.values(d.gaps)) {
            expect(g!.low!).toBeLessThanOrEqual(g!.value + 1e-12);
            expect(g!.high!).toBeGreaterThanOrEqual(g!.value - 1e-12);
            expect(g!.standsOut).toBe(g!.low! > 0);
          }
          if (d.focus === 'none') expect(d.problems).toEqual([]);
          else {
            expect(d.gaps[d.focus]!.standsOut).toBe(true);
            expect(d.problems).toContain(d.focus);
            expect(d.tiedWith).not.toContain(d.focus);
          }
          for (const e of d.enlarge) expect(e.to).toBeGreaterThan(e.from);
        },
      ),
      { seed: 14, numRuns: 300 },
    );
  });
});

describe('diagnose rejects inputs it would misread', () => {
  it('accuracies passed for error rates (every rate above 0.5 with a human level) get a hint', () => {
    expect(() => diagnose({ humanLevel: 0.99, train: 0.95, dev: 0.9 })).toThrow(DiagnosticsError);
    expect(() => diagnose({ humanLevel: 0.99, train: 0.95, dev: 0.9 })).toThrow(
      /every rate is above 0\.5 \(humanLevel 0\.99, train 0\.95, dev 0\.9\); these look like accuracies\. diagnose reads error rates: pass 1 − accuracy \(humanLevel 0\.01, train 0\.05, dev 0\.1\)/,
    );
    expect(() =>
      diagnose({ humanLevel: { doctor: 0.97 }, train: { errors: 230, n: 250 }, dev: { rate: 0.9, n: 250 } }),
    ).toThrow(/look like accuracies/);
    // Errors in a unit (regression) are not rates: no such check.
    expect(diagnose({ humanLevel: 0.6, train: 0.7, dev: 0.9, unit: 'years' }).focus).toBe('variance');
  });

  it('percents, n = 0, errors > n, fractions of errors and confidence outside (0, 1) name the argument and the fix', () => {
    expect(() => diagnose({ humanLevel: 0.5, train: 8, dev: 10 })).toThrow(
      /it looks like a percentage: pass 0.08 for 8 %/,
    );
    expect(() => diagnose({ humanLevel: 0, train: { errors: 0, n: 0 }, dev: 0.1 })).toThrow(
      /train\.n must be the whole number of examples the error was measured on \(≥ 1\), got 0/,
    );
    expect(() => diagnose({ humanLevel: 0, train: { errors: 12, n: 10 }, dev: 0.1 })).toThrow(
      /train\.errors 12 exceeds train\.n 10/,
    );
    expect(() => diagnose({ humanLevel: 0, train: { errors: 2.5, n: 10 }, dev: 0.1 })).toThrow(
      /train\.errors must be a whole number of misclassified examples ≥ 0, got 2\.5; for a rate pass \{ rate, n \}/,
    );
    expect(() => diagnose({ humanLevel: 0, train: 0.1, dev: { rate: 12, n: 100 } })).toThrow(
      /dev\.rate error rate 12 is outside \[0, 1\]/,
    );
    expect(() => diagnose({ humanLevel: 0, train: 0.1, dev: { rate: 0.1, n: 10.5 } })).toThrow(
      /dev\.n must be the whole number/,
    );
    expect(() => diagnose({ humanLevel: 0, train: 0.1, dev: 0.2, confidence: 95 })).toThrow(
      /confidence must be in \(0, 1\), e\.g\. 0\.95, got 95/,
    );
    expect(() => diagnose({ humanLevel: 0.6, train: { errors: 1, n: 10 }, dev: 1, unit: 'years' })).toThrow(
      /counts make sense only for error rates/,
    );
    expect(() => diagnose({ humanLevel: 0, train: { n: 10 } as never, dev: 0.1 })).toThrow(
      /must be a rate, \{ errors, n \} or \{ rate, n \}/,
    );
  });

  it('mixed sizes: gaps between sized sets get intervals, the rest say so', () => {
    const d = diagnose({ humanLevel: 0.01, train: { errors: 80, n: 1000 }, dev: 0.1 });
    expect(d.uncertainty).toBe('partial');
    expect(d.gaps['avoidable-bias']!.low).not.toBeNull();
    expect(d.gaps.variance!.low).toBeNull();
    expect(d.caveats.some((c) => /Some sets have no size/.test(c))).toBe(true);
    const none = diagnose({ humanLevel: 0, train: { errors: 0, n: 20 }, dev: 0 });
    expect(none.focus).toBe('none');
    expect(none.summary).toMatch(
      /avoidable-bias 0\.0 % \[0\.0 %, 16\.1 %\], variance 0\.0 %\. No gap is distinguishable from noise/,
    );
  });
});
