// Generated bad inputs at the regularizers entries this package validates itself (dropout and the
// augmentations; penalties and early stopping are fuzzed where they are owned), seeded: each must
// give a typed MlrecipeError, no NaN, no hang and no leak. `pnpm fuzz` runs 1,000+ cases.
import { createRng, tf, useBackend } from '@mlrecipe/tensor';
import {
  type BadInputCase,
  badBoolean,
  badInput,
  badInRange,
  badNonNegativeInteger,
  badOptions,
  badPositiveInteger,
  fuzzCaseCount,
  notANumber,
  runBadInputs,
} from '@mlrecipe/tensor/testing';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  blur,
  colorShift,
  dropout,
  flipHorizontal,
  gaussianNoise,
  mixNoise,
  randomCrop,
  rotate,
  speedPerturb,
  timeShift,
} from '../src/index.js';

await useBackend('cpu');

const entry = badInput;
const rng = createRng(1);
const withImages = (shape: number[], fn: (images: tf.Tensor4D) => unknown) => () => {
  const images = tf.zeros(shape) as unknown as tf.Tensor4D;
  try {
    return fn(images);
  } finally {
    images.dispose();
  }
};

const arbitraries: fc.Arbitrary<BadInputCase>[] = [
  badInRange(0, 1, { low: true }).map((k) =>
    entry(
      'dropout keepProb',
      k,
      withImages([1, 2, 2, 1], (x) => dropout(x, { keepProb: k as number, training: true, rng })),
    ),
  ),
  badBoolean.map((t) =>
    entry(
      'dropout training',
      t,
      withImages([1, 2, 2, 1], (x) => dropout(x, { keepProb: 0.5, training: t as boolean, rng })),
    ),
  ),
  fc.oneof(notANumber, fc.constant(Math.random)).map((r) =>
    entry(
      'dropout rng',
      r,
      withImages([1, 2], (x) => dropout(x, { keepProb: 0.5, training: true, rng: r as never })),
    ),
  ),
  fc.oneof(notANumber, fc.constant('disposed')).map((x) =>
    entry('dropout x', x, () => {
      if (x !== 'disposed') return dropout(x as tf.Tensor, { keepProb: 0.5, training: false });
      const t = tf.ones([2]);
      t.dispose();
      return dropout(t, { keepProb: 0.5, training: false });
    }),
  ),
  badOptions.map((o) =>
    entry(
      'dropout options',
      o,
      withImages([1, 2], (x) => dropout(x, o as never)),
    ),
  ),
  badInRange(0, 1).map((p) =>
    entry('flipHorizontal probability', p, () => flipHorizontal({ probability: p as number })),
  ),
  fc.tuple(fc.oneof(badPositiveInteger, fc.constant(5)), fc.constant(2)).map(([h, w]) =>
    entry(
      'randomCrop',
      [h, w],
      withImages([1, 4, 4, 1], (images) => randomCrop({ height: h as number, width: w })(images, rng)),
    ),
  ),
  badInRange(0, Number.MAX_VALUE).map((s) => entry('gaussianNoise std', s, () => gaussianNoise({ std: s as number }))),
  badInRange(0, 1).map((d) => entry('colorShift maxDelta', d, () => colorShift({ maxDelta: d as number }))),
  fc
    .tuple(fc.oneof(badInRange(0, 180), fc.constant(10)), fc.oneof(badInRange(0, 1), fc.constant(0)))
    .filter(([d, f]) => !(d === 10 && f === 0))
    .map(([d, f]) => entry('rotate', [d, f], () => rotate({ maxDegrees: d as number, fill: f as number }))),
  badInRange(0, 100, { low: true }).map((s) => entry('blur sigma', s, () => blur({ sigma: s as number }))),
  fc
    .tuple(
      fc.constantFrom('flip', 'noise', 'shift', 'rotate', 'blur'),
      fc.oneof(notANumber, fc.constantFrom([2, 2], [1, 2, 2])),
    )
    .map(([which, shape]) =>
      entry(`${which} on bad images`, shape, () => {
        const augment = {
          flip: flipHorizontal(),
          noise: gaussianNoise({ std: 0.1 }),
          shift: colorShift({ maxDelta: 0.1 }),
          rotate: rotate({ maxDegrees: 5 }),
          blur: blur({ sigma: 1 }),
        }[which];
        if (!Array.isArray(shape)) return augment(shape as never, rng);
        return withImages(shape, (images) => augment(images, rng))();
      }),
    ),
  fc
    .oneof(
      fc.record({ snrDb: fc.oneof(notANumber, fc.constant([10, 5])), noisePool: fc.constant([new Float32Array(4)]) }),
      fc.record({
        snrDb: fc.constant(10),
        noisePool: fc.oneof(notANumber, fc.constant([]), fc.constant([new Float32Array(0)])),
      }),
      badOptions,
    )
    .map((o) => entry('mixNoise', o, () => mixNoise(o as never))),
  badNonNegativeInteger.map((m) => entry('timeShift maxShift', m, () => timeShift({ maxShift: m as number }))),
  fc
    .oneof(
      fc.record({ minFactor: badInRange(0, 100, { low: true }) }),
      fc.record({ minFactor: fc.constant(1.2), maxFactor: fc.constant(1.1) }),
      badOptions,
    )
    .map((o) => entry('speedPerturb', o, () => speedPerturb(o as never))),
];

it('every generated bad input to regularizers gives a typed error, no NaN, no hang and no leak', async () => {
  const cases = fc.sample(fc.oneof(...arbitraries), { seed: 16, numRuns: fuzzCaseCount(300) });
  const report = await runBadInputs('@mlrecipe/regularizers', cases, { timeoutMs: 5_000 });
  console.log(`regularizers fuzz: ${report.cases} cases, ${report.typedErrors} typed errors, ${report.passes} passes`);
  expect(report.failures).toEqual([]);
  expect(report.passes).toBe(report.cases);
});
