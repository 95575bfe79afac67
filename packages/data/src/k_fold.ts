import { createRng, type Rng } from '@mlrecipe/core';
import { SplitError } from './errors.js';

/** One fold of k-fold cross-validation: its held-out rows and the rows that train, ascending. */
export interface Fold {
  readonly train: Uint32Array;
  readonly test: Uint32Array;
}

/** Options of the k-fold generators: the number of folds, and a seed when the rows are shuffled. */
export interface KFoldOptions {
  /** Number of folds, at least 2. Default 5. */
  k?: number;
  /** Same seed, same folds. Default 0. */
  seed?: number | string;
}

function checkK(caller: string, k: number, n: number, unit = 'rows'): void {
  if (!(Number.isInteger(k) && k >= 2)) throw new SplitError(`${caller}: k must be an integer ≥ 2, got ${k}`);
  if (k > n) throw new SplitError(`${caller}: k = ${k} folds need at least ${k} ${unit}, got ${n}; lower k`);
}

/** Folds from a fold number per row: fold f tests the rows assigned to f and trains on the rest. */
function foldsFrom(assignment: Uint32Array, k: number): Fold[] {
  const sizes = new Uint32Array(k);
  for (const f of assignment) sizes[f]!++;
  return Array.from({ length: k }, (_, f) => {
    const test = new Uint32Array(sizes[f]!);
    const train = new Uint32Array(assignment.length - sizes[f]!);
    let a = 0;
    let b = 0;
    assignment.forEach((g, row) => {
      if (g === f) test[a++] = row;
      else train[b++] = row;
    });
    return { train, test };
  });
}

/**
 * k-fold cross-validation indices (scikit-learn's `KFold(shuffle=True)` semantics): the rows are
 * shuffled by the seed and cut into k folds whose sizes differ by at most one; every row is in
 * exactly one test fold, and fold f trains on the other k − 1. For small data sets where a single
 * dev set would be too small to trust; with plenty of data a fixed dev set is cheaper and enough.
 *
 * @example
 * for (const { train, test } of kFold(1_000, { k: 5, seed: 1 })) { … }
 */
export function kFold(n: number, { k = 5, seed = 0 }: KFoldOptions = {}): Fold[] {
  if (!(Number.isInteger(n) && n >= 1)) throw new SplitError(`kFold: n must be a positive integer, got ${n}`);
  checkK('kFold', k, n);
  const order = createRng(seed).permutation(n);
  const assignment = new Uint32Array(n);
  // Position i of the shuffled order goes to fold i mod k: sizes ⌊n/k⌋ or ⌈n/k⌉.
  order.forEach((row, i) => {
    assignment[row] = i % k;
  });
  return foldsFrom(assignment, k);
}

function keyed(caller: string, what: string, values: ArrayLike<number | string>): { keys: string[]; n: number } {
  const n = values?.length;
  if (!(Number.isInteger(n) && n >= 1)) throw new SplitError(`${caller}: give one ${what} per row, got ${n} values`);
  const keys: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if ((typeof v !== 'number' && typeof v !== 'string') || Number.isNaN(v))
      throw new SplitError(`${caller}: ${what} of row ${i} is ${String(v)}; use a number or a string for every row`);
    keys[i] = `${typeof v}:${v}`;
  }
  return { keys, n };
}

/**
 * Stratified k-fold (scikit-learn's `StratifiedKFold(shuffle=True)` semantics): each class's rows
 * are shuffled and dealt out to the folds in turn, so every fold holds ⌊c/k⌋ or ⌈c/k⌉ of a class with
 * c rows (within one sample of its overall share) and fold sizes differ by at most one. Use it for
 * classification, above all with rare classes, where plain k-fold could leave a fold without any.
 * A class with fewer than k rows is missing from some test folds.
 *
 * @example
 * const folds = stratifiedKFold(labels, { k: 5, seed: 1 });
 */
export function stratifiedKFold(labels: ArrayLike<number | string>, { k = 5, seed = 0 }: KFoldOptions = {}): Fold[] {
  const { keys, n } = keyed('stratifiedKFold', 'label', labels);
  checkK('stratifiedKFold', k, n);
  const rng = createRng(seed);
  const byClass = new Map<string, number[]>();
  keys.forEach((key, row) => {
    const rows = byClass.get(key);
    if (rows === undefined) byClass.set(key, [row]);
    else rows.push(row);
  });
  // Classes in a fixed order, each shuffled, laid end to end and dealt round-robin: every class is a
  // run of consecutive positions, so each fold gets ⌊c/k⌋ or ⌈c/k⌉ of it. The fold order is shuffled
  // too so that the first folds do not always get the extra rows.
  const dealt = [...byClass.keys()].sort().flatMap((key) => shuffled(byClass.get(key)!, rng));
  const foldOrder = rng.permutation(k);
  const assignment = new Uint32Array(n);
  dealt.forEach((row, i) => {
    assignment[row] = foldOrder[i % k]!;
  });
  return foldsFrom(assignment, k);
}

function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  return rng.shuffle(items.slice());
}

/**
 * Group k-fold (scikit-learn's `GroupKFold` semantics): a group (speaker, patient, house) is never
 * split, so every fold tests on groups it has not trained on — the right check when the model will
 * meet new speakers or patients. Groups go, largest first (ties in seeded random order), to the
 * fold with the fewest rows so far, which keeps fold sizes close. Needs at least k groups.
 *
 * @example
 * const folds = groupKFold(speakerIds, { k: 4, seed: 1 });
 */
export function groupKFold(groups: ArrayLike<number | string>, { k = 5, seed = 0 }: KFoldOptions = {}): Fold[] {
  const { keys, n } = keyed('groupKFold', 'group', groups);
  const rowsOf = new Map<string, number[]>();
  keys.forEach((key, row) => {
    const rows = rowsOf.get(key);
    if (rows === undefined) rowsOf.set(key, [row]);
    else rows.push(row);
  });
  checkK('groupKFold', k, rowsOf.size, 'groups');
  const rng = createRng(seed);
  // Sort is stable, so groups of equal size keep their shuffled order.
  const order = shuffled([...rowsOf.keys()].sort(), rng);
  order.sort((a, b) => rowsOf.get(b)!.length - rowsOf.get(a)!.length);
  const load = new Array<number>(k).fill(0);
  const assignment = new Uint32Array(n);
  for (const key of order) {
    const lightest = load.indexOf(Math.min(...load));
    for (const row of rowsOf.get(key)!) assignment[row] = lightest;
    load[lightest]! += rowsOf.get(key)!.length;
  }
  return foldsFrom(assignment, k);
}
