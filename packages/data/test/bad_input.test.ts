// The bad inputs the issue found, each now a typed error with the value received and the fix.
import { expect, it } from 'vitest';
import {
  DataShapeError,
  dctMatrix,
  logMelSpectrogram,
  MinMaxScaler,
  mfcc,
  splitIndices,
  takeRows,
} from '../src/index.js';

it('dctMatrix refuses sizes that are not positive integers instead of returning something', () => {
  for (const [bad, shownAs] of [
    [2.5, '2.5'],
    ['3', '"3"'],
    [null, 'null'],
    [0, '0'],
  ] as const) {
    expect(() => dctMatrix(bad as number)).toThrow(DataShapeError);
    expect(() => dctMatrix(bad as number)).toThrow(`dctMatrix: n must be an integer in [1, 4096], got ${shownAs}`);
  }
  expect(dctMatrix(2)).toHaveLength(4);
});

it('MinMaxScaler.fromJSON refuses a NaN or zero scale (JSON writes NaN as null)', () => {
  expect(() =>
    MinMaxScaler.fromJSON({ kind: 'MinMaxScaler', offset: [0, 1], scale: [1, null as unknown as number] }),
  ).toThrow('MinMaxScaler.fromJSON: scale[1] is null; saved parameters must be finite numbers');
  expect(() => MinMaxScaler.fromJSON({ kind: 'MinMaxScaler', offset: [0], scale: [0] })).toThrow(/scale\[0\] is 0/);
  const scaler = MinMaxScaler.fromJSON({ kind: 'MinMaxScaler', offset: [1], scale: [2] });
  expect(Array.from(scaler.transform([[5]]))).toEqual([2]); // (5 − 1) / 2
});

it('negative or zero hopMs / frameMs are typed errors, not a RangeError', () => {
  const tone = Float32Array.from({ length: 1600 }, (_, i) => Math.sin(i / 5));
  expect(() => logMelSpectrogram(tone, { sampleRate: 16000, hopMs: -10 })).toThrow(
    'logMelSpectrogram: hopMs must be a positive finite number, got -10',
  );
  expect(() => mfcc(tone, { sampleRate: 16000, frameMs: -25 })).toThrow(
    /frameMs must be a positive finite number, got -25/,
  );
  expect(() => logMelSpectrogram(tone, { sampleRate: 16000, hopMs: 0.01 })).toThrow(
    /a hop of 0; the window needs 2–65536 samples and the hop at least 1/,
  );
});

it('splits and row takes refuse sizes beyond what their index arrays hold, and non-array indices', () => {
  expect(() => splitIndices(2 ** 31)).toThrow(
    'splitIndices: n must be a positive integer up to 2147483647, got 2147483648',
  );
  expect(() => takeRows({ values: [1, 2], shape: [2] }, '0' as never)).toThrow(
    /indices must be an array of row numbers/,
  );
});
