import { ctcBeamDecode, ctcGreedyDecode } from '@mlrecipe/nn';
import { tf, useBackend } from '@mlrecipe/tensor';
import { beforeAll, expect, it } from 'vitest';
import { confusableLetters } from '../src/confusable_letters.js';
import { align } from '../src/edit_distance.js';
import { SpeechInputError } from '../src/errors.js';
import { transcriptionErrors } from '../src/transcription_errors.js';
import { labelText, letterLabels } from '../src/word_features.js';

beforeAll(async () => {
  await useBackend('cpu');
});

it.each([
  ['KING', 'KINT', 1],
  ['KITTEN', 'SITTING', 3], // the textbook example: k→s, e→i, +g
  ['ELM', 'ELM', 0],
  ['', 'AB', 2],
  ['BEAD', 'BED', 1],
  ['OAK', '', 3],
  ['ABC', 'CAB', 2],
])('edit distance from %s to %s is %i, and the alignment spells both words', (reference, hypothesis, distance) => {
  const { distance: d, steps } = align(reference, hypothesis);
  expect(d).toBe(distance);
  const spelled = (side: 'reference' | 'hypothesis') =>
    steps
      .map((s) => (s.kind === 'match' ? s.reference : side in s ? (s as Record<string, string>)[side] : ''))
      .join('');
  expect(spelled('reference')).toBe(reference);
  expect(spelled('hypothesis')).toBe(hypothesis);
  expect(steps.filter((s) => s.kind !== 'match')).toHaveLength(distance);
});

it('reads a swapped letter as one substitution, not a deletion and an insertion', () => {
  expect(align('KING', 'KINT').steps[3]).toEqual({ kind: 'substitution', reference: 'G', hypothesis: 'T' });
});

it('letter and word error rates of hand examples, with intervals', () => {
  const errors = transcriptionErrors(['KING', 'ELM'], ['KINT', 'ELM'], { seed: 3 });
  expect(errors.letterErrorRate.value).toBeCloseTo(1 / 7, 12);
  expect([errors.letterErrorRate.errors, errors.letterErrorRate.letters]).toEqual([1, 7]);
  // Redrawing two words gives ELM twice (0, probability 1/4), one of each (1/7, 1/2) or KING twice
  // (2 errors in 8 letters, 1/4): the 2.5 % and 97.5 % percentiles are 0 and 1/4.
  expect(errors.letterErrorRate.low).toBe(0);
  expect(errors.letterErrorRate.high).toBe(0.25);
  expect(errors.wordErrorRate.value).toBe(0.5);
  // statsmodels 0.13: proportion_confint(1, 2, method='wilson') = (0.09453120573423068, 0.9054687942657693)
  expect(errors.wordErrorRate.low).toBeCloseTo(0.09453120573423068, 12);
  expect(errors.wordErrorRate.high).toBeCloseTo(0.9054687942657693, 12);
  expect(errors.distances).toEqual([1, 0]);
});

it('rejects mismatched or empty transcripts with a typed error that says what to pass', () => {
  expect(() => transcriptionErrors(['KING'], [])).toThrow(SpeechInputError);
  expect(() => transcriptionErrors(['KING'], [])).toThrow('one hypothesis per reference, got 1 references and 0');
  expect(() => transcriptionErrors([''], [''])).toThrow('reference 0 is ""');
  expect(() => transcriptionErrors(['A'], ['A'], { confidence: 95 })).toThrow('confidence must be in (0, 1), got 95');
});

it('counts confusable letters both ways within their group, with Wilson intervals', () => {
  const { pairs, groups } = confusableLetters(['BED', 'MAN', 'NAP'], ['PET', 'NAN', 'NAB']);
  const byName = Object.fromEntries(pairs.map((p) => [p.name, p]));
  // B→P once and P→B once; B and P occur twice in the references (BED, NAP).
  expect([byName['B/P']!.confusions, byName['B/P']!.occurrences]).toEqual([2, 2]);
  expect([byName['D/T']!.confusions, byName['D/T']!.occurrences]).toEqual([1, 1]);
  expect([byName['M/N']!.confusions, byName['M/N']!.occurrences]).toEqual([1, 3]);
  // statsmodels 0.13: proportion_confint(1, 1, method='wilson') = (0.2065493143772374, 1.0)
  expect(byName['D/T']!.rate.low).toBeCloseTo(0.2065493143772374, 12);
  const eSet = groups.find((g) => g.name.startsWith('B/C/D'))!;
  // E-set letters in the references: B, E, D, P → 4; confused within the set: B→P, D→T, P→B → 3.
  expect([eSet.confusions, eSet.occurrences]).toEqual([3, 4]);
  expect(pairs.every((p) => p.confusions > 0)).toBe(true);
});

it('decodes hand-made CTC outputs to letters: repeats merge, a blank separates a double letter', () => {
  const path = (classes: number[]) => {
    const logits = new Float32Array(classes.length * 27).fill(-5);
    classes.forEach((c, t) => {
      logits[t * 27 + c] = 5;
    });
    return tf.tensor3d(logits, [1, classes.length, 27]);
  };
  const cat = path([3, 3, 0, 1, 0, 20, 20]); // C C - A - T T
  const book = path([2, 15, 0, 15, 11]); // B O - O K
  const before = tf.memory().numTensors;
  expect(labelText(ctcGreedyDecode(cat)[0]!)).toBe('CAT');
  expect(labelText(ctcGreedyDecode(book)[0]!)).toBe('BOOK');
  expect(labelText(ctcBeamDecode(cat, { beamWidth: 8 })[0]![0]!.labels)).toBe('CAT');
  expect(labelText(ctcBeamDecode(book, { beamWidth: 8 })[0]![0]!.labels)).toBe('BOOK');
  expect(letterLabels('CAT')).toEqual([3, 1, 20]);
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([cat, book]);
});
