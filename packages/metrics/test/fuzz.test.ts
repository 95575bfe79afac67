// Generated bad inputs at metrics' public entries (seeded): each must give a typed MlrecipeError,
// never a raw error, a NaN/Infinity or a silently accepted value, and no hang or leaked tensor.
// `pnpm fuzz` runs 1,000+ cases; `pnpm test` a few hundred.
import { useBackend } from '@mlrecipe/tensor';
import {
  type BadInputCase,
  badInput,
  badInRange,
  badName,
  badNonNegativeInteger,
  badOptions,
  badPositiveInteger,
  fuzzCaseCount,
  nonFinite,
  notANumber,
  runBadInputs,
} from '@mlrecipe/tensor/testing';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  accuracy,
  averagePrecision,
  binomialCdf,
  bootstrapInterval,
  bootstrapMeanInterval,
  classificationReport,
  compareModels,
  confusionMatrix,
  errorRate,
  f1Score,
  fBetaScore,
  fScoreOf,
  mcnemarExactPValue,
  measureLatency,
  multilabelConfusionMatrix,
  normalCdf,
  normalQuantile,
  pairedSampleSize,
  precision,
  precisionRecallFScore,
  rateDifferenceInterval,
  rateInterval,
  rateIntervals,
  recall,
  rocAuc,
  selectModel,
} from '../src/index.js';

// Tensors are valid inputs: a backend lets the harness count leaks.
await useBackend('cpu');

const entry = badInput;
const yTrue = [0, 1, 1, 0, 1, 0];
const yPred = [0, 1, 0, 0, 1, 1];
const scores = [0.1, 0.8, 0.4, 0.3, 0.9, 0.6];

/** A label vector that is wrong: not an array, empty, a NaN/Infinity or non-number entry, a negative label. */
const badLabels: fc.Arbitrary<unknown> = fc.oneof(
  notANumber.filter((v) => !Array.isArray(v) || v.length === 0),
  fc.constant([]),
  fc
    .tuple(
      fc.nat({ max: 5 }),
      fc.oneof(nonFinite, fc.constant(-1), fc.constant(0.5), fc.constant('1'), fc.constant(null)),
    )
    .map(([i, bad]) => yTrue.map((v, j) => (j === i ? bad : v))),
);
/** Predictions of the wrong length. */
const wrongLength = fc
  .integer({ min: 1, max: 12 })
  .filter((n) => n !== yTrue.length)
  .map((n) => Array.from({ length: n }, (_, i) => i % 2));
const labelPair = fc.oneof(
  badLabels.map((t) => [t, yPred] as const),
  badLabels.map((p) => [yTrue, p] as const),
  wrongLength.map((p) => [yTrue, p] as const),
);
const badProbability = badInRange(0, 1);
const badConfidence = badInRange(0, 1, { low: true, high: true });
const scoreFns = { precision, recall, f1Score, fBetaScore, precisionRecallFScore } as const;
type ScoreName = keyof typeof scoreFns;
const scoreName = fc.constantFrom(...(Object.keys(scoreFns) as ScoreName[]));
const scoreCall = (name: ScoreName, t: unknown, p: unknown, o: object) =>
  scoreFns[name](t as number[], p as number[], (name === 'fBetaScore' ? { beta: 2, ...o } : o) as never);

