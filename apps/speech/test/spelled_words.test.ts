import { createRng } from '@mlrecipe/tensor/rng';
import { systemResource } from '@mlrecipe/tensor/testing';
import { expect, it } from 'vitest';
import { SAMPLE_RATE } from '../src/audio_io.js';
import { KLETTRES } from '../src/dataset.js';
import { SpeechInputError } from '../src/errors.js';
import { letterWindows } from '../src/letter_segments.js';
import { changeSpeed, joinLetters, realLetterRecordings, realWords, trimSilence } from '../src/spelled_words.js';
import { STREET_NAMES, streetLikeWord } from '../src/street_words.js';

const klettres =
  systemResource('/usr/bin/sox', 'sox libsox-fmt-all', 'speech app') &&
  systemResource(KLETTRES, 'klettres-data', 'speech app');

const tone = (seconds: number, hz = 440) =>
  Float32Array.from(
    { length: Math.round(seconds * SAMPLE_RATE) },
    (_, i) => 0.3 * Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE),
  );

it('training words are street-name-like: 3–8 capital letters, every letter of the alphabet drawn', () => {
  const rng = createRng(7);
  const words = Array.from({ length: 2000 }, () => streetLikeWord(rng));
  expect(words.every((w) => /^[A-Z]{3,8}$/.test(w))).toBe(true);
  expect(new Set(words.map((w) => w.length))).toEqual(new Set([3, 4, 5, 6, 7, 8]));
  expect(new Set(words.join(''))).toEqual(new Set('ABCDEFGHIJKLMNOPQRSTUVWXYZ'));
  expect(() => streetLikeWord(rng, { minLetters: 5, maxLetters: 4 })).toThrow(SpeechInputError);
});

it('dev and test street names are 3–8 letters, cover the alphabet, and are not training words by construction', () => {
  expect(STREET_NAMES.every((w) => /^[A-Z]{3,8}$/.test(w))).toBe(true);
  expect(new Set(STREET_NAMES.join(''))).toEqual(new Set('ABCDEFGHIJKLMNOPQRSTUVWXYZ'));
  expect(new Set(STREET_NAMES).size).toBe(STREET_NAMES.length);
});

it('changes speed by linear interpolation: n/f samples, values between neighbours', () => {
  const ramp = Float32Array.from({ length: 100 }, (_, i) => i);
  const faster = changeSpeed(ramp, 1.25);
  expect(faster).toHaveLength(80);
  // On a ramp, linear interpolation is exact: sample i of the faster clip is 1.25·i.
  faster.forEach((v, i) => {
    expect(v).toBeCloseTo(1.25 * i, 4);
  });
  expect(changeSpeed(ramp, 0.5)).toHaveLength(200);
  expect(() => changeSpeed(ramp, 0)).toThrow('factor must be a positive number, got 0');
});

it('joins letters with pauses and edges in the requested ranges, letters in order and untouched', () => {
  const a = tone(0.2);
  const b = tone(0.3, 660);
  const joined = joinLetters([a, b], createRng(1), { pauseSeconds: [0.1, 0.1], edgeSeconds: [0.05, 0.05] });
  expect(joined).toHaveLength(a.length + b.length + 0.2 * SAMPLE_RATE);
  expect(joined.subarray(800, 800 + a.length)).toEqual(a);
  expect(joined.subarray(800 + a.length + 1600, 800 + a.length + 1600 + b.length)).toEqual(b);
});

it('trims quiet lead-in and tail to the 10 ms frames around the sound', () => {
  const signal = new Float32Array(SAMPLE_RATE);
  signal.set(tone(0.25), 4000);
  const trimmed = trimSilence(signal);
  expect(trimmed).toHaveLength(0.25 * SAMPLE_RATE);
});

it('the baseline finds one window per letter when pauses are clear, each centred on its letter', () => {
  const rng = createRng(3);
  const letters = [tone(0.25), tone(0.3, 600), tone(0.2, 800)];
  const word = joinLetters(letters, rng, { pauseSeconds: [0.2, 0.2], edgeSeconds: [0.3, 0.3] });
  const noisy = Float32Array.from(word, (v) => v + rng.normal(0, 0.003));
  const windows = letterWindows(noisy);
  expect(windows).toHaveLength(3);
  // The second letter (600 Hz, 0.3 s) sits in the middle of the second window.
  const middle = windows[1]!.subarray(SAMPLE_RATE / 2 - 800, SAMPLE_RATE / 2 + 800);
  expect(Math.max(...middle)).toBeGreaterThan(0.25);
});

it.runIf(klettres)('real words are one real speaker’s letter recordings joined in order', () => {
  const recordings = realLetterRecordings('en');
  expect(recordings.size).toBe(26);
  const [word] = realWords(['OAK'], recordings, createRng(2));
  const o = recordings.get('O')!;
  const k = recordings.get('K')!;
  expect(word!.text).toBe('OAK');
  expect(word!.samples.length).toBeGreaterThan(o.length + recordings.get('A')!.length + k.length);
  // The last letter ends where the tail of silence begins.
  let tailStart = word!.samples.length;
  while (word!.samples[tailStart - 1] === 0) tailStart--;
  expect(Array.from(word!.samples.subarray(tailStart - k.length, tailStart))).toEqual(Array.from(k));
});
