import { createRng } from '@mlrecipe/tensor';
import { type Clip, engineRecording, inCar, noiseBank, realLetters, sourceClips } from './dataset.js';
import { disposeIteration, runCondition } from './experiment.js';

export interface LessonOptions {
  perLetter: number;
  epochs: number;
  seed: number;
  humanLevel: number;
  cacheDir: string;
  /** 'auto' (a progress bar on a terminal) or 'none'. */
  progress?: 'auto' | 'none';
  /** Noise realisations in the training bank (condition B). */
  bankSize?: number;
  onProgress?: (line: string) => void;
}

type Run = Awaited<ReturnType<typeof runCondition>>;

export interface Lessons {
  readonly clean: Run;
  readonly single: Run;
  readonly bank: Run;
  /** The clips of each part, for checking what went where. */
  readonly sets: { readonly source: readonly Clip[]; readonly dev: readonly Clip[]; readonly test: readonly Clip[] };
  readonly sizes: { readonly train: number; readonly dev: number; readonly test: number };
}

/**
 * The three trainings behind the two lessons, all measured on real letters in car noise never heard
 * in training: clean synthetic speech (data mismatch), speech mixed with one looped noise clip
 * (condition A) and with a bank of many noise realisations (condition B: artificial data synthesis).
 */
export async function runLessons(o: LessonOptions): Promise<Lessons> {
  const say = o.onProgress ?? (() => {});
  const source = sourceClips({
    perLetter: o.perLetter,
    seed: o.seed,
    cacheDir: o.cacheDir,
    onProgress: (d, t) => say(`synthesising speech: ${d}/${t}`),
  });
  const rng = createRng(o.seed).fork('lessons');
  const silence = Array.from({ length: 8 }, () => ({ samples: new Float32Array(16_000), label: 27 }));
  // Dev and test: real recordings (one speaker each), noise realisations held out from training,
  // and the one real engine recording.
  const engine = { name: 'real engine recording', noises: [engineRecording()] };
  const dev = inCar(
    [...realLetters('en'), ...silence],
    [{ name: 'parametric car (held out)', noises: noiseBank(20, 3, 'dev', o.seed) }, engine],
    4,
    rng.fork('dev'),
  );
  const test = inCar(
    [...realLetters('en_GB'), ...silence],
    [{ name: 'parametric car (held out)', noises: noiseBank(20, 3, 'test', o.seed) }, engine],
    4,
    rng.fork('test'),
  );
  // Condition A: one short clip looped under everything — as 1 hour of car noise under 10,000 hours
  // of speech is 1/10,000 of it, this 0.1 s under ~1,200 s of speech is about 1/12,000.
  const oneClip = noiseBank(1, 0.1, 'single', o.seed);
  const bank = noiseBank(o.bankSize ?? 200, 2, 'bank', o.seed);
  const conditions = {
    clean: source,
    single: inCar(source, [{ name: 'one looped 0.1 s clip', noises: oneClip }], 1, rng.fork('single')),
    bank: inCar(source, [{ name: `bank of ${bank.length} realisations`, noises: bank }], 1, rng.fork('bank')),
  };
  const results: Partial<Record<keyof typeof conditions, Run>> = {};
  for (const [name, train] of Object.entries(conditions) as [keyof typeof conditions, typeof source][]) {
    say(
      `training on ${name === 'clean' ? 'clean synthetic speech' : name === 'single' ? 'speech + one looped noise clip (A)' : 'speech + a noise bank (B)'}…`,
    );
    results[name] = await runCondition(
      `Spelled letters in a car: ${name}`,
      { train, dev, test },
      { seed: o.seed, epochs: o.epochs, humanLevel: o.humanLevel, progress: o.progress ?? 'auto' },
    );
  }
  return {
    clean: results.clean!,
    single: results.single!,
    bank: results.bank!,
    sets: { source, dev, test },
    sizes: { train: source.length, dev: dev.length, test: test.length },
  };
}

export function disposeLessons(l: Lessons): void {
  for (const it of [l.clean, l.single, l.bank]) disposeIteration(it);
}
