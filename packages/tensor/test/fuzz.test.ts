// Generated bad inputs at tensor's public entries (seeded): backend choice and options, kernel
// checks, memory scopes, the non-finite flags kernel and backend fixes. Each must give a typed
// MlrecipeError: no raw error, NaN, hang or leaked tensor. `pnpm fuzz` runs 1,000+ cases.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
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
  badName,
  badOptions,
  fuzzCaseCount,
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
