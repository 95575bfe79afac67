import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { mixNoise } from '@mlrecipe/regularizers';
import { createRng, type Rng } from '@mlrecipe/tensor';
import { decode, SAMPLE_RATE, synthesise, type Voice } from './audio_io.js';
import { carNoise } from './car_noise.js';
import { centreOnSpeech, normaliseRms } from './clip.js';

export const LETTERS = Array.from({ length: 26 }, (_, i) => String.fromCharCode(65 + i));
export const CLASSES = [...LETTERS, 'unknown', 'silence'];
const UNKNOWN_WORDS = ['street', 'north', 'hello', 'stop', 'radio', 'home', 'yes', 'turn', 'okay', 'seven'];
const ACCENTS = ['en-us', 'en-gb', 'en-gb-scotland', 'en-gb-x-rp', 'en-gb-x-gbclan', 'en-gb-x-gbcwmd'];
const VARIANTS = ['m1', 'm3', 'm5', 'm7', 'f1', 'f2', 'f4'];
const FLITE = ['kal', 'awb', 'rms', 'slt'];
export const KLETTRES = '/usr/share/klettres';
export const ENGINE_RECORDING = '/usr/share/games/stormbaancoureur/sounds/camaro_s16_le.wav';

export interface Clip {
  readonly samples: Float32Array;
  readonly label: number;
  /** Error-analysis tags: voice, accent, noise type, SNR bucket. */
  readonly tags: readonly string[];
}

/** A random synthetic voice: 80 % espeak-ng (accent, variant, speed, pitch), 20 % one of flite's voices. */
export function randomVoice(rng: Rng): Voice {
  if (rng.uniform() < 0.2) return { engine: 'flite', voice: FLITE[rng.int(FLITE.length)]!, speed: 0, pitch: 0 };
  return {
    engine: 'espeak-ng',
    voice: `${ACCENTS[rng.int(ACCENTS.length)]}+${VARIANTS[rng.int(VARIANTS.length)]}`,
    speed: Math.round(rng.uniform(120, 190)),
    pitch: Math.round(rng.uniform(25, 75)),
  };
}

const quietRoom = (rng: Rng) => Float32Array.from({ length: SAMPLE_RATE }, () => rng.normal(0, 0.003));

/**
 * General speech (the source): every letter `perLetter` times in random synthetic voices (espeak-ng
 * accents and variants, flite voices), plus unknown words and silence. SYNTHETIC speech.
 */
export function sourceClips({
  perLetter,
  seed,
  cacheDir,
  onProgress,
}: {
  perLetter: number;
  seed: number;
  cacheDir: string;
  onProgress?: (done: number, total: number) => void;
}): Clip[] {
  const rng = createRng(seed).fork('source');
  const jobs: { text: string; label: number }[] = [
    ...LETTERS.flatMap((letter, label) => Array.from({ length: perLetter }, () => ({ text: letter, label }))),
    ...Array.from({ length: perLetter * 2 }, (_, i) => ({ text: UNKNOWN_WORDS[i % UNKNOWN_WORDS.length]!, label: 26 })),
  ];
  const clips: Clip[] = [];
  jobs.forEach((job, i) => {
    const voice = randomVoice(rng);
    const speech = normaliseRms(centreOnSpeech(synthesise(job.text, voice, cacheDir)));
    const accent = voice.engine === 'flite' ? `flite ${voice.voice}` : voice.voice.split('+')[0]!;
    clips.push({ samples: speech, label: job.label, tags: [`voice: ${accent}`, `engine: ${voice.engine}`] });
    if ((i + 1) % 100 === 0) onProgress?.(i + 1, jobs.length);
  });
  for (let i = 0; i < perLetter * 2; i++) clips.push({ samples: quietRoom(rng), label: 27, tags: ['voice: none'] });
  return clips;
}

/** The real recordings of spelled letters of one klettres speaker ('en' or 'en_GB'), one second each. */
export function realLetters(speaker: 'en' | 'en_GB'): { samples: Float32Array; label: number }[] {
  const dir = join(KLETTRES, speaker, 'alpha');
  if (!existsSync(dir)) throw new Error(`${dir} is missing: apt-get install -y klettres-data`);
  // The en speaker's files are A.ogg…, the en_GB speaker's a.ogg….
  const file = (letter: string) =>
    [`${letter}.ogg`, `${letter.toLowerCase()}.ogg`].map((f) => join(dir, f)).find(existsSync);
  return LETTERS.map((letter, label) => {
    const path = file(letter);
    if (path === undefined) throw new Error(`${dir} has no recording of ${letter}: reinstall klettres-data`);
    return { samples: normaliseRms(centreOnSpeech(decode(path))), label };
  });
}

/** Noise realisations: parametric car noise drawn from `name`'s generator (disjoint names, disjoint noise). */
export function noiseBank(count: number, seconds: number, name: string, seed: number): Float32Array[] {
  const rng = createRng(seed).fork(`noise-${name}`);
  return Array.from({ length: count }, () => carNoise(rng, seconds).samples);
}

/** The one real engine recording, at unit power. */
export function engineRecording(): Float32Array {
  if (!existsSync(ENGINE_RECORDING))
    throw new Error(`${ENGINE_RECORDING} is missing: apt-get install -y stormbaancoureur-data`);
  const samples = decode(ENGINE_RECORDING);
  let power = 0;
  for (const v of samples) power += v * v;
  const scale = 1 / Math.sqrt(power / samples.length);
  return samples.map((v) => v * scale);
}

const snrBucket = (snr: number) =>
  snr < 0 ? 'SNR < 0 dB' : snr < 5 ? 'SNR 0–5 dB' : snr < 10 ? 'SNR 5–10 dB' : 'SNR ≥ 10 dB';

/**
 * In-car versions of clips: each mixed `copies` times with a noise from `pool` at an SNR drawn from
 * −5 to +15 dB (regularizers' mixNoise); silence clips get the noise alone.
 */
export function inCar(
  clips: readonly { samples: Float32Array; label: number; tags?: readonly string[] }[],
  pool: { name: string; noises: Float32Array[] }[],
  copies: number,
  rng: Rng,
): Clip[] {
  const out: Clip[] = [];
  for (let c = 0; c < copies; c++) {
    for (const clip of clips) {
      const source = pool[rng.int(pool.length)]!;
      if (clip.label === 27) {
        // Silence in a car is the car: noise alone at a speech-like level.
        const noise = source.noises[rng.int(source.noises.length)]!;
        const start = rng.int(noise.length);
        const level = rng.uniform(0.02, 0.1);
        out.push({
          samples: Float32Array.from(clip.samples, (_, i) => level * noise[(start + i) % noise.length]!),
          label: 27,
          tags: [`noise: ${source.name}`],
        });
        continue;
      }
      const snr = rng.uniform(-5, 15);
      const [mixed] = mixNoise({ snrDb: snr, noisePool: source.noises, maxReuse: Number.POSITIVE_INFINITY })(
        [clip.samples],
        rng,
      );
      out.push({
        samples: mixed!,
        label: clip.label,
        tags: [...(clip.tags ?? []), `noise: ${source.name}`, snrBucket(snr)],
      });
    }
  }
  return out;
}
