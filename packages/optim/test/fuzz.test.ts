// Generated bad inputs at optim's entries this package validates itself (optimizers, transforms,
// ewa, state JSON; schedules and createOptimizer are fuzzed where they are owned), seeded: each
// must give a typed MlrecipeError, no NaN, no hang and no leak. `pnpm fuzz` runs 1,000+ cases.
import { useBackend } from '@mlrecipe/tensor';
import {
  type BadInputCase,
  badBoolean,
  badInput,
  badInRange,
  badName,
  badOptions,
  fuzzCaseCount,
  notANumber,
  runBadInputs,
} from '@mlrecipe/tensor/testing';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  adam,
  adamw,
  addDecayedWeights,
  clipByGlobalNorm,
  ewa,
  momentum,
  rmsprop,
  scaleByAdam,
  scaleByLearningRate,
  scaleByRms,
  sgd,
  stateFromJSON,
  traceMomentum,
} from '../src/index.js';

await useBackend('cpu');

const entry = badInput;
// A function is a valid rate (a schedule), so it is left out of the bad rates.
const badRate = badInRange(0, Number.MAX_VALUE, { low: true }).filter((v) => typeof v !== 'function');
const badBeta = badInRange(0, 1, { high: true });
const optimizers = { sgd, momentum, rmsprop, adam, adamw } as const;

const arbitraries: fc.Arbitrary<BadInputCase>[] = [
  fc
    .tuple(
      fc.constantFrom(...(Object.keys(optimizers) as Array<keyof typeof optimizers>)),
      fc.oneof(badRate, fc.constant(undefined)),
    )
    .map(([name, lr]) => entry(`${name} learningRate`, lr, () => optimizers[name]({ learningRate: lr as number }))),
  fc
    .tuple(fc.constantFrom(...(Object.keys(optimizers) as Array<keyof typeof optimizers>)), badOptions)
    .map(([name, o]) => entry(`${name} options`, o, () => optimizers[name](o as never))),
  badBeta.map((b) => entry('momentum beta', b, () => momentum({ learningRate: 0.1, beta: b as number }))),
  badName(['ema', 'heavyBall']).map((f) =>
    entry('momentum form', f, () => momentum({ learningRate: 0.1, form: f as 'ema' })),
  ),
  badBoolean.map((n) => entry('momentum nesterov', n, () => traceMomentum({ nesterov: n as boolean }))),
  fc
    .tuple(badBeta, fc.constantFrom('beta1', 'beta2'))
    .map(([b, which]) => entry(`adam ${which}`, b, () => adam({ learningRate: 0.1, [which]: b as number }))),
  badRate.map((e) => entry('adam epsilon', e, () => scaleByAdam({ epsilon: e as number }))),
  badRate.map((e) => entry('rmsprop epsilon', e, () => scaleByRms({ epsilon: e as number }))),
  badOptions.map((o) => entry('scaleByRms options', o, () => scaleByRms(o as never))),
  badInRange(0, Number.MAX_VALUE).map((w) =>
    entry('adamw weightDecay', w, () => adamw({ learningRate: 0.1, weightDecay: w as number })),
  ),
  badInRange(0, Number.MAX_VALUE).map((r) => entry('addDecayedWeights', r, () => addDecayedWeights(r as number))),
  badRate.map((m) => entry('clipByGlobalNorm', m, () => clipByGlobalNorm(m as number))),
  fc
    .oneof(badRate, fc.constant(null))
    .map((r) => entry('scaleByLearningRate', r, () => scaleByLearningRate(r as number))),
  badBeta.map((b) => entry('ewa beta', b, () => ewa(b as number))),
  fc
    .oneof(badOptions, fc.record({ biasCorrection: badBoolean }))
    .map((o) => entry('ewa options', o, () => ewa(0.9, o as never))),
  fc
    .oneof(notANumber, fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY))
    .map((v) => entry('ewa.update', v, () => ewa(0.9).update(v as number))),
  fc
    .oneof(
      fc.record({
        __tensor: fc.constant(true),
        shape: fc.constant([2]),
        dtype: fc.constant('float32'),
        values: fc.constantFrom([1, null], [1], [1, 'x'], [1, 2, 3]),
      }),
      fc.record({
        __tensor: fc.constant(true),
        shape: fc.constantFrom([-1], [1.5], ['2'], null),
        dtype: fc.constant('float32'),
        values: fc.constant([1, 2]),
      }),
      fc.record({
        __tensor: fc.constant(true),
        shape: fc.constant([2]),
        dtype: fc.constantFrom('float64', 'string', null),
        values: fc.constant([1, 2]),
      }),
    )
    .map((t) => entry('stateFromJSON', t, () => stateFromJSON({ params: { w: t } }))),
];

it('every generated bad input to optim gives a typed error, no NaN, no hang and no leak', async () => {
  const cases = fc.sample(fc.oneof(...arbitraries), { seed: 16, numRuns: fuzzCaseCount(300) });
  const report = await runBadInputs('@mlrecipe/optim', cases, { timeoutMs: 5_000 });
  console.log(`optim fuzz: ${report.cases} cases, ${report.typedErrors} typed errors, ${report.passes} passes`);
  expect(report.failures).toEqual([]);
  expect(report.passes).toBe(report.cases);
});
