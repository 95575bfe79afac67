import { logMelSpectrogram, Standardizer } from '@mlrecipe/data';
import { SAMPLE_RATE } from './audio_io.js';
import { LETTERS } from './dataset.js';
import type { WordClip } from './spelled_words.js';

/** Log-mel bands per frame of the spelled-word model. */
export const WORD_MEL_BINS = 40;

/** Spelled words as the CTC model reads them: standardised frames and letter labels (A = 1 … Z = 26). */
export interface SequenceSet {
  /** One row-major [frames, 40] matrix per word. */
  readonly frames: readonly Float32Array[];
  readonly labels: readonly (readonly number[])[];
  readonly texts: readonly string[];
}

/** Log-mel frames of one word: 40 ms windows every 30 ms (coarser than the letter CNN's 10 ms: words are long, and the recurrent part runs step by step). */
export function wordFrames(samples: Float32Array): Float32Array {
  return logMelSpectrogram(samples, { sampleRate: SAMPLE_RATE, melBins: WORD_MEL_BINS, frameMs: 40, hopMs: 30 }).values;
}

/** Letters → class indices, with 0 left for the CTC blank. */
export const letterLabels = (text: string): number[] => [...text].map((letter) => LETTERS.indexOf(letter) + 1);

/** Class indices → letters. */
export const labelText = (labels: readonly number[]): string => labels.map((c) => LETTERS[c - 1] ?? '?').join('');

/** A standardiser of each band fitted on the training words' frames only. */
export function fitFrameScaler(frames: readonly Float32Array[]) {
  const total = frames.reduce((s, f) => s + f.length, 0);
  const all = new Float32Array(total);
  let at = 0;
  for (const f of frames) {
    all.set(f, at);
    at += f.length;
  }
  return new Standardizer().fit({ values: all, shape: [total / WORD_MEL_BINS, WORD_MEL_BINS] });
}

/** Frames and labels of `words`, standardised by `scaler` (fitted on train). */
export function sequenceSet(
  words: readonly WordClip[],
  frames: readonly Float32Array[],
  scaler: ReturnType<typeof fitFrameScaler>,
): SequenceSet {
  return {
    frames: frames.map((f) =>
      Float32Array.from(scaler.transform({ values: f, shape: [f.length / WORD_MEL_BINS, WORD_MEL_BINS] })),
    ),
    labels: words.map((w) => letterLabels(w.text)),
    texts: words.map((w) => w.text),
  };
}
