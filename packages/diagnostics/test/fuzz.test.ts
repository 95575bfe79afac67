// Generated bad inputs at diagnostics' public entries, the main entry and '/gradients' (seeded):
// each must give a typed MlrecipeError, never a raw error, a NaN/Infinity or a silently accepted
// value, and no hang or leaked tensor. `pnpm fuzz` runs 1,000+ cases; `pnpm test` a few hundred.
import { tf, useBackend } from '@mlrecipe/tensor';
import {
  type BadInputCase,
  badInput,
  badInRange,
  badOptions,
  badPositiveInteger,
  fuzzCaseCount,
  nonFinite,
  notANumber,
  runBadInputs,
} from '@mlrecipe/tensor/testing';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { gradientCheck } from '../src/gradients.js';
import {
  diagnose,
  errorAnalysis,
  gradientHealth,
  labelNoiseAnalysis,
  learningCurve,
  lossCurveCheck,
} from '../src/index.js';

await useBackend('cpu');

const entry = badInput;
const badRate = fc.oneof(badInRange(0, 1), fc.constant(null));
const valid = { humanLevel: 0.01, train: 0.08, trainDev: 0.1, dev: 0.12, test: 0.13 };
const splits = ['train', 'trainDev', 'dev', 'test'] as const;
const badMeasure: fc.Arbitrary<unknown> = fc.oneof(
  badRate,
  fc.record({ errors: fc.oneof(fc.constant(-1), fc.constant(1.5), nonFinite, fc.constant(20)), n: fc.constant(10) }),
  fc.record({ errors: fc.constant(1), n: fc.oneof(badPositiveInteger, fc.constant(0)) }),
  fc.record({ rate: badInRange(0, 1), n: fc.constant(100) }),
  fc.record({ rate: fc.constant(0.1), n: fc.oneof(badPositiveInteger, fc.constant(0)) }),
  fc.constantFrom({}, [], 'low'),
);
const examples = Array.from({ length: 20 }, (_, i) => ({ tags: i % 2 ? ['blurry'] : ['dog'] }));
const w = tf.variable(tf.tensor1d([0.5, -0.3]));
const loss = () => tf.sum(tf.square(w));
afterAll(() => w.dispose());

