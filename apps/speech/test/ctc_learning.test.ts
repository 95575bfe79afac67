import { createRng, tf, useBackend } from '@mlrecipe/tensor';
import { beforeAll, expect, it } from 'vitest';
import { createCtcModel } from '../src/ctc_model.js';
import { trainCtc } from '../src/ctc_training.js';
import { transcribe } from '../src/ctc_transcribe.js';
import { SpeechInputError } from '../src/errors.js';
import { transcriptionErrors } from '../src/transcription_errors.js';
import { labelText, type SequenceSet, WORD_MEL_BINS } from '../src/word_features.js';

beforeAll(async () => {
  await useBackend('wasm');
});

/**
 * Tiny spelled "words" without audio: letters A–D, each a band of 10 raised features held for 4–5
 * frames, with 1–2 frames of noise between letters; 2–3 letters per word. A seeded stand-in for
 * log-mel frames that a working CTC model must learn in a few epochs.
 */
function toyWords(count: number, seed: number): SequenceSet {
  const rng = createRng(seed);
  const frames: Float32Array[] = [];
  const labels: number[][] = [];
  for (let w = 0; w < count; w++) {
    const letters = Array.from({ length: 2 + rng.int(2) }, () => 1 + rng.int(4));
    const rows: number[][] = [];
    const noise = () => Array.from({ length: WORD_MEL_BINS }, () => rng.normal(0, 0.3));
    for (let k = 0; k < 1 + rng.int(2); k++) rows.push(noise());
    for (const letter of letters) {
      for (let k = 0; k < 4 + rng.int(2); k++)
        rows.push(noise().map((v, bin) => (Math.floor(bin / 10) === letter - 1 ? v + 2 : v)));
      for (let k = 0; k < 1 + rng.int(2); k++) rows.push(noise());
    }
    frames.push(Float32Array.from(rows.flat()));
    labels.push(letters);
  }
  return { frames, labels, texts: labels.map(labelText) };
}

it('learns tiny spelled words with CTC: held-out letter error far below chance, no tensor leaks', async () => {
  const before = tf.memory().numTensors;
  const model = createCtcModel({ features: WORD_MEL_BINS, filters: 16, units: 16, seed: 4 });
  const losses = await trainCtc(model, toyWords(96, 1), { epochs: 10, batchSize: 16, learningRate: 1e-2, seed: 2 });
  const heldOut = toyWords(40, 99);
  const greedy = transcribe(model, heldOut, { kind: 'greedy' });
  const beam = transcribe(model, heldOut, { kind: 'beam', beamWidth: 8 });
  model.dispose();
  expect(tf.memory().numTensors).toBe(before);
  expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! / 4);
  // Chance: an empty transcript has LER 1; guessing letters does no better.
  expect(transcriptionErrors(heldOut.texts, greedy).letterErrorRate.value).toBeLessThan(0.2);
  expect(transcriptionErrors(heldOut.texts, beam).letterErrorRate.value).toBeLessThan(0.2);
}, 300_000);

it('rejects bad training input with typed errors that say what to change, and leaks nothing', async () => {
  const before = tf.memory().numTensors;
  const model = createCtcModel({ features: WORD_MEL_BINS, filters: 4, units: 4, seed: 1 });
  const words = toyWords(4, 1);
  await expect(trainCtc(model, words, { epochs: 0, seed: 1 })).rejects.toThrow(
    'epochs must be a positive integer, got 0',
  );
  const short: SequenceSet = { frames: [new Float32Array(3 * WORD_MEL_BINS)], labels: [[1, 2, 3]], texts: ['ABC'] };
  await expect(trainCtc(model, short, { epochs: 1, seed: 1 })).rejects.toThrow(SpeechInputError);
  await expect(trainCtc(model, short, { epochs: 1, seed: 1 })).rejects.toThrow('has 3 frames, too few for 3 letters');
  expect(() => createCtcModel({ features: 0, seed: 1 })).toThrow('features must be a positive integer, got 0');
  model.dispose();
  expect(tf.memory().numTensors).toBe(before);
});
