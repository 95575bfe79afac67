// Generated bad inputs at core's public entries (seeded): the generator, its methods and state,
// and the warning channel. Each must give a typed MlrecipeError: no raw error, NaN, hang.
// core depends on nothing, so the harness comes from @mlrecipe/tensor/testing as a dev dependency.
// That harness checks `instanceof MlrecipeError` against the built core it imports, so this test
// runs the built core too (turbo builds before testing): src classes would be another copy.
import {
  type BadInputCase,
  badInput,
  badInRange,
  badName,
  badPositiveInteger,
  fuzzCaseCount,
  nonFinite,
  notANumber,
  runBadInputs,
} from '@mlrecipe/tensor/testing';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  captureWarnings,
  createRng,
  MlrecipeWarning,
  onWarning,
  restoreRng,
  setWarningHandler,
  warn,
} from '../dist/index.js';

const entry = badInput;
const rng = createRng(1);
const state = rng.getState();
const notAFunction = notANumber.filter((v) => typeof v !== 'function');
// Any finite number is a valid mean or bound: only NaN, ±Infinity and non-numbers are wrong.
const badReal = fc.oneof(
  nonFinite,
  notANumber.filter((v) => typeof v !== 'number' && v !== undefined),
);

const arbitraries: fc.Arbitrary<BadInputCase>[] = [
  fc
    .oneof(
      fc.constant(-1),
      fc.constant(1.5),
      nonFinite,
      fc.constant(2 ** 53 + 2),
      fc.constant(null),
      fc.constant({}),
      fc.constant([]),
    )
    .map((seed) => entry('createRng', seed, () => createRng(seed as number))),
  fc
    .oneof(
      fc.tuple(badReal, fc.constant(1)),
      fc.tuple(fc.constant(0), badReal),
      fc.tuple(fc.constant(2), fc.constant(1)),
    )
    .map(([low, high]) => entry('rng.uniform', [low, high], () => rng.uniform(low as number, high as number))),
  fc
    .oneof(
      fc.tuple(badReal, fc.constant(1)),
      fc.tuple(
        fc.constant(0),
        fc.oneof(
          badReal,
          badInRange(0, Number.MAX_VALUE).filter((v) => typeof v !== 'number' || v < 0),
        ),
      ),
    )
    .map(([mean, std]) => entry('rng.normal', [mean, std], () => rng.normal(mean as number, std as number))),
  fc
    .oneof(
      badPositiveInteger.filter((n) => n !== 2 ** 31),
      fc.constant(2 ** 32 + 1),
    )
    .map((n) => entry('rng.int', n, () => rng.int(n as number))),
  fc
    .oneof(fc.constant(-1), fc.constant(1.5), nonFinite, fc.constant(null), fc.constant('3'), fc.constant(2 ** 33))
    .map((n) => entry('rng.permutation', n, () => rng.permutation(n as number))),
  fc
    .oneof(
      notANumber.filter((v) => typeof v !== 'string'),
      fc.constant(''),
    )
    .map((label) => entry('rng.fork', label, () => rng.fork(label as string))),
  fc
    .oneof(
      notANumber,
      fc.constant({ ...state, algorithm: 'mt19937' }),
      fc.constant({ ...state, s: [0, 0, 0, 0] }),
      fc.constant({ ...state, s: [1, 2, 3] }),
      fc.constant({ ...state, s: [1, 2, 3, -4] }),
      fc.constant({ ...state, key: [1, 2, 3, 2 ** 32] }),
      fc.constant({ ...state, spareNormal: Number.NaN }),
      fc.constant({ ...state, spareNormal: 'x' }),
    )
    .chain((bad) =>
      fc.constantFrom(
        entry('restoreRng', bad, () => restoreRng(bad as never)),
        entry('rng.setState', bad, () => createRng(2).setState(bad as never)),
      ),
    ),
  notAFunction.filter((v) => v !== null).map((h) => entry('setWarningHandler', h, () => setWarningHandler(h as never))),
  notAFunction.map((l) => entry('onWarning', l, () => onWarning(l as never))),
  notAFunction.map((f) => entry('captureWarnings', f, () => captureWarnings(f as never))),
  fc
    .oneof(notANumber, fc.constant({ code: 'X', message: 'a warning-like object' }))
    .map((w) => entry('warn', w, () => warn(w as never))),
  fc
    .oneof(
      fc.tuple(
        fc.oneof(
          notANumber.filter((v) => typeof v !== 'string'),
          badName(['UNDEFINED_METRIC']).filter((v) => typeof v === 'string' && !/^[A-Z][A-Z0-9_]*$/.test(v)),
        ),
        fc.constant('m'),
        fc.constant({}),
      ),
      fc.tuple(
        fc.constant('CODE'),
        fc.oneof(
          notANumber.filter((v) => typeof v !== 'string'),
          fc.constant(''),
        ),
        fc.constant({}),
      ),
      fc.tuple(fc.constant('CODE'), fc.constant('m'), fc.constantFrom(null, 3, 'details', [1])),
    )
    .map(([c, m, d]) =>
      entry('MlrecipeWarning', [c, m, d], () => new MlrecipeWarning(c as string, m as string, d as never)),
    ),
];

it('every generated bad input to core gives a typed error: no raw error, NaN or hang', async () => {
  const cases = fc.sample(fc.oneof(...arbitraries), { seed: 16, numRuns: fuzzCaseCount(400) });
  const report = await runBadInputs('@mlrecipe/core', cases, { timeoutMs: 5_000 });
  console.log(`core fuzz: ${report.cases} cases, ${report.typedErrors} typed errors, ${report.passes} passes`);
  expect(report.failures).toEqual([]);
  expect(report.passes).toBe(report.cases);
});
