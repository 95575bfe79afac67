// Generated bad inputs at tensor's public entries (seeded): backend choice and options, kernel
// checks, memory scopes, the non-finite flags kernel and backend fixes. Each must give a typed
// MlrecipeError: no raw error, NaN, hang or leaked tensor. `pnpm fuzz` runs 1,000+ cases.
// @mlrecipe/core's entries are fuzzed here too, as their own report: core cannot depend on the
// harness's package (tensor depends on core; a dev dependency back would be a build cycle).
import * as core from '@mlrecipe/core';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  adamMoments,
  checkKernels,
  createRng,
  expectNoLeaks,
  nonFiniteFlags,
  registerBackendFixes,
  requireBackend,
  restoreRng,
  scope,
  tf,
  useBackend,
} from '../src/index.js';
import {
  type BadInputCase,
  badInput,
  badInRange,
  badName,
  badOptions,
  badPositiveInteger,
  fuzzCaseCount,
  nonFinite,
  notANumber,
  runBadInputs,
} from '../src/testing/index.js';

await useBackend('cpu');

const entry = badInput;
const backends = ['cpu', 'wasm', 'webgl', 'webgpu', 'node', 'cuda', 'auto'];
const notAFunction = notANumber.filter((v) => typeof v !== 'function');

const arbitraries: fc.Arbitrary<BadInputCase>[] = [
  badName(backends).map((name) => entry('useBackend name', name, () => useBackend(name as never))),
  fc
    .oneof(
      fc.record({ threads: fc.constantFrom(0, -1, 1.5, 65, Number.NaN, null, 'many') }),
      fc.record({ wasmPaths: fc.constantFrom(3, null, true, [1]) }),
      badOptions.filter((o) => o !== undefined),
    )
    .map((o) => entry('useBackend options', o, () => useBackend('wasm', o as never))),
  fc
    .oneof(
      notANumber.filter((v) => !Array.isArray(v) && typeof v !== 'function'),
      fc.constant([3]),
      fc.constant(['NoSuchKernel', null]),
    )
    .map((t) => entry('checkKernels target', t, () => checkKernels(t as never))),
  badName(backends.filter((b) => b !== 'auto')).map((b) =>
    entry('checkKernels backend', b, () => checkKernels(['Add'], b as never)),
  ),
  fc
    .oneof(
      notANumber.filter((v) => !Array.isArray(v)),
      fc.constant([3]),
      fc.constant([null]),
      fc.constant(['tensor']),
    )
    .map((t) => entry('nonFiniteFlags', t, () => nonFiniteFlags(t as never))),
  fc.constantFrom('disposed').map(() =>
    entry('nonFiniteFlags disposed tensor', 'a disposed tensor', () => {
      const t = tf.tensor1d([1, 2]);
      t.dispose();
      return nonFiniteFlags([t]);
    }),
  ),
  fc
    .oneof(
      fc.record({ beta1: fc.constantFrom(1, -0.1, Number.NaN, '0.9') }),
      fc.record({ epsilon: fc.constantFrom(-1, Number.POSITIVE_INFINITY, null) }),
      fc.record({ correction1: fc.constantFrom(0, 1.5, Number.NaN) }),
      fc.record({ correction2: fc.constantFrom(-0.1, undefined, {}) }),
    )
    .map((bad) =>
      entry('adamMoments constants', bad, () => {
        const [g, m, v] = [tf.ones([3]), tf.zeros([3]), tf.zeros([3])];
        const good = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, correction1: 0.1, correction2: 0.001 };
        try {
          return adamMoments(g, m, v, { ...good, ...(bad as object) } as never);
        } finally {
          tf.dispose([g, m, v]);
        }
      }),
    ),
  fc.oneof(notANumber, fc.constant('disposed'), fc.constant('int32'), fc.constant('shape')).map((bad) =>
    entry('adamMoments tensors', bad, () => {
      const g = tf.ones([3]);
      const other =
        bad === 'int32'
          ? tf.zeros([3], 'int32')
          : bad === 'shape'
            ? tf.zeros([4])
            : bad === 'disposed'
              ? tf.zeros([3])
              : undefined;
      if (bad === 'disposed') other!.dispose();
      try {
        const attrs = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, correction1: 0.1, correction2: 0.001 };
        return adamMoments(g, (other ?? bad) as never, g, attrs);
      } finally {
        tf.dispose([g, ...(other === undefined ? [] : [other])]);
      }
    }),
  ),
  notAFunction.map((f) => entry('scope', f, () => scope(f as never))),
  notAFunction.map((f) => entry('expectNoLeaks', f, () => expectNoLeaks(f as never))),
  fc
    .constantFrom(-1, 1.5, Number.NaN, null, '1')
    .map((allow) => entry('expectNoLeaks allow', allow, () => expectNoLeaks(() => 1, { allow: allow as number }))),
  fc.constantFrom('leak').map(() =>
    entry('expectNoLeaks leak', 'a function that leaks one tensor', () => {
      let leaked: tf.Tensor | undefined;
      try {
        return expectNoLeaks(() => {
          leaked = tf.scalar(1);
          return 1;
        });
      } finally {
        leaked?.dispose(); // the typed error is what is checked, not the leak it reports
      }
    }),
  ),
  fc
    .oneof(badName(['cpu', 'wasm', 'webgl', 'webgpu', 'tensorflow']), fc.constant('no-such-backend'))
    .map((b) => entry('registerBackendFixes', b, () => registerBackendFixes(b as string))),
  fc
    .oneof(
      notANumber.filter((v) => typeof v !== 'string'),
      fc.constant(''),
    )
    .map((c) => entry('requireBackend caller', c, () => requireBackend(c as string))),
  fc
    .oneof(fc.constant(-1), fc.constant(1.5), fc.constant(Number.NaN), fc.constant(null), fc.constant({}))
    .map((seed) => entry('createRng (re-exported)', seed, () => createRng(seed as number))),
  notANumber.map((s) => entry('restoreRng (re-exported)', s, () => restoreRng(s as never))),
];

