// Spelled words end to end: synthesise training words, build real dev/test words, train the CTC
// model, transcribe every split, and measure what the recipe needs (error rates with intervals,
// the diagnosis, confusable letters, the choice between transcribers under a latency bound).
import { type Diagnosis, diagnose } from '@mlrecipe/diagnostics';
import { type Candidate, measureLatency, type Selection, selectModel } from '@mlrecipe/metrics';
import { createRng } from '@mlrecipe/tensor';
import { type ConfusionRow, confusableLetters } from './confusable_letters.js';
import { createCtcModel } from './ctc_model.js';
import { trainCtc } from './ctc_training.js';
import { type CtcDecoding, transcribe } from './ctc_transcribe.js';
import { CLASSES, engineRecording, noiseBank } from './dataset.js';
import { letterWindows } from './letter_segments.js';
import { realLetterRecordings, realWords, synthesisedWords, type WordClip, wordsInCar } from './spelled_words.js';
import { STREET_NAMES, streetLikeWord } from './street_words.js';
import {
  type LetterErrorDifference,
  letterErrorDifference,
  type TranscriptionErrors,
  transcriptionErrors,
} from './transcription_errors.js';
import { fitFrameScaler, type SequenceSet, sequenceSet, WORD_MEL_BINS, wordFrames } from './word_features.js';

/** Options of `runSpelledWords`. */
export interface SpelledWordsOptions {
  /** Synthetic training words (15 % of them become train-dev). */
  readonly words: number;
  readonly epochs: number;
  readonly seed: number;
  /** Human-level error per letter; the word-level figure follows from the mean word length. */
  readonly humanLevel: number;
  readonly cacheDir: string;
  /** Synthetic voices the training words are spoken in. Default 16. */
  readonly voices?: number;
  /** Times each street name is spelled in dev and in test (new pauses and noise each time). Default 2. */
  readonly passes?: number;
  /** The latency bound per word for the model choice, in ms. */
  readonly latencyMs: number;
  /** The single-letter CNN (trained on letters), as a function of one-second windows: the baseline. */
  readonly letterClassifier?: (windows: readonly Float32Array[]) => Int32Array;
  readonly learningRate?: number;
  readonly onProgress?: (line: string) => void;
}

/** A transcriber's errors on each split it was run on. */
export interface TranscriberResult {
  readonly name: string;
  readonly dev: TranscriptionErrors;
  readonly test: TranscriptionErrors;
  readonly devTranscripts: readonly string[];
  /** Median ms per word (one dev word of median length, 5 timed runs). */
  readonly latencyMs: number;
}

/** What `runSpelledWords` measured. */
export interface SpelledWords {
  readonly sizes: { readonly train: number; readonly trainDev: number; readonly dev: number; readonly test: number };
  readonly lossHistory: readonly number[];
  /** The chosen CTC decoding's errors on the train sample, train-dev, dev and test. */
  readonly splits: {
    readonly train: TranscriptionErrors;
    readonly trainDev: TranscriptionErrors;
    readonly dev: TranscriptionErrors;
    readonly test: TranscriptionErrors;
  };
  readonly transcribers: readonly TranscriberResult[];
  readonly selection: Selection;
  /** Best vs runner-up letter error rate on the same dev words. */
  readonly bestVsRunnerUp: LetterErrorDifference | null;
  /** Word-error diagnosis of the chosen CTC decoding (word errors are binomial: intervals hold). */
  readonly diagnosis: Diagnosis;
  readonly wordHumanLevel: number;
  /** Dev error analysis of the chosen transcriber by confusable letters. */
  readonly confusions: { readonly pairs: readonly ConfusionRow[]; readonly groups: readonly ConfusionRow[] };
  readonly examples: readonly { readonly reference: string; readonly transcript: string }[];
}

const SNR_DB: [number, number] = [0, 20];

/**
 * Spelled street names in a car: a conv + bidirectional GRU model trained with CTC on SYNTHETIC
 * spelled words (letters synthesised one by one, speed varied, pauses between them, a bank of car
 * noise at 0–20 dB SNR), tested on REAL letters (klettres: one speaker for dev, another for test)
 * joined into street names in held-out car noise.
 */
