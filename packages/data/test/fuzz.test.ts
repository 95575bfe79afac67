// Generated bad inputs at data's public entries (seeded): each must give a typed MlrecipeError,
// return no NaN, not hang, and leave no tensor behind. `pnpm fuzz` runs it with 1,000+ cases.
import { useBackend } from '@mlrecipe/tensor';
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
import { batches } from '../src/batches.js';
import {
  dctMatrix,
  decodeImage,
  hzToMel,
  logMelSpectrogram,
  MinMaxScaler,
  melFilterbank,
  mfcc,
  minDevSize,
  mismatchSplit,
  parseCsv,
  parseIdx,
  recommendFractions,
  resizeBilinear,
  Standardizer,
  splitIndices,
  takeRows,
} from '../src/index.js';

await useBackend('cpu');

const entry = badInput;

const data = {
  x: { values: Float32Array.from({ length: 20 }, (_, i) => i), shape: [10, 2] },
  y: { values: Int32Array.from({ length: 10 }, (_, i) => i % 2), shape: [10] },
};
const tone = Float32Array.from({ length: 1600 }, (_, i) => Math.sin(i / 5));
const fitted = new Standardizer().fit({ values: Float32Array.from([1, 2, 3, 4]), shape: [2, 2] });
const badNumberArray = fc.oneof(
  fc.array(
    fc.oneof(
      nonFinite,
      notANumber.filter((v) => typeof v !== 'number'),
    ),
    { minLength: 1, maxLength: 3 },
  ),
  notANumber.filter((v) => !Array.isArray(v)),
);

