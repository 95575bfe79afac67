// Levenshtein alignment of a transcript against its reference, letter by letter: what letter and
// word error rates count, and where confusable-letter analysis finds its substitutions.

/** One step of an alignment: a match, a substitution (reference → hypothesis), a deletion or an insertion. */
export type AlignmentStep =
  | { readonly kind: 'match'; readonly reference: string }
  | { readonly kind: 'substitution'; readonly reference: string; readonly hypothesis: string }
  | { readonly kind: 'deletion'; readonly reference: string }
  | { readonly kind: 'insertion'; readonly hypothesis: string };

/** The minimum number of substitutions, deletions and insertions turning `reference` into `hypothesis`, and one such alignment. */
export interface Alignment {
  readonly distance: number;
  readonly steps: readonly AlignmentStep[];
}

/**
 * Levenshtein distance by dynamic programming (unit costs), with a back-trace that prefers a match
 * or substitution over an insertion/deletion pair when both are optimal, so "BEAD" → "PEAD" reads as
 * one B→P substitution rather than a deletion and an insertion.
 *
 * @example
 * align('KING', 'KINT').distance; // 1 (G → T)
 */
export function align(reference: string, hypothesis: string): Alignment {
  const n = reference.length;
  const m = hypothesis.length;
  const cost = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = 0; i <= n; i++) cost[at(i, 0)] = i;
  for (let j = 0; j <= m; j++) cost[at(0, j)] = j;
  for (let i = 1; i <= n; i++)
    for (let j = 1; j <= m; j++) {
      const diagonal = cost[at(i - 1, j - 1)]! + (reference[i - 1] === hypothesis[j - 1] ? 0 : 1);
      cost[at(i, j)] = Math.min(diagonal, cost[at(i - 1, j)]! + 1, cost[at(i, j - 1)]! + 1);
    }
  const steps: AlignmentStep[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = cost[at(i, j)]!;
    if (i > 0 && j > 0) {
      const same = reference[i - 1] === hypothesis[j - 1];
      if (here === cost[at(i - 1, j - 1)]! + (same ? 0 : 1)) {
        steps.push(
          same
            ? { kind: 'match', reference: reference[i - 1]! }
            : { kind: 'substitution', reference: reference[i - 1]!, hypothesis: hypothesis[j - 1]! },
        );
        i--;
        j--;
        continue;
      }
    }
    if (i > 0 && here === cost[at(i - 1, j)]! + 1) {
      steps.push({ kind: 'deletion', reference: reference[i - 1]! });
      i--;
    } else {
      steps.push({ kind: 'insertion', hypothesis: hypothesis[j - 1]! });
      j--;
    }
  }
  return { distance: cost[at(n, m)]!, steps: steps.reverse() };
}
