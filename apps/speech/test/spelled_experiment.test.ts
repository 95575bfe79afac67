import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf, useBackend } from '@mlrecipe/tensor';
import { systemResource } from '@mlrecipe/tensor/testing';
import { expect, it } from 'vitest';
import { ENGINE_RECORDING, KLETTRES } from '../src/dataset.js';
import { runSpelledWords } from '../src/spelled_experiment.js';
import { STREET_NAMES } from '../src/street_words.js';
import { transcriptionErrors } from '../src/transcription_errors.js';

const tools =
  systemResource('/usr/bin/sox', 'sox libsox-fmt-all', 'speech app') &&
  systemResource('/usr/bin/espeak-ng', 'espeak-ng', 'speech app') &&
  systemResource('/usr/bin/flite', 'flite', 'speech app') &&
  systemResource(KLETTRES, 'klettres-data', 'speech app') &&
  systemResource(ENGINE_RECORDING, 'stormbaancoureur-data', 'speech app');

it.runIf(tools)(
  'spelled words end to end at tiny size: real dev/test street names, every figure with its interval, the choice by dev letter error, no leaks',
  async () => {
    await useBackend('wasm');
    const before = tf.memory().numTensors;
    // A stand-in for the letter CNN: it calls every cut-out window "E", so its transcripts are E's, one per window.
    const windowsSeen: number[] = [];
    const w = await runSpelledWords({
      words: 40,
      epochs: 2,
      seed: 5,
      humanLevel: 0.05,
      cacheDir: join(tmpdir(), 'mlrecipe-speech-test-cache'),
      voices: 4,
      passes: 1,
      latencyMs: 1e9,
      letterClassifier: (windows) => {
        windowsSeen.push(windows.length);
        return new Int32Array(windows.length).fill(4);
      },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(w.sizes).toEqual({ train: 34, trainDev: 6, dev: STREET_NAMES.length, test: STREET_NAMES.length });
    expect(w.examples[0]!.reference).toBe('ELM');
    expect(w.lossHistory).toHaveLength(2);
    const baseline = w.transcribers.find((t) => t.name.includes('baseline'))!;
    expect(baseline.devTranscripts.every((t) => /^E*$/.test(t))).toBe(true);
    expect(baseline.dev).toEqual(transcriptionErrors(STREET_NAMES, baseline.devTranscripts, { seed: 5 }));
    expect(windowsSeen.length).toBeGreaterThan(2 * STREET_NAMES.length);
    // The choice: the lowest dev letter error among the three (no latency bound binds at 1e9 ms).
    const lowest = Math.min(...w.transcribers.map((t) => t.dev.letterErrorRate.value));
    expect(w.transcribers).toHaveLength(3);
    expect(w.transcribers.find((t) => t.name === w.selection.best!.name)!.dev.letterErrorRate.value).toBe(lowest);
    for (const split of Object.values(w.splits)) {
      expect(split.wordErrorRate.low).toBeLessThanOrEqual(split.wordErrorRate.value);
      expect(split.wordErrorRate.value).toBeLessThanOrEqual(split.wordErrorRate.high);
      expect(split.letterErrorRate.low).toBeLessThanOrEqual(split.letterErrorRate.high);
    }
    expect([w.splits.train.wordErrorRate.n, w.splits.trainDev.wordErrorRate.n]).toEqual([34, 6]);
    // Human level per word from 5 % per letter over the street names' mean length.
    const meanLength = STREET_NAMES.join('').length / STREET_NAMES.length;
    expect(w.wordHumanLevel).toBeCloseTo(1 - 0.95 ** meanLength, 12);
    expect(w.diagnosis.dataMismatch).toBeCloseTo(
      w.splits.dev.wordErrorRate.value - w.splits.trainDev.wordErrorRate.value,
      12,
    );
    expect(w.bestVsRunnerUp).not.toBeNull();
  },
  600_000,
);