const arbitraries: fc.Arbitrary<BadInputCase>[] = [
  badPositiveInteger.map((n) => entry('splitIndices n', n, () => splitIndices(n as number))),
  fc
    .oneof(
      badOptions,
      fc.record({ fractions: fc.record({ train: badInRange(0, 1), dev: fc.constant(0.1), test: fc.constant(0.1) }) }),
      fc.record({ seed: fc.oneof(nonFinite, fc.constant(-1), fc.constant(1.5), fc.constant(null)) }),
      fc.record({ sizes: fc.record({ dev: badNonNegativeInteger, test: fc.constant(1) }) }),
      fc.record({ stratify: fc.constant([0, 1]) }),
    )
    .map((o) => entry('splitIndices options', o, () => splitIndices(100, o as never))),
  // 2³¹ rows is a valid n here (recommendFractions allocates nothing).
  badPositiveInteger
    .filter((n) => n !== 2 ** 31)
    .map((n) => entry('recommendFractions', n, () => recommendFractions(n as number))),
  fc
    .tuple(
      fc.oneof(badInRange(0, 1, { low: true }), fc.constant(0.01)),
      fc.oneof(fc.record({ errorRate: badInRange(0, 1, { low: true, high: true }) }), badOptions),
    )
    .map(([d, o]) => entry('minDevSize', [d, o], () => minDevSize(d as number, o as never))),
  fc
    .oneof(
      fc.array(
        fc.oneof(fc.integer({ min: 10, max: 1e9 }), fc.integer({ min: -100, max: -1 }), fc.constant(1.5), nonFinite),
        { minLength: 1, maxLength: 3 },
      ),
      notANumber.filter((v) => !Array.isArray(v)),
    )
    .map((idx) => entry('takeRows indices', idx, () => takeRows(data.x, idx as number[]))),
  fc
    .oneof(
      fc.record({ batchSize: badPositiveInteger }),
      fc.record({ batchSize: fc.constant(4), epoch: badNonNegativeInteger }),
      badOptions,
    )
    .map((o) => entry('batches options', o, () => batches(data, o as never).next())),
  fc
    .oneof(
      notANumber,
      fc.record({ values: fc.constant(new Float32Array(5)), shape: fc.constant([2, 2]) }),
      fc.record({ values: fc.constant([1, 2, 3]), shape: fc.constant([2, 2]) }),
    )
    .map((x) => entry('batches x', x, () => batches({ x: x as never }, { batchSize: 2 }).next())),
  fc
    .oneof(notANumber, fc.record({ values: badNumberArray, shape: fc.constant([1, 1]) }))
    .map((x) => entry('Standardizer.fit', x, () => new Standardizer().fit(x as never))),
  fc
    .oneof(notANumber, fc.record({ values: fc.constant(Float32Array.from([1, 2, 3])), shape: fc.constant([1, 3]) }))
    .map((x) => entry('Standardizer.transform', x, () => fitted.transform(x as never))),
  fc
    .tuple(
      fc.constantFrom('minMax', 'standardizer'),
      fc.oneof(
        fc.record({ offset: badNumberArray, scale: fc.constant([1]) }),
        fc.record({ offset: fc.constant([0]), scale: fc.oneof(badNumberArray, fc.constant([0]), fc.constant([1, 2])) }),
        notANumber,
      ),
    )
    .map(([kind, json]) =>
      entry(`${kind}.fromJSON`, json, () =>
        kind === 'minMax'
          ? MinMaxScaler.fromJSON({ kind: 'MinMaxScaler', ...(json as object) } as never)
          : Standardizer.fromJSON({ kind: 'Standardizer', ...(json as object) } as never),
      ),
    ),
  fc.oneof(badPositiveInteger, fc.constant(5000)).map((n) => entry('dctMatrix', n, () => dctMatrix(n as number))),
  fc.oneof(notANumber, nonFinite, fc.constant(-1)).map((hz) => entry('hzToMel', hz, () => hzToMel(hz as number))),
  fc
    .oneof(
      fc.record({
        sampleRate: badInRange(0, Number.MAX_VALUE, { low: true }),
        fftSize: fc.constant(512),
        melBins: fc.constant(4),
        lowHz: fc.constant(0),
        highHz: fc.constant(100),
      }),
      fc.record({
        sampleRate: fc.constant(16000),
        fftSize: fc.oneof(badPositiveInteger, fc.constant(513), fc.constant(2 ** 20)),
        melBins: fc.constant(4),
        lowHz: fc.constant(0),
        highHz: fc.constant(100),
      }),
      badOptions,
    )
    .map((o) => entry('melFilterbank', o, () => melFilterbank(o as never))),
  fc
    .oneof(
      fc.record({ sampleRate: fc.constant(16000), frameMs: badInRange(0, 1e6, { low: true }) }),
      fc.record({ sampleRate: fc.constant(16000), hopMs: badInRange(0, Number.MAX_VALUE, { low: true }) }),
      fc.record({ sampleRate: fc.constant(16000), frameMs: fc.constant(0.01) }),
      fc.record({ sampleRate: badInRange(0, Number.MAX_VALUE, { low: true }) }),
      fc.record({ sampleRate: fc.constant(16000), melBins: badPositiveInteger }),
      fc.record({ sampleRate: fc.constant(16000), epsilon: badInRange(0, 1, { low: true }) }),
      badOptions,
    )
    .map((o) => entry('logMelSpectrogram options', o, () => logMelSpectrogram(tone, o as never))),
  fc
    .oneof(
      notANumber.filter((v) => !Array.isArray(v)),
      fc.constant(Float32Array.of(1, Number.NaN, 2).fill(Number.NaN)),
    )
    .map((signal) =>
      entry('logMelSpectrogram signal', signal, () => logMelSpectrogram(signal as never, { sampleRate: 16000 })),
    ),
  fc
    .oneof(badPositiveInteger, fc.constant(41))
    .map((c) => entry('mfcc coefficients', c, () => mfcc(tone, { sampleRate: 16000, coefficients: c as number }))),
  fc
    .oneof(
      notANumber,
      fc.string({ maxLength: 12 }).map((s) => `a,b\n${s},x`),
    )
    .map((text) => entry('parseCsv', text, () => parseCsv(text as string))),
  fc
    .oneof(notANumber, fc.uint8Array({ maxLength: 40 }))
    .map((bytes) => entry('parseIdx', bytes, () => parseIdx(bytes as Uint8Array))),
  fc
    .oneof(notANumber, fc.uint8Array({ maxLength: 40 }))
    .map((bytes) => entry('decodeImage', bytes, () => decodeImage(bytes as Uint8Array))),
  fc
    .tuple(badPositiveInteger, fc.constant(4))
    .map(([h, w]) =>
      entry('resizeBilinear', [h, w], () =>
        resizeBilinear({ values: new Uint8Array(12), height: 2, width: 2, channels: 3 } as never, h as number, w),
      ),
    ),
  fc
    .oneof(
      fc.record({ source: fc.constant({ length: 10 }), target: fc.record({ length: badPositiveInteger }) }),
      notANumber,
    )
    .map((d) =>
      entry('mismatchSplit', d, () =>
        mismatchSplit(d as never, { targetFractions: { train: 0, dev: 0.5, test: 0.5 } } as never),
      ),
    ),
];

it('every generated bad input to data gives a typed error, no NaN, no hang and no leak', async () => {
  const cases = fc.sample(fc.oneof(...arbitraries), { seed: 16, numRuns: fuzzCaseCount(300) });
  const report = await runBadInputs('@mlrecipe/data', cases, { timeoutMs: 5_000 });
  console.log(`data fuzz: ${report.cases} cases, ${report.typedErrors} typed errors, ${report.passes} passes`);
  expect(report.failures).toEqual([]);
  expect(report.passes).toBe(report.cases);
});
