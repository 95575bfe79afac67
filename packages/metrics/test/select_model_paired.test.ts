import { createRng } from '@mlrecipe/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareModels, f1Score, MetricInputError, selectModel } from '../src/index.js';

/** Dev labels and two classifiers that are right with probabilities pA and pB, errors partly shared. */
function twoModels(n: number, pA: number, pB: number, seed: number) {
  const rng = createRng(seed);
  const labels = new Int32Array(n);
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = rng.uniform() < 0.5 ? 1 : 0;
    const u = rng.uniform();
    a[i] = u < pA ? labels[i]! : 1 - labels[i]!;
    // Half the time B errs on the same examples as A, half the time independently: real models share hard examples.
    const v = rng.uniform() < 0.5 ? u : rng.uniform();
    b[i] = v < pB ? labels[i]! : 1 - labels[i]!;
  }
  return { labels, a, b };
}

describe('selectModel with per-example predictions', () => {
  it('says when the best and the runner-up cannot be told apart, and about how many dev examples would', () => {
    // The issue's case: two CNNs 3 F1 points apart on 250 dev pictures.
    const { labels, a, b } = twoModels(250, 0.78, 0.75, 1);
    const candidates = [
      { name: 'cnn-8-16', metrics: { devF1: f1Score(labels, b) }, predictions: b },
      { name: 'cnn-16-32', metrics: { devF1: f1Score(labels, a) }, predictions: a },
    ];
    // 'devF1' (the cat app's name) is read as F1: the paired bootstrap.
    const s = selectModel(candidates, { optimize: { metric: 'devF1', goal: 'max' }, paired: { labels, seed: 3 } });
    expect(s.best?.name).toBe('cnn-16-32');
    expect(s.comparison).toEqual(compareModels(labels, a, b, { metric: 'f1', seed: 3 }));
    expect(s.comparison!.distinguishable).toBe(false);
    expect(s.reasons[0]).toMatch(/^cnn-16-32 has the highest devF1 \(0\.\d+\) of the 2 candidates/);
    expect(s.reasons[1]).toMatch(
      /^cnn-16-32 and cnn-8-16 are not distinguishable at 95 % confidence \(f1 difference \+\d\.\d %, 95 % interval .* on 250 dev examples\); about [\d,]+ dev examples would separate/,
    );
    const needed = s.comparison!.examplesToSeparate!;
    expect(needed).toBeGreaterThan(250);
    // With that many examples (same models, fresh data) the difference is resolved.
    const big = twoModels(2 * needed, 0.78, 0.75, 2);
    const resolved = selectModel(
      [
        { name: 'cnn-8-16', metrics: { f1: f1Score(big.labels, big.b) }, predictions: big.b },
        { name: 'cnn-16-32', metrics: { f1: f1Score(big.labels, big.a) }, predictions: big.a },
      ],
      { optimize: { metric: 'f1', goal: 'max' }, paired: { labels: big.labels, seed: 3 } },
    );
    expect(resolved.comparison!.distinguishable).toBe(true);
    expect(resolved.reasons[1]).toMatch(/^cnn-16-32 beats cnn-8-16 beyond noise/);
  });

  it('uses McNemar for an error rate it minimises, and says when predictions are missing', () => {
    const { labels, a, b } = twoModels(2000, 0.9, 0.85, 4);
    const err = (p: Int32Array) => p.filter((v, i) => v !== labels[i]).length / labels.length;
    const s = selectModel(
      [
        { name: 'A', metrics: { error: err(a) }, predictions: a },
        { name: 'B', metrics: { error: err(b) }, predictions: b },
      ],
      { optimize: { metric: 'error', goal: 'min' }, paired: { labels } },
    );
    expect(s.best?.name).toBe('A');
    expect(s.comparison?.method).toBe('mcnemar-exact');
    expect(s.comparison?.difference).toBeCloseTo(err(a) - err(b), 15);
    expect(s.reasons[1]).toMatch(
      /A beats B beyond noise \(errorRate difference −\d\.\d %.*McNemar's exact test on 2,000 dev examples\)/,
    );
    const bare = selectModel(
      [
        { name: 'A', metrics: { error: 0.1 } },
        { name: 'B', metrics: { error: 0.12 } },
      ],
      { optimize: { metric: 'error', goal: 'min' } },
    );
    expect(bare.comparison).toBeUndefined();
    expect(bare.reasons[1]).toMatch(/whether this difference is more than noise is unknown/);
  });

  it('asks for paired.metric when the optimizing metric has no paired test it can guess', () => {
    const { labels, a, b } = twoModels(100, 0.9, 0.85, 5);
    expect(() =>
      selectModel(
        [
          { name: 'A', metrics: { auc: 0.9 }, predictions: a },
          { name: 'B', metrics: { auc: 0.8 }, predictions: b },
        ],
        { optimize: { metric: 'auc', goal: 'max' }, paired: { labels } },
      ),
    ).toThrow(MetricInputError);
    expect(() =>
      selectModel(
        [
          { name: 'A', metrics: { f1: 0.9 }, predictions: a },
          { name: 'B', metrics: { f1: 0.8 }, predictions: b.subarray(1) },
        ],
        { optimize: { metric: 'f1', goal: 'max' }, paired: { labels } },
      ),
    ).toThrow(/lengths 100, 100 and 99/);
  });
});

describe('selectModel and compareModels agree (property, seeded)', () => {
  it('for any predictions, goal and paired metric, the comparison is best vs runner-up and the reason says what it found', () => {
    const model = (n: number) => fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n });
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 60 }).chain((n) => fc.tuple(model(n), model(n), model(n), model(n))),
        fc.constantFrom('f1', 'errorRate', 'accuracy' as const),
        fc.constantFrom(0.9, 0.95),
        ([labels, a, b, c], metric, confidence) => {
          const score = (p: number[]) => compareModels(labels, p, p, { metric, resamples: 100 }).valueA;
          const goal = metric === 'errorRate' ? 'min' : 'max';
          const candidates = [
            { name: 'a', metrics: { m: score(a) }, predictions: a },
            { name: 'b', metrics: { m: score(b) }, predictions: b },
            { name: 'c', metrics: { m: score(c) }, predictions: c },
          ];
          const s = selectModel(candidates, {
            optimize: { metric: 'm', goal },
            paired: { labels, metric, confidence, resamples: 100, seed: 1 },
          });
          const [best, runnerUp] = s.ranking;
          expect(s.best).toBe(best);
          const expected = compareModels(labels, best!.predictions!, runnerUp!.predictions!, {
            metric,
            confidence,
            resamples: 100,
            seed: 1,
          });
          expect(s.comparison).toEqual(expected);
          expect(s.reasons[1]).toMatch(expected.distinguishable ? /beats .* beyond noise/ : /are not distinguishable/);
          // The best is never worse than the runner-up on the optimizing metric.
          const sign = goal === 'max' ? 1 : -1;
          expect(sign * expected.difference).toBeGreaterThanOrEqual(-1e-12);
        },
      ),
      { seed: 14, numRuns: 100 },
    );
  });
});
