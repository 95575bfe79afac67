import fc from 'fast-check';
import { expect, it } from 'vitest';
import { CONFUSABLE_GROUPS, confusableLetters } from '../src/confusable_letters.js';
import { align } from '../src/edit_distance.js';
import { transcriptionErrors } from '../src/transcription_errors.js';

const word = (minLength = 0) => fc.string({ unit: fc.constantFrom(...'BDEPTMNA'), minLength, maxLength: 8 });
const SEEDED = { seed: 18, numRuns: 300 };

it('edit distance is a metric bounded by the lengths, and its alignment spells both words', () => {
  fc.assert(
    fc.property(word(), word(), word(), (a, b, c) => {
      const ab = align(a, b);
      expect(ab.distance).toBe(align(b, a).distance);
      expect(ab.distance).toBeLessThanOrEqual(Math.max(a.length, b.length));
      expect(ab.distance).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      expect(ab.distance === 0).toBe(a === b);
      expect(align(a, c).distance).toBeLessThanOrEqual(ab.distance + align(b, c).distance);
      const reference = ab.steps.map((s) => ('reference' in s ? s.reference : '')).join('');
      const hypothesis = ab.steps
        .map((s) => ('hypothesis' in s ? s.hypothesis : s.kind === 'match' ? s.reference : ''))
        .join('');
      expect([reference, hypothesis]).toEqual([a, b]);
    }),
    SEEDED,
  );
});

it('letter and word error rates are the edit-distance sums, with ordered intervals inside [0, ∞) and [0, 1]', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(word(1), word()), { minLength: 1, maxLength: 12 }),
      fc.integer({ min: 0, max: 1000 }),
      (pairs, seed) => {
        const references = pairs.map(([r]) => r);
        const hypotheses = pairs.map(([, h]) => h);
        const e = transcriptionErrors(references, hypotheses, { seed, resamples: 200 });
        const distances = pairs.map(([r, h]) => align(r, h).distance);
        const letters = references.join('').length;
        expect(e.letterErrorRate.value).toBeCloseTo(distances.reduce((s, d) => s + d, 0) / letters, 12);
        expect(0 <= e.letterErrorRate.low && e.letterErrorRate.low <= e.letterErrorRate.high).toBe(true);
        expect(e.wordErrorRate.errors).toBe(distances.filter((d) => d > 0).length);
        expect(0 <= e.wordErrorRate.low && e.wordErrorRate.low <= e.wordErrorRate.value).toBe(true);
        expect(e.wordErrorRate.value <= e.wordErrorRate.high && e.wordErrorRate.high <= 1).toBe(true);
      },
    ),
    { ...SEEDED, numRuns: 100 },
  );
});

it('confusable-letter counts: never more confusions than occurrences, and a group is the sum of its pairs', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(word(1), word()), { minLength: 1, maxLength: 12 }), (pairs) => {
      const { pairs: rows, groups } = confusableLetters(
        pairs.map(([r]) => r),
        pairs.map(([, h]) => h),
      );
      for (const row of [...rows, ...groups]) expect(row.confusions).toBeLessThanOrEqual(row.occurrences);
      for (const group of groups) {
        const letters = group.name.split('/');
        const members = rows.filter((p) => p.name.split('/').every((l) => letters.includes(l)));
        expect(group.confusions).toBe(members.reduce((s, p) => s + p.confusions, 0));
      }
      expect(groups.every((g) => CONFUSABLE_GROUPS.includes(g.name.replaceAll('/', '')))).toBe(true);
    }),
    SEEDED,
  );
});
