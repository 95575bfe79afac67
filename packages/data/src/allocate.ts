import type { Rng } from '@mlrecipe/core';

/**
 * Splits `total` into integer parts proportional to `weights` (largest remainder method, Hamilton):
 * parts sum exactly to `total` and each is within 1 of its exact share.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum === 0 ? 0 : (total * w) / sum));
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k]![1]]!++;
  return parts;
}

/**
 * Moves `count` random elements of `pool` to its front (a partial Fisher–Yates shuffle): O(count)
 * random draws, so carving 1 % dev and test sets out of 10,000,000 rows draws 200,000 numbers, not
 * 10,000,000. Returns the pool, reordered in place.
 */
export function partialShuffle(pool: Uint32Array, count: number, rng: Rng): Uint32Array {
  const n = pool.length;
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(n - i);
    const tmp = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = tmp;
  }
  return pool;
}

/**
 * A uniformly random k-subset of 0..n-1 in random order, marked in `taken` (Floyd's algorithm,
 * Bentley & Floyd, CACM 1987, then a Fisher–Yates shuffle of the k picks): O(k) draws and no
 * n-sized pool, so holding out 2 % of 10,000,000 rows costs 200,000 draws and one byte mask.
 */
export function sampleWithoutReplacement(n: number, k: number, rng: Rng, taken: Uint8Array): Uint32Array {
  const picked = new Uint32Array(k);
  for (let j = n - k, i = 0; j < n; j++, i++) {
    const t = rng.int(j + 1);
    const chosen = taken[t] === 1 ? j : t;
    taken[chosen] = 1;
    picked[i] = chosen;
  }
  return rng.shuffle(picked);
}

/** Ascending copy, the order every split returns (good locality when gathering rows). */
export function sorted(indices: Uint32Array): Uint32Array {
  return Uint32Array.from(indices).sort();
}

/** The indices 0..n-1 not marked in `taken`, ascending. */
export function complement(n: number, taken: Uint8Array): Uint32Array {
  let count = 0;
  for (let i = 0; i < n; i++) count += taken[i]!;
  const out = new Uint32Array(n - count);
  for (let i = 0, k = 0; i < n; i++) if (taken[i] === 0) out[k++] = i;
  return out;
}