const arbitraries: fc.Arbitrary<BadInputCase>[] = [
  fc
    .tuple(fc.constantFrom('accuracy', 'errorRate'), labelPair)
    .map(([name, [t, p]]) =>
      entry(name, [t, p], () => (name === 'accuracy' ? accuracy : errorRate)(t as never, p as never)),
    ),
  fc
    .tuple(scoreName, labelPair)
    .map(([name, [t, p]]) => entry(name, [t, p], () => scoreCall(name, t, p, { average: 'macro' }))),
  fc
    .tuple(
      scoreName,
      fc.oneof(
        fc.record({ average: badName(['binary', 'micro', 'macro', 'weighted', 'samples', 'none']) }),
        fc.record({
          zeroDivision: fc.oneof(
            fc.constant(0.5),
            fc.constant(-1),
            fc.constant('0'),
            fc.constant(null),
            nonFinite.filter((v) => !Number.isNaN(v)),
          ),
        }),
        fc.record({
          positiveLabel: fc.oneof(nonFinite, fc.constant(-1), fc.constant(0.5), fc.constant('1'), fc.constant(null)),
        }),
        fc.record({ numClasses: fc.oneof(badPositiveInteger, fc.constant(1)) }),
        badOptions.filter((o) => o !== undefined),
      ),
    )
    .map(([name, o]) => entry(`${name} options`, o, () => scoreFns[name](yTrue, yPred, o as never))),
  badInRange(0, Number.MAX_VALUE, { low: true }).map((b) =>
    entry('fBetaScore beta', b, () => fBetaScore(yTrue, yPred, { beta: b as number })),
  ),
  // A label of 1e9 with macro averaging: a typed error, not a typed array of a billion entries.
  fc
    .constantFrom(1e9, 2 ** 31, 1e15)
    .map((big) => entry('precision huge label', big, () => precision([0, 1, big], [0, 1, 1], { average: 'macro' }))),
  fc
    .tuple(badProbability, fc.constant(0.5))
    .chain(([bad, ok]) => fc.constantFrom([bad, ok], [ok, bad]))
    .map(([p, r]) => entry('fScoreOf', [p, r], () => fScoreOf(p as number, r as number))),
  fc
    .tuple(labelPair, fc.constant(undefined))
    .map(([[t, p]]) => entry('confusionMatrix', [t, p], () => confusionMatrix(t as never, p as never))),
  fc
    .oneof(badPositiveInteger, fc.constant(1))
    .map((k) =>
      entry('confusionMatrix numClasses', k, () => confusionMatrix(yTrue, yPred, { numClasses: k as number })),
    ),
  entryOf(
    'confusionMatrix label ≥ numClasses',
    [
      [0, 3],
      [0, 1],
    ],
    () => confusionMatrix([0, 3], [0, 1], { numClasses: 2 }),
  ),
  fc
    .oneof(
      fc.constant([
        [[0, 1], [1]],
        [
          [0, 1],
          [1, 0],
        ],
      ]),
      fc.constant([[[0, 2]], [[0, 1]]]),
      fc.constant([[[0, Number.NaN]], [[0, 1]]]),
      fc.constant([[], []]),
      fc.constant([
        [[0, 1]],
        [
          [0, 1],
          [1, 0],
        ],
      ]),
    )
    .map(([t, p]) =>
      entry('multilabelConfusionMatrix', [t, p], () => multilabelConfusionMatrix(t as never, p as never)),
    ),
  fc
    .tuple(
      fc.constantFrom('rocAuc', 'averagePrecision'),
      fc.oneof(
        badLabels.map((t) => [t, scores] as const),
        fc
          .tuple(fc.nat({ max: 5 }), nonFinite)
          .map(([i, v]) => [yTrue, scores.map((s, j) => (j === i ? v : s))] as const),
        fc.constant([yTrue, scores.slice(1)] as const),
      ),
    )
    .map(([name, [t, s]]) =>
      entry(name, [t, s], () => (name === 'rocAuc' ? rocAuc : averagePrecision)(t as never, s as never)),
    ),
  fc
    .oneof(
      fc.tuple(fc.oneof(badNonNegativeInteger, fc.constant(-1)), fc.constant(10)),
      fc.tuple(fc.constant(3), fc.oneof(badPositiveInteger, fc.constant(0))),
      fc.constant([11, 10]),
    )
    .map(([k, n]) => entry('rateInterval', [k, n], () => rateInterval(k as number, n as number))),
  fc
    .oneof(
      fc.record({ confidence: badConfidence }),
      fc.record({ method: badName(['wilson', 'clopper-pearson']) }),
      badOptions.filter((o) => o !== undefined),
    )
    .map((o) => entry('rateInterval options', o, () => rateInterval(3, 10, o as never))),
  fc
    .oneof(
      fc.record({ count: fc.oneof(badNonNegativeInteger, fc.constant(20)), n: fc.constant(10) }),
      fc.record({ count: fc.constant(1), n: badPositiveInteger.filter((n) => n !== 2 ** 31) }),
      notANumber.filter((v) => v === null || typeof v !== 'object'),
    )
    .chain((bad) => fc.constantFrom([bad, { count: 2, n: 10 }], [{ count: 2, n: 10 }, bad]))
    .map(([a, b]) => entry('rateDifferenceInterval', [a, b], () => rateDifferenceInterval(a as never, b as never))),
  fc
    .oneof(
      labelPair.map(([t, p]) => [t, p, {}] as const),
      fc.record({ confidence: badConfidence }).map((o) => [yTrue, yPred, o] as const),
      fc
        .record({ positiveLabel: fc.oneof(nonFinite, fc.constant('1'), fc.constant(0.5)) })
        .map((o) => [yTrue, yPred, o] as const),
    )
    .map(([t, p, o]) => entry('rateIntervals', [t, p, o], () => rateIntervals(t as never, p as never, o as never))),
  fc
    .oneof(
      labelPair.map(([t, p]) => [t, p, { metric: 'f1' }] as const),
      fc
        .oneof(
          fc.record({ metric: badName(['f1', 'fBeta', 'precision', 'recall', 'accuracy', 'errorRate']) }),
          fc.record({ resamples: fc.oneof(badPositiveInteger, fc.constant(1e12)) }),
          fc.record({ confidence: badConfidence }),
          fc.record({ seed: fc.oneof(fc.constant(-1), fc.constant(1.5), nonFinite, fc.constant(null)) }),
          fc.record({ metric: fc.constant('fBeta'), beta: badInRange(0, Number.MAX_VALUE, { low: true }) }),
          badOptions.filter((o) => o !== undefined && o !== null),
        )
        .map((o) => [yTrue, yPred, o] as const),
    )
    .map(([t, p, o]) =>
      entry('bootstrapInterval', [t, p, o], () => bootstrapInterval(t as never, p as never, o as never)),
    ),
  fc
    .oneof(
      fc.constant([]),
      fc.tuple(fc.nat({ max: 3 }), nonFinite).map(([i, v]) => [1, 2, 3, 4].map((x, j) => (j === i ? v : x))),
      notANumber.filter((v) => !Array.isArray(v) || v.length === 0),
    )
    .map((values) => entry('bootstrapMeanInterval', values, () => bootstrapMeanInterval(values as never))),
  fc
    .oneof(fc.record({ resamples: badPositiveInteger }), fc.record({ confidence: badConfidence }))
    .map((o) => entry('bootstrapMeanInterval options', o, () => bootstrapMeanInterval([1, 2, 3], o as never))),
  fc
    .oneof(
      fc.tuple(fc.oneof(badNonNegativeInteger, fc.constant(-1)), fc.constant(3)),
      fc.tuple(fc.constant(3), fc.oneof(badNonNegativeInteger, fc.constant(-1))),
    )
    .map(([a, b]) => entry('mcnemarExactPValue', [a, b], () => mcnemarExactPValue(a as number, b as number))),
  fc
    .oneof(
      fc.record({ discordant: badInRange(0, 1, { low: true }), difference: fc.constant(0.05) }),
      fc.record({
        discordant: fc.constant(0.2),
        difference: fc.oneof(badInRange(0, 1, { low: true }), fc.constant(0.3)),
      }),
      fc.record({ discordant: fc.constant(0.2), difference: fc.constant(0.05), confidence: badConfidence }),
      fc.record({ discordant: fc.constant(0.2), difference: fc.constant(0.05), power: badConfidence }),
      badOptions,
    )
    .map((o) => entry('pairedSampleSize', o, () => pairedSampleSize(o as never))),
  fc
    .oneof(
      wrongLength.map((b) => [yTrue, yPred, b, { metric: 'accuracy' }] as const),
      badLabels.map((b) => [yTrue, yPred, b, { metric: 'f1' }] as const),
      fc
        .record({ metric: badName(['f1', 'fBeta', 'precision', 'recall', 'accuracy', 'errorRate']) })
        .map((o) => [yTrue, yPred, yTrue, o] as const),
      fc
        .record({ metric: fc.constant('accuracy'), power: badConfidence })
        .map((o) => [yTrue, yPred, yTrue, o] as const),
    )
    .map(([t, a, b, o]) =>
      entry('compareModels', [t, a, b, o], () => compareModels(t as never, a as never, b as never, o as never)),
    ),
  fc
    .oneof(
      fc.tuple(fc.constant(2), fc.constant(10), badProbability),
      fc.tuple(fc.constant(2), fc.oneof(badNonNegativeInteger, fc.constant(-1)), fc.constant(0.5)),
      fc.tuple(fc.oneof(nonFinite, fc.constant(null), fc.constant('2')), fc.constant(10), fc.constant(0.5)),
    )
    .map(([k, n, p]) => entry('binomialCdf', [k, n, p], () => binomialCdf(k as number, n as number, p as number))),
  fc
    .oneof(
      nonFinite.filter(Number.isNaN),
      notANumber.filter((v) => typeof v !== 'number'),
    )
    .map((x) => entry('normalCdf', x, () => normalCdf(x as number))),
  fc
    .oneof(badInRange(0, 1, { low: true, high: true }), fc.constant('0.5'))
    .map((p) => entry('normalQuantile', p, () => normalQuantile(p as number))),
  fc
    .oneof(
      fc.record({ runs: fc.oneof(badPositiveInteger, fc.constant(null)) }),
      fc.record({ warmup: fc.oneof(badNonNegativeInteger, fc.constant(-1), fc.constant(null)) }),
      badOptions.filter((o) => o !== undefined),
    )
    .map((o) => entry('measureLatency options', o, () => measureLatency(() => 1, o as never))),
  notANumber
    .filter((fn) => typeof fn !== 'function')
    .map((fn) => entry('measureLatency fn', fn, () => measureLatency(fn as never))),
  fc
    .oneof(
      fc.record({
        optimize: fc.constant({ metric: 'accuracy', goal: 'max' }),
        satisfice: fc.constant([{ metric: 'runtimeMs', max: Number.NaN }]),
      }),
      fc.record({
        optimize: fc.oneof(notANumber, fc.record({ metric: fc.constant('accuracy'), goal: badName(['max', 'min']) })),
      }),
      fc.record({
        optimize: fc.constant({ metric: 'accuracy', goal: 'max' }),
        satisfice: fc.oneof(
          fc.constant([{ metric: 'runtimeMs' }]),
          fc.constant([{ metric: 'missing', max: 1 }]),
          fc.constant([{ metric: 'runtimeMs', min: Number.POSITIVE_INFINITY }]),
          fc.constant('runtimeMs'),
        ),
      }),
      badOptions,
    )
    .map((o) =>
      entry('selectModel options', o, () =>
        selectModel(
          [
            { name: 'A', metrics: { accuracy: 0.9, runtimeMs: 80 } },
            { name: 'B', metrics: { accuracy: 0.92, runtimeMs: 95 } },
          ],
          o as never,
        ),
      ),
    ),
  fc
    .oneof(
      notANumber.filter((v) => !Array.isArray(v)),
      fc.constant([{ name: 'A', metrics: { accuracy: Number.NaN } }]),
      fc.constant([{ name: 'A', metrics: {} }]),
      fc.constant([{ metrics: { accuracy: 0.9 } }]),
      fc.constant([
        { name: 'A', metrics: { accuracy: 0.9 } },
        { name: 'A', metrics: { accuracy: 0.8 } },
      ]),
    )
    .map((c) =>
      entry('selectModel candidates', c, () =>
        selectModel(c as never, { optimize: { metric: 'accuracy', goal: 'max' } }),
      ),
    ),
  fc
    .oneof(
      fc.record({ targetNames: fc.constantFrom(['a', 'a'], ['a'], ['a', 'b', 'c'], 'ab', [1, 2]) }),
      fc.record({ digits: fc.oneof(badNonNegativeInteger, fc.constant(-1), fc.constant(100)) }),
    )
    .map((o) => entry('classificationReport options', o, () => classificationReport(yTrue, yPred, o as never))),
];

function entryOf(name: string, input: unknown, run: () => unknown) {
  return fc.constant(entry(name, input, run));
}

it('every generated bad input to metrics gives a typed error: no raw error, NaN, hang or leak', async () => {
  const cases = fc.sample(fc.oneof(...arbitraries), { seed: 16, numRuns: fuzzCaseCount(400) });
  const report = await runBadInputs('@mlrecipe/metrics', cases, { timeoutMs: 5_000 });
  console.log(`metrics fuzz: ${report.cases} cases, ${report.typedErrors} typed errors, ${report.passes} passes`);
  expect(report.failures).toEqual([]);
  expect(report.passes).toBe(report.cases);
});
