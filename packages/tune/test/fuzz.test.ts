// Generated bad inputs at tune's public entries (seeded): each must give a typed MlrecipeError
// (synchronously or as a rejected study), no NaN and no hang. `pnpm fuzz` runs 1,000+ cases.
import {
  type BadInputCase,
  badInput,
  badInRange,
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
  choice,
  coarseToFine,
  inProcess,
  intUniform,
  logUniform,
  oneMinusLogUniform,
  randomSearch,
  uniform,
} from '../src/index.js';
import { bullmq, studyFile, workerThreads } from '../src/node.js';

const entry = badInput;
const badBound = fc.oneof(notANumber, nonFinite);
const study = {
  space: { lr: logUniform(1e-4, 1) },
  trials: 2,
  optimize: { metric: 'devError', goal: 'min' as const },
  objective: () => ({ devError: 0.1 }),
};

const arbitraries: fc.Arbitrary<BadInputCase>[] = [
  fc
    .tuple(badBound, fc.constant(1))
    .map(([low, high]) => entry('uniform', [low, high], () => uniform(low as number, high))),
  fc
    .tuple(fc.double({ min: 1, max: 10, noNaN: true }), fc.double({ min: -10, max: 1, noNaN: true }))
    .map(([low, high]) => entry('uniform low ≥ high', [low, high], () => uniform(low, high))),
  fc
    .tuple(fc.oneof(badBound, fc.constant(-1), fc.constant(0)), fc.constant(1))
    .map(([low, high]) => entry('logUniform', [low, high], () => logUniform(low as number, high))),
  fc
    .tuple(fc.oneof(badBound, fc.constant(1), fc.constant(2)), fc.constant(0.5))
    .map(([low, high]) => entry('oneMinusLogUniform', [low, high], () => oneMinusLogUniform(low as number, high))),
  fc
    .tuple(fc.oneof(notANumber, nonFinite, fc.constant(1.5)), fc.constant(3))
    .map(([low, high]) => entry('intUniform', [low, high], () => intUniform(low as number, high))),
  fc
    .oneof(
      notANumber.filter((v) => !Array.isArray(v) || v.length === 0),
      fc.constant([]),
    )
    .map((o) => entry('choice', o, () => choice(o as never))),
  badPositiveInteger.map((t) => entry('randomSearch trials', t, () => randomSearch({ ...study, trials: t as number }))),
  fc
    .oneof(notANumber, fc.constant({}), fc.constant({ lr: 0.1 }))
    .map((s) => entry('randomSearch space', s, () => randomSearch({ ...study, space: s as never }))),
  fc
    .oneof(
      notANumber,
      fc.record({ metric: fc.oneof(notANumber, fc.constant('')), goal: fc.constant('min') }),
      fc.record({ metric: fc.constant('devError'), goal: fc.oneof(notANumber, fc.constant('lowest')) }),
    )
    .map((o) => entry('randomSearch optimize', o, () => randomSearch({ ...study, optimize: o as never }))),
  fc
    .oneof(
      fc.constant(-1),
      fc.constant(1.5),
      nonFinite,
      notANumber.filter((v) => v !== null),
    )
    .filter((s) => s !== '' && typeof s !== 'string')
    .map((s) => entry('randomSearch seed', s, () => randomSearch({ ...study, seed: s as number }))),
  badInRange(0, 2 ** 31 - 1, { low: true }).map((t) =>
    entry('randomSearch trialTimeoutMs', t, () => randomSearch({ ...study, trialTimeoutMs: t as number })),
  ),
  fc
    .oneof(
      badNonNegativeInteger.filter((v) => v !== Number.POSITIVE_INFINITY),
      fc.constant(-1),
    )
    .map((m) => entry('randomSearch maxFailures', m, () => randomSearch({ ...study, maxFailures: m as number }))),
  fc
    .oneof(
      notANumber.filter((v) => !Array.isArray(v) || v.length > 0),
      fc.constant([{ id: 'x', metrics: {} }]),
    )
    .map((c) => entry('randomSearch completed', c, () => randomSearch({ ...study, completed: c as never }))),
  fc
    .constantFrom('objective', 'onTrial', 'onTrialAsync', 'onFailure')
    .chain((name) =>
      notANumber
        .filter((v) => typeof v !== 'function')
        .map((v) => entry(`randomSearch ${name}`, v, () => randomSearch({ ...study, [name]: v } as never))),
    ),
  badOptions.map((o) => entry('randomSearch options', o, () => randomSearch(o as never))),
  fc
    .oneof(
      fc.record({
        rounds: fc.oneof(
          fc.constant(-1),
          fc.constant(1.5),
          fc.constant(1e9),
          notANumber.filter((v) => v !== undefined),
        ),
      }),
      fc.record({ keep: badPositiveInteger }),
    )
    .map((o) => entry('coarseToFine', o, () => coarseToFine({ ...study, ...(o as object) }))),
  notANumber.map((e) => entry('randomSearch executor', e, () => randomSearch({ ...study, executor: e as never }))),
  fc
    .oneof(
      fc.record({ workers: badPositiveInteger }),
      fc.record({ retries: fc.oneof(badNonNegativeInteger, fc.constant(1000)) }),
      badOptions.filter((o) => o !== undefined),
    )
    .map((o) => entry('workerThreads options', o, () => workerThreads({ module: 'file:///x.mjs' }, o as never))),
  notANumber.map((m) => entry('workerThreads objective', m, () => workerThreads(m as never))),
  fc
    .oneof(
      fc.record({ connection: fc.record({ port: fc.oneof(badPositiveInteger, fc.constant(70000)) }) }),
      fc.record({ connection: fc.constant({}), attempts: badPositiveInteger }),
      fc.record({ connection: fc.constant({}), pollMs: fc.oneof(notANumber, fc.constant(1), fc.constant(1e9)) }),
      fc.record({ connection: fc.constant({}), redisDownTimeoutMs: fc.oneof(notANumber, fc.constant(-1)) }),
      badOptions,
      fc.record({ connection: notANumber.filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)) }),
    )
    .map((o) => entry('bullmq options', o, () => bullmq(o as never))),
  fc
    .oneof(
      notANumber.filter((v) => typeof v !== 'string' || v === ''),
      fc.constant(''),
    )
    .map((p) => entry('studyFile', p, () => studyFile(p as string))),
  fc
    .constantFrom('watch')
    .chain(() => notANumber.filter((v) => typeof v !== 'function' && v !== undefined))
    .map((w) =>
      entry('inProcess watch', w, () =>
        randomSearch({
          ...study,
          objective: undefined,
          executor: inProcess(() => ({ devError: 1 }), { watch: w as never }),
        }),
      ),
    ),
];

it('every generated bad input to tune gives a typed error, no NaN and no hang', async () => {
  const cases = fc.sample(fc.oneof(...arbitraries), { seed: 16, numRuns: fuzzCaseCount(300) });
  const report = await runBadInputs('@mlrecipe/tune', cases, { timeoutMs: 5_000 });
  console.log(`tune fuzz: ${report.cases} cases, ${report.typedErrors} typed errors, ${report.passes} passes`);
  expect(report.failures).toEqual([]);
  expect(report.passes).toBe(report.cases);
});