it('every generated bad input to tensor gives a typed error: no raw error, NaN, hang or leak', async () => {
  const cases = fc.sample(fc.oneof(...arbitraries), { seed: 16, numRuns: fuzzCaseCount(300) });
  const report = await runBadInputs('@mlrecipe/tensor', cases, { timeoutMs: 10_000 });
  console.log(`tensor fuzz: ${report.cases} cases, ${report.typedErrors} typed errors, ${report.passes} passes`);
  expect(report.failures).toEqual([]);
  expect(report.passes).toBe(report.cases);
});

const rng = core.createRng(1);
const state = rng.getState();
const notAFunctionValue = notANumber.filter((v) => typeof v !== 'function');
// Any finite number is a valid mean or bound: only NaN, ±Infinity and non-numbers are wrong.
const badReal = fc.oneof(
  nonFinite,
  notANumber.filter((v) => typeof v !== 'number' && v !== undefined),
);

const coreArbitraries: fc.Arbitrary<BadInputCase>[] = [
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
    .map((seed) => entry('createRng', seed, () => core.createRng(seed as number))),
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
        entry('restoreRng', bad, () => core.restoreRng(bad as never)),
        entry('rng.setState', bad, () => core.createRng(2).setState(bad as never)),
      ),
    ),
  notAFunctionValue
    .filter((v) => v !== null)
    .map((h) => entry('setWarningHandler', h, () => core.setWarningHandler(h as never))),
  notAFunctionValue.map((l) => entry('onWarning', l, () => core.onWarning(l as never))),
  notAFunctionValue.map((f) => entry('captureWarnings', f, () => core.captureWarnings(f as never))),
  fc
    .oneof(notANumber, fc.constant({ code: 'X', message: 'a warning-like object' }))
    .map((w) => entry('warn', w, () => core.warn(w as never))),
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
      entry('MlrecipeWarning', [c, m, d], () => new core.MlrecipeWarning(c as string, m as string, d as never)),
    ),
];

it('every generated bad input to core gives a typed error: no raw error, NaN or hang', async () => {
  const cases = fc.sample(fc.oneof(...coreArbitraries), { seed: 16, numRuns: fuzzCaseCount(300) });
  const report = await runBadInputs('@mlrecipe/core', cases, { timeoutMs: 5_000 });
  console.log(`core fuzz: ${report.cases} cases, ${report.typedErrors} typed errors, ${report.passes} passes`);
  expect(report.failures).toEqual([]);
  expect(report.passes).toBe(report.cases);
});
