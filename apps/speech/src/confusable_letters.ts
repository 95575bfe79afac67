import { type RateInterval, rateInterval } from '@mlrecipe/metrics';
import { align } from './edit_distance.js';

/**
 * Letters whose spoken names sound alike: the E-set (names ending in "ee", told apart by a short
 * consonant burst that car noise masks), the nasals M/N, the "eh-s/f/x" set, A/J/K ("ay"), I/Y
 * ("eye"/"why") and Q/U ("you").
 */
export const CONFUSABLE_GROUPS: readonly string[] = ['BCDEGPTVZ', 'MN', 'FSX', 'AJK', 'IY', 'QU'];

/** One row of the confusable-letter analysis: a pair or a whole group. */
export interface ConfusionRow {
  /** 'B/D' for a pair, 'B/C/D/E/G/P/T/V/Z' for a group. */
  readonly name: string;
  /** Reference letters of the pair (or group) that the alignment matched or substituted. */
  readonly occurrences: number;
  /** Those transcribed as the other letter of the pair (or another letter of the group). */
  readonly confusions: number;
  /** confusions / occurrences with its Wilson interval. */
  readonly rate: RateInterval;
}

/**
 * Error analysis by confusable letters: aligns each transcript with its reference (Levenshtein) and
 * counts, for every pair within a group, how often one letter was written as the other, as a rate of
 * that pair's aligned occurrences, with a Wilson interval; then the same per group. Pairs never
 * confused, and groups absent from the references, are left out. Deleted letters count in neither numerator nor
 * denominator (a deletion is not a confusion).
 *
 * @example
 * confusableLetters(['BED'], ['PET']).pairs; // B/P 1 of 1, D/T 1 of 1
 */
export function confusableLetters(
  references: readonly string[],
  hypotheses: readonly string[],
  { groups = CONFUSABLE_GROUPS, confidence = 0.95 }: { groups?: readonly string[]; confidence?: number } = {},
): { pairs: ConfusionRow[]; groups: ConfusionRow[] } {
  const aligned = new Map<string, number>();
  const substituted = new Map<string, number>();
  references.forEach((reference, i) => {
    for (const step of align(reference, hypotheses[i] ?? '').steps) {
      if (step.kind === 'match' || step.kind === 'substitution')
        aligned.set(step.reference, (aligned.get(step.reference) ?? 0) + 1);
      if (step.kind === 'substitution') {
        const key = `${step.reference}>${step.hypothesis}`;
        substituted.set(key, (substituted.get(key) ?? 0) + 1);
      }
    }
  });
  const count = (from: string, to: string) => substituted.get(`${from}>${to}`) ?? 0;
  const row = (name: string, occurrences: number, confusions: number): ConfusionRow => ({
    name,
    occurrences,
    confusions,
    rate: rateInterval(confusions, occurrences, { confidence }),
  });
  const pairs: ConfusionRow[] = [];
  const groupRows: ConfusionRow[] = [];
  for (const group of groups) {
    const letters = [...group];
    let groupOccurrences = 0;
    let groupConfusions = 0;
    for (const [a, x] of letters.entries()) {
      groupOccurrences += aligned.get(x) ?? 0;
      for (const y of letters.slice(a + 1)) {
        const confusions = count(x, y) + count(y, x);
        groupConfusions += confusions;
        if (confusions > 0) pairs.push(row(`${x}/${y}`, (aligned.get(x) ?? 0) + (aligned.get(y) ?? 0), confusions));
      }
    }
    if (groupOccurrences > 0) groupRows.push(row(letters.join('/'), groupOccurrences, groupConfusions));
  }
  pairs.sort((p, q) => q.confusions - p.confusions || q.rate.value - p.rate.value);
  return { pairs, groups: groupRows };
}
