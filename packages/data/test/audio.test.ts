import { expect, it } from 'vitest';
import { DataShapeError, dctMatrix, hzToMel, logMelSpectrogram, melFilterbank, melToHz, mfcc } from '../src/index.js';

const tone = (hz: number, seconds: number, sampleRate = 16_000, amplitude = 1) =>
  Float32Array.from(
    { length: Math.round(seconds * sampleRate) },
    (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / sampleRate),
  );

it('matches a numpy reference on a two-tone signal (log-mel and MFCC)', () => {
  // Constants from numpy 1.24 / scipy (Debian bookworm): periodic Hann 400, hop 160, rfft 512,
  // HTK mel triangles 20–8000 Hz × 8, log(P·W + 1e-6), scipy.fft.dct(type=2, norm='ortho').
  const sampleRate = 16_000;
  const t = (i: number) => i / sampleRate;
  const x = Float32Array.from(
    { length: 800 },
    (_, i) => Math.sin(2 * Math.PI * 440 * t(i)) + 0.5 * Math.sin(2 * Math.PI * 2000 * t(i)),
  );
  const options = { sampleRate, melBins: 8, lowHz: 20, highHz: 8000 };
  const logMel = logMelSpectrogram(x, options);
  expect(logMel.shape).toEqual([3, 8]);
  const reference = [8.786794, 9.445628, -3.015098, 6.990056, 8.219923, -6.554699, -13.489745, -13.802723];
  for (const [i, v] of Array.from(logMel.values.subarray(8, 16)).entries()) expect(v).toBeCloseTo(reference[i]!, 3);
  const coefficients = mfcc(x, { ...options, coefficients: 4 });
  for (const [i, v] of [-1.209104, 21.476047, -8.285858, 5.759858].entries())
    expect(coefficients.values[4 + i]).toBeCloseTo(v, 3);
});

it('puts a pure tone in the mel band whose centre is nearest to it', () => {
  const melBins = 40;
  const [low, high] = [20, 8000];
  for (const hz of [300, 1000, 3000, 6000]) {
    const { values, shape } = logMelSpectrogram(tone(hz, 0.2), { sampleRate: 16_000, melBins });
    const frame = values.subarray(shape[1] * 5, shape[1] * 6);
    const loudest = frame.indexOf(Math.max(...frame));
    const centres = Array.from({ length: melBins }, (_, m) =>
      melToHz(hzToMel(low) + ((hzToMel(high) - hzToMel(low)) * (m + 1)) / (melBins + 1)),
    );
    const nearest = centres.reduce((best, c, m) => (Math.abs(c - hz) < Math.abs(centres[best]! - hz) ? m : best), 0);
    expect(Math.abs(loudest - nearest)).toBeLessThanOrEqual(1);
  }
  expect(melToHz(hzToMel(1234.5))).toBeCloseTo(1234.5, 9);
  expect(hzToMel(700)).toBeCloseTo(1127 * Math.LN2, 12);
});

it('builds an orthonormal DCT-II and filters that rise and fall once', () => {
  const n = 13;
  const c = dctMatrix(n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += c[i * n + k]! * c[j * n + k]!;
      expect(dot).toBeCloseTo(i === j ? 1 : 0, 12);
    }
  const w = melFilterbank({ sampleRate: 16_000, fftSize: 512, melBins: 10, lowHz: 20, highHz: 8000 });
  for (let m = 0; m < 10; m++) {
    const column = Array.from({ length: 257 }, (_, b) => w[b * 10 + m]!);
    expect(Math.max(...column)).toBeGreaterThan(0.5);
    expect(Math.max(...column)).toBeLessThanOrEqual(1);
  }
  expect(w[0]).toBe(0); // DC left out
});

it('rejects clips shorter than a window, non-finite samples and impossible bands', () => {
  expect(() => logMelSpectrogram(new Float32Array(100), { sampleRate: 16_000 })).toThrow(
    /100 samples, shorter than one 25 ms window \(400\)/,
  );
  expect(() =>
    logMelSpectrogram(Float32Array.of(...new Array(500).fill(0), Number.NaN), { sampleRate: 16_000 }),
  ).toThrow(DataShapeError);
  expect(() => logMelSpectrogram(tone(440, 0.1), { sampleRate: 16_000, highHz: 9000 })).toThrow(
    /highHz ≤ sampleRate\/2/,
  );
});