export async function runSpelledWords(o: SpelledWordsOptions): Promise<SpelledWords> {
  const say = o.onProgress ?? (() => {});
  const rng = createRng(o.seed).fork('spelled-words');
  const wordRng = rng.fork('words');
  const texts = Array.from({ length: o.words }, () => streetLikeWord(wordRng));
  say(`synthesising ${o.words} spelled words letter by letter…`);
  const clean = synthesisedWords(texts, {
    rng: rng.fork('synthesis'),
    voiceCount: o.voices ?? 16,
    cacheDir: o.cacheDir,
  });
  const bank = noiseBank(100, 2, 'word-bank', o.seed);
  const synthetic = wordsInCar(clean, { noises: bank, name: 'bank', snrDb: SNR_DB, rng: rng.fork('mix') });
  const order = rng.fork('train-dev').permutation(synthetic.length);
  const trainDevCount = Math.round(0.15 * synthetic.length);
  const trainWords = Array.from(order.subarray(trainDevCount), (r) => synthetic[r]!);
  const trainDevWords = Array.from(order.subarray(0, trainDevCount), (r) => synthetic[r]!);
  const engine = engineRecording();
  const realSplit = (speaker: 'en' | 'en_GB', name: 'dev' | 'test') => {
    const names = Array.from({ length: o.passes ?? 2 }, () => STREET_NAMES).flat();
    const spoken = realWords(names, realLetterRecordings(speaker), rng.fork(`${name}-pauses`));
    const held = noiseBank(20, 3, name, o.seed);
    return wordsInCar(spoken, {
      noises: [...held, engine],
      name: 'held-out car',
      snrDb: SNR_DB,
      rng: rng.fork(`${name}-mix`),
    });
  };
  const devWords = realSplit('en', 'dev');
  const testWords = realSplit('en_GB', 'test');

  const frames = (words: readonly WordClip[]) => words.map((w) => wordFrames(w.samples));
  const trainFrames = frames(trainWords);
  const scaler = fitFrameScaler(trainFrames);
  const sets = {
    train: sequenceSet(trainWords, trainFrames, scaler),
    trainDev: sequenceSet(trainDevWords, frames(trainDevWords), scaler),
    dev: sequenceSet(devWords, frames(devWords), scaler),
    test: sequenceSet(testWords, frames(testWords), scaler),
  };
  const model = createCtcModel({ features: WORD_MEL_BINS, seed: o.seed });
  try {
    say(`training the CTC model on ${trainWords.length} words (${o.epochs} epochs)…`);
    const lossHistory = await trainCtc(model, sets.train, {
      epochs: o.epochs,
      seed: o.seed,
      learningRate: o.learningRate ?? 6e-3,
      onEpoch: (epoch, loss) => say(`  epoch ${epoch}: CTC loss ${loss.toFixed(3)}`),
    });
    const errorsOf = (set: SequenceSet, transcripts: readonly string[]) =>
      transcriptionErrors(set.texts, transcripts, { seed: o.seed });
    const typicalDev = medianWord(sets.dev);
    const ctcTranscriber = async (name: string, decoding: CtcDecoding): Promise<TranscriberResult> => {
      const dev = transcribe(model, sets.dev, decoding);
      const latency = await measureLatency(() => transcribe(model, typicalDev, decoding), { warmup: 1, runs: 5 });
      return {
        name,
        dev: errorsOf(sets.dev, dev),
        test: errorsOf(sets.test, transcribe(model, sets.test, decoding)),
        devTranscripts: dev,
        latencyMs: latency.p50Ms,
      };
    };
    const transcribers: TranscriberResult[] = [
      await ctcTranscriber('CTC, greedy decoding', { kind: 'greedy' }),
      await ctcTranscriber('CTC, beam search (width 16)', { kind: 'beam', beamWidth: 16 }),
    ];
    if (o.letterClassifier) {
      const classify = o.letterClassifier;
      const spell = (word: WordClip) =>
        Array.from(classify(letterWindows(word.samples)), (c) => (c < 26 ? CLASSES[c]! : '')).join('');
      const typical = devWords[devWords.findIndex((w) => w.text === typicalDev.texts[0])]!;
      const latency = await measureLatency(() => spell(typical), { warmup: 1, runs: 5 });
      const dev = devWords.map(spell);
      transcribers.push({
        name: 'letter CNN on energy-cut letters (baseline)',
        dev: errorsOf(sets.dev, dev),
        test: errorsOf(sets.test, testWords.map(spell)),
        devTranscripts: dev,
        latencyMs: latency.p50Ms,
      });
    }
    const candidates: Candidate[] = transcribers.map((t) => ({
      name: t.name,
      metrics: { devLetterErrorRate: t.dev.letterErrorRate.value, latencyMs: t.latencyMs },
    }));
    const selection = selectModel(candidates, {
      optimize: { metric: 'devLetterErrorRate', goal: 'min' },
      satisfice: [{ metric: 'latencyMs', max: o.latencyMs }],
    });
    const chosen = transcribers.find((t) => t.name === selection.best?.name) ?? transcribers[0]!;
    const [first, second] = selection.ranking;
    const transcriptsOf = (name: string) => transcribers.find((t) => t.name === name)!.devTranscripts;
    const bestVsRunnerUp =
      first && second
        ? letterErrorDifference(sets.dev.texts, transcriptsOf(first.name), transcriptsOf(second.name), { seed: o.seed })
        : null;
    // The diagnosis is of the CTC model: its best decoding (by dev LER) on every split.
    const ctcDecoding: CtcDecoding =
      transcribers[1]!.dev.letterErrorRate.value < transcribers[0]!.dev.letterErrorRate.value
        ? { kind: 'beam', beamWidth: 16 }
        : { kind: 'greedy' };
    const ctcIndex = ctcDecoding.kind === 'beam' ? 1 : 0;
    const trainSample = subset(sets.train, 300, o.seed);
    const splits = {
      train: errorsOf(trainSample, transcribe(model, trainSample, ctcDecoding)),
      trainDev: errorsOf(sets.trainDev, transcribe(model, sets.trainDev, ctcDecoding)),
      dev: transcribers[ctcIndex]!.dev,
      test: transcribers[ctcIndex]!.test,
    };
    const meanLength = sets.dev.texts.reduce((s, t) => s + t.length, 0) / sets.dev.texts.length;
    // A word is right only if every letter is: 1 − (1 − per-letter human error)^(mean letters per word).
    const wordHumanLevel = 1 - (1 - o.humanLevel) ** meanLength;
    const measure = (e: TranscriptionErrors) => ({ errors: e.wordErrorRate.errors, n: e.wordErrorRate.n });
    const diagnosis = diagnose({
      humanLevel: wordHumanLevel,
      train: measure(splits.train),
      trainDev: measure(splits.trainDev),
      dev: measure(splits.dev),
      test: measure(splits.test),
    });
    return {
      sizes: {
        train: trainWords.length,
        trainDev: trainDevWords.length,
        dev: devWords.length,
        test: testWords.length,
      },
      lossHistory,
      splits,
      transcribers,
      selection,
      bestVsRunnerUp,
      diagnosis,
      wordHumanLevel,
      confusions: confusableLetters(sets.dev.texts, chosen.devTranscripts),
      examples: sets.dev.texts
        .slice(0, 8)
        .map((reference, i) => ({ reference, transcript: chosen.devTranscripts[i]! })),
    };
  } finally {
    model.dispose();
  }
}

/** The word of median length in `set`, as a set of one (what a latency is measured on). */
function medianWord(set: SequenceSet): SequenceSet {
  const order = set.frames.map((_, i) => i).sort((a, b) => set.frames[a]!.length - set.frames[b]!.length);
  const i = order[Math.floor(order.length / 2)]!;
  return { frames: [set.frames[i]!], labels: [set.labels[i]!], texts: [set.texts[i]!] };
}

/** A seeded sample of at most `count` words (the train error is read on a sample, as pipeline's train does). */
function subset(set: SequenceSet, count: number, seed: number): SequenceSet {
  const rows = Array.from(createRng(seed).fork('train-sample').permutation(set.frames.length).subarray(0, count));
  return {
    frames: rows.map((r) => set.frames[r]!),
    labels: rows.map((r) => set.labels[r]!),
    texts: rows.map((r) => set.texts[r]!),
  };
}