const arbitraries: fc.Arbitrary<BadInputCase>[] = [
  fc
    .tuple(fc.constantFrom(...splits), badMeasure)
    .map(([split, m]) => entry(`diagnose ${split}`, m, () => diagnose({ ...valid, [split]: m } as never))),
  fc
    .oneof(badRate, fc.constantFrom({}, { doctor: Number.NaN }, { doctor: -0.1 }, { doctor: '0.01' }))
    .map((h) => entry('diagnose humanLevel', h, () => diagnose({ ...valid, humanLevel: h } as never))),
  fc
    .oneof(
      fc.record({ minGap: fc.oneof(badInRange(0, 1), fc.constant(null)) }),
      fc.record({ confidence: fc.oneof(badInRange(0, 1, { low: true, high: true }), fc.constant(null)) }),
      fc.record({ unit: fc.constantFrom(3, '', null, {}) }),
    )
    .map((o) => entry('diagnose options', o, () => diagnose({ ...valid, ...(o as object) } as never))),
  notANumber.map((input) => entry('diagnose input', input, () => diagnose(input as never))),
  fc
    .oneof(
      fc.tuple(fc.constant(examples), fc.record({ errorRate: badRate })),
      fc.tuple(
        fc.constant(examples),
        fc.record({
          errorRate: fc.constant(0.1),
          confidence: fc.oneof(badInRange(0, 1, { low: true, high: true }), fc.constant(null)),
        }),
      ),
      fc.tuple(
        fc.constant(examples),
        fc.record({ errorRate: fc.constant(0.1), tagger: fc.constantFrom(3, 'tags', null) }),
      ),
      fc.tuple(
        fc.constantFrom([], null, 'examples', [null], [3], [{ tags: 'dog' }], [{ tags: [3] }]),
        fc.constant({ errorRate: 0.1 }),
      ),
      fc.tuple(fc.constant(examples), badOptions),
    )
    .map(([ex, o]) => entry('errorAnalysis', [ex, o], () => errorAnalysis(ex as never, o as never))),
  fc
    .oneof(
      fc.record({ devErrorRate: badRate, mislabeledShareOfErrors: fc.constant(0.1) }),
      fc.record({ devErrorRate: fc.constant(0.1), mislabeledShareOfErrors: badRate }),
      badOptions,
    )
    .map((o) => entry('labelNoiseAnalysis', o, () => labelNoiseAnalysis(o as never))),
  fc
    .oneof(
      fc.constantFrom(null, [], [{ layer: 'a', norm: 1 }], 'norms', [null, null]),
      // NaN and Infinity are diagnosed (verdict 'non-finite'), not refused: only non-numbers and negatives are wrong.
      fc.tuple(fc.oneof(fc.constant(-1), fc.constant(null), fc.constant('1'))).map(([n]) => [
        { layer: 'a', norm: 1 },
        { layer: 'b', norm: n },
      ]),
    )
    .map((g) => entry('gradientHealth norms', g, () => gradientHealth(g as never))),
  fc
    .oneof(
      fc.record({ maxNorm: fc.oneof(badInRange(0, Number.MAX_VALUE, { low: true }), fc.constant(null)) }),
      badOptions.filter((o) => o !== undefined),
    )
    .map((o) =>
      entry('gradientHealth options', o, () =>
        gradientHealth(
          [
            { layer: 'a', norm: 1 },
            { layer: 'b', norm: 2 },
          ],
          o as never,
        ),
      ),
    ),
  fc
    .oneof(fc.constantFrom(null, [], [1], 'loss', [1, '2'], [1, null]))
    .map((h) => entry('lossCurveCheck history', h, () => lossCurveCheck(h as never))),
  fc
    .oneof(
      fc.record({ window: fc.oneof(badPositiveInteger, fc.constant(null)) }),
      fc.record({ plateauTolerance: fc.oneof(badInRange(0, Number.MAX_VALUE), fc.constant(null)) }),
      badOptions.filter((o) => o !== undefined),
    )
    .map((o) => entry('lossCurveCheck options', o, () => lossCurveCheck([3, 2, 1.5, 1.4], o as never))),
  fc
    .oneof(fc.constantFrom(null, [], [10, 10], [20, 10], [0, 10], [1.5, 3], 'sizes', [10, Number.NaN]))
    .map((s) =>
      entry('learningCurve sizes', s, () => learningCurve(s as never, () => ({ trainError: 0.1, devError: 0.2 }))),
    ),
  fc
    .oneof(
      notANumber.filter((v) => typeof v !== 'function'),
      fc.constantFrom(
        () => ({ trainError: Number.NaN, devError: 0.2 }),
        () => ({ trainError: 0.1 }),
        () => ({ trainError: 1.5, devError: 0.2 }),
        () => null,
        async () => ({ trainError: 0.1, devError: -0.2 }),
      ),
    )
    .map((e) => entry('learningCurve evaluate', String(e), () => learningCurve([10, 20], e as never))),
  fc
    .oneof(
      fc.record({ epsilon: fc.oneof(badInRange(0, 1, { low: true }), fc.constant(null)) }),
      // A huge maxEntries is fine (every entry is checked): only non-integers and values < 1 are wrong.
      fc.record({ maxEntries: fc.constantFrom(0, -3, 1.5, Number.NaN, null, '5') }),
      badOptions.filter((o) => o !== undefined),
    )
    .map((o) => entry('gradientCheck options', o, () => gradientCheck(loss as () => tf.Scalar, { w }, o as never))),
  fc
    .constantFrom(null, {}, { w: 3 }, { w: null }, 'w', [w])
    .map((p) => entry('gradientCheck params', String(p), () => gradientCheck(loss as () => tf.Scalar, p as never))),
  fc
    .oneof(
      notANumber.filter((v) => typeof v !== 'function'),
      fc.constantFrom(
        () => 3 as unknown as tf.Scalar,
        () => tf.tensor1d([1, 2]) as unknown as tf.Scalar,
        () => {
          throw new Error('user loss failed');
        },
      ),
    )
    .map((f) => entry('gradientCheck lossFn', String(f), () => gradientCheck(f as never, { w }))),
];

it('every generated bad input to diagnostics gives a typed error: no raw error, NaN, hang or leak', async () => {
  const cases = fc.sample(fc.oneof(...arbitraries), { seed: 16, numRuns: fuzzCaseCount(400) });
  const report = await runBadInputs('@mlrecipe/diagnostics', cases, { timeoutMs: 5_000 });
  console.log(`diagnostics fuzz: ${report.cases} cases, ${report.typedErrors} typed errors, ${report.passes} passes`);
  expect(report.failures).toEqual([]);
  expect(report.passes).toBe(report.cases);
});
