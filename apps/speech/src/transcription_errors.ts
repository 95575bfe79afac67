import { type RateInterval, rateInterval } from '@mlrecipe/metrics';
import { createRng } from '@mlrecipe/tensor';
import { align } from './edit_distance.js';
import { SpeechInputError } from './errors.js';

/** Letter error rate: edit distance over reference letters, with a word-level bootstrap interval. */
export interface LetterErrorRate {
  readonly value: number;
  readonly low: number;
  readonly high: number;
  /** Substitutions + deletions + insertions, summed over words. */
  readonly errors: number;
  /** Reference letters. */
  readonly letters: number;
  readonly confidence: number;
}

/** Letter and word error rates of a set of transcripts, each with its interval. */
export interface TranscriptionErrors {
  readonly letterErrorRate: LetterErrorRate;
  /** Share of words not transcribed exactly: a binomial rate with its Wilson interval. */
  readonly wordErrorRate: RateInterval & { readonly errors: number };
  /** Each word's edit distance, in input order. */
  readonly distances: readonly number[];
}

/**
 * Letter error rate (LER = Σ edit distance / Σ reference letters) and word error rate (share of
 * words with any error). The WER interval is Wilson's; the LER interval is a seeded percentile
 * bootstrap that redraws whole words, because the letters of one word (one recording, one noise)
 * are not independent and a binomial interval over letters would be too narrow.
 *
 * @example
 * transcriptionErrors(['KING', 'ELM'], ['KINT', 'ELM']); // LER 1/7, WER 1/2
 */
export function transcriptionErrors(
  references: readonly string[],
  hypotheses: readonly string[],
  { confidence = 0.95, resamples = 2000, seed = 0 }: { confidence?: number; resamples?: number; seed?: number } = {},
): TranscriptionErrors {
  if (!Array.isArray(references) || !Array.isArray(hypotheses) || references.length !== hypotheses.length)
    throw new SpeechInputError(
      `transcriptionErrors: give one hypothesis per reference, got ${references?.length} references and ${hypotheses?.length} hypotheses`,
    );
  if (references.length === 0)
    throw new SpeechInputError('transcriptionErrors: no transcripts, got 0 references; pass at least one word');
  const empty = references.findIndex((r) => typeof r !== 'string' || r.length === 0);
  if (empty >= 0)
    throw new SpeechInputError(
      `transcriptionErrors: reference ${empty} is ${JSON.stringify(references[empty])}; every reference must be a non-empty string`,
    );
  if (!(confidence > 0 && confidence < 1))
    throw new SpeechInputError(`transcriptionErrors: confidence must be in (0, 1), got ${confidence}; e.g. 0.95`);
  if (!(Number.isInteger(resamples) && resamples >= 100))
    throw new SpeechInputError(`transcriptionErrors: resamples must be an integer ≥ 100, got ${resamples}`);
  const distances = references.map((r, i) => align(r, hypotheses[i]!).distance);
  const lengths = references.map((r) => r.length);
  const n = references.length;
  const errors = distances.reduce((s, d) => s + d, 0);
  const letters = lengths.reduce((s, l) => s + l, 0);
  const rng = createRng(seed).fork('letter-error-rate');
  const rates = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let e = 0;
    let l = 0;
    for (let k = 0; k < n; k++) {
      const w = rng.int(n);
      e += distances[w]!;
      l += lengths[w]!;
    }
    rates[r] = e / l;
  }
  rates.sort();
  const tail = (1 - confidence) / 2;
  const pick = (q: number) => rates[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))]!;
  const wrongWords = distances.filter((d) => d > 0).length;
  return {
    letterErrorRate: { value: errors / letters, low: pick(tail), high: pick(1 - tail), errors, letters, confidence },
    wordErrorRate: { ...rateInterval(wrongWords, n, { confidence }), errors: wrongWords },
    distances,
  };
}

/** Two transcribers' letter error rates on the same words: the difference A − B with a paired bootstrap interval. */
export interface LetterErrorDifference {
  readonly difference: number;
  readonly low: number;
  readonly high: number;
  /** The interval excludes 0: the words say which transcriber is better. */
  readonly distinguishable: boolean;
  readonly confidence: number;
}

/**
 * LER(A) − LER(B) on the same words, with a paired percentile bootstrap: each resample redraws
 * words and scores both transcripts of the drawn words, so what both get wrong cancels out.
 *
 * @example
 * letterErrorDifference(references, greedy, beam, { seed: 1 }); // { difference: 0.012, low: -0.004, high: 0.03, … }
 */
export function letterErrorDifference(
  references: readonly string[],
  a: readonly string[],
  b: readonly string[],
  { confidence = 0.95, resamples = 2000, seed = 0 }: { confidence?: number; resamples?: number; seed?: number } = {},
): LetterErrorDifference {
  const first = transcriptionErrors(references, a, { confidence, resamples: 100, seed });
  const second = transcriptionErrors(references, b, { confidence, resamples: 100, seed });
  const n = references.length;
  const lengths = references.map((r) => r.length);
  const rng = createRng(seed).fork('letter-error-difference');
  const differences = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let ea = 0;
    let eb = 0;
    let l = 0;
    for (let k = 0; k < n; k++) {
      const w = rng.int(n);
      ea += first.distances[w]!;
      eb += second.distances[w]!;
      l += lengths[w]!;
    }
    differences[r] = (ea - eb) / l;
  }
  differences.sort();
  const tail = (1 - confidence) / 2;
  const pick = (q: number) => differences[Math.round(q * (resamples - 1))]!;
  const [low, high] = [pick(tail), pick(1 - tail)];
  return {
    difference: first.letterErrorRate.value - second.letterErrorRate.value,
    low,
    high,
    distinguishable: low > 0 || high < 0,
    confidence,
  };
}
