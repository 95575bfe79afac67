// Spelled words as audio: letters synthesised (or recorded) one by one, trimmed, sped up or slowed
// down, and joined with pauses — how a driver spells a street name to a car GPS.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { mixNoise } from '@mlrecipe/regularizers';
import type { Rng } from '@mlrecipe/tensor';
import { decode, SAMPLE_RATE, synthesise, type Voice } from './audio_io.js';
import { normaliseRms } from './clip.js';
import { KLETTRES, LETTERS, randomVoice } from './dataset.js';
import { SpeechInputError } from './errors.js';

/** A spelled word as audio: its letters, the samples and error-analysis tags. */
export interface WordClip {
  readonly text: string;
  readonly samples: Float32Array;
  readonly tags: readonly string[];
}

/** Cuts the quiet lead-in and tail: keeps 10 ms frames from the first to the last above 2 % of the loudest frame's energy. */
export function trimSilence(signal: Float32Array): Float32Array {
  const hop = 160;
  const energies: number[] = [];
  for (let start = 0; start + hop <= signal.length; start += hop) {
    let e = 0;
    for (let i = start; i < start + hop; i++) e += signal[i]! * signal[i]!;
    energies.push(e);
  }
  const peak = Math.max(0, ...energies);
  const first = energies.findIndex((e) => e >= 0.02 * peak);
  let last = energies.length - 1;
  while (last > first && energies[last]! < 0.02 * peak) last--;
  if (peak === 0 || first < 0) return signal;
  return signal.slice(first * hop, (last + 1) * hop);
}

/** Plays a clip `factor` times faster (tape-style: pitch moves too) by linear interpolation. */
export function changeSpeed(signal: Float32Array, factor: number): Float32Array {
  if (!(factor > 0 && Number.isFinite(factor)))
    throw new SpeechInputError(`changeSpeed: factor must be a positive number, got ${factor}; 1 keeps the speed`);
  const out = new Float32Array(Math.max(1, Math.floor(signal.length / factor)));
  for (let i = 0; i < out.length; i++) {
    const x = i * factor;
    const k = Math.floor(x);
    const a = signal[k] ?? 0;
    const b = signal[k + 1] ?? a;
    out[i] = a + (x - k) * (b - a);
  }
  return out;
}

/** Joins letter clips with pauses of `pauseSeconds` (a [low, high] range) between them and a lead-in and tail of `edgeSeconds`. */
export function joinLetters(
  letters: readonly Float32Array[],
  rng: Rng,
  {
    pauseSeconds = [0.05, 0.3],
    edgeSeconds = [0.1, 0.3],
  }: { pauseSeconds?: [number, number]; edgeSeconds?: [number, number] } = {},
): Float32Array {
  const gap = ([low, high]: [number, number]) => Math.round(rng.uniform(low, high) * SAMPLE_RATE);
  const gaps = [gap(edgeSeconds), ...letters.slice(1).map(() => gap(pauseSeconds)), gap(edgeSeconds)];
  const total = letters.reduce((s, l) => s + l.length, 0) + gaps.reduce((s, g) => s + g, 0);
  const out = new Float32Array(total);
  let at = gaps[0]!;
  letters.forEach((letter, i) => {
    out.set(letter, at);
    at += letter.length + gaps[i + 1]!;
  });
  return out;
}

/**
 * Training words, SYNTHETIC: each word in one voice from a pool of `voiceCount` random voices
 * (espeak-ng accents and variants, flite), every letter synthesised alone (cached per voice and
 * letter), trimmed, sped up or slowed down by a factor in [0.8, 1.25], levelled, and joined with
 * pauses of 50–300 ms.
 */
export function synthesisedWords(
  words: readonly string[],
  { rng, voiceCount, cacheDir }: { rng: Rng; voiceCount: number; cacheDir: string },
): WordClip[] {
  const voices: Voice[] = Array.from({ length: voiceCount }, () => randomVoice(rng));
  const letterCache = new Map<string, Float32Array>();
  const letterIn = (letter: string, v: number) => {
    const key = `${v}:${letter}`;
    let clip = letterCache.get(key);
    if (clip === undefined) {
      clip = normaliseRms(trimSilence(synthesise(letter, voices[v]!, cacheDir)));
      letterCache.set(key, clip);
    }
    return clip;
  };
  return words.map((text) => {
    const v = rng.int(voices.length);
    const voice = voices[v]!;
    const letters = [...text].map((letter) => changeSpeed(letterIn(letter, v), rng.uniform(0.8, 1.25)));
    const accent = voice.engine === 'flite' ? `flite ${voice.voice}` : voice.voice.split('+')[0]!;
    return { text, samples: joinLetters(letters, rng), tags: [`voice: ${accent}`] };
  });
}

/** One klettres speaker's 26 real letter recordings, trimmed and levelled, keyed by letter. */
export function realLetterRecordings(speaker: 'en' | 'en_GB'): Map<string, Float32Array> {
  const dir = join(KLETTRES, speaker, 'alpha');
  if (!existsSync(dir)) throw new SpeechInputError(`${dir} is missing: apt-get install -y klettres-data`);
  return new Map(
    LETTERS.map((letter) => {
      const path = [`${letter}.ogg`, `${letter.toLowerCase()}.ogg`].map((f) => join(dir, f)).find(existsSync);
      if (path === undefined)
        throw new SpeechInputError(`${dir} has no recording of ${letter}: reinstall klettres-data`);
      return [letter, normaliseRms(trimSilence(decode(path)))];
    }),
  );
}

/** Words spelled with one real speaker's letter recordings, joined with random pauses. REAL speech, joined by us. */
export function realWords(words: readonly string[], recordings: Map<string, Float32Array>, rng: Rng): WordClip[] {
  return words.map((text) => ({
    text,
    samples: joinLetters(
      [...text].map((letter) => recordings.get(letter)!),
      rng,
    ),
    tags: ['voice: real'],
  }));
}

/** Each word mixed with a noise from `noises` (looped as needed) at an SNR drawn from `snrDb`. */
export function wordsInCar(
  words: readonly WordClip[],
  { noises, name, snrDb, rng }: { noises: Float32Array[]; name: string; snrDb: [number, number]; rng: Rng },
): WordClip[] {
  const mix = mixNoise({ snrDb, noisePool: noises, maxReuse: Number.POSITIVE_INFINITY });
  return words.map((word) => ({
    ...word,
    samples: mix([word.samples], rng)[0]!,
    tags: [...word.tags, `noise: ${name}`],
  }));
}
