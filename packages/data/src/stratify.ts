import type { Rng } from '@mlrecipe/core';
import { largestRemainder, partialShuffle, sorted } from './allocate.js';
import { SplitError } from './errors.js';
import type { SplitCounts } from './split_indices.js';

/** A 0/1 label matrix: nested arrays (n rows) or row-major values with their shape. */
export type LabelMatrix =
  | ReadonlyArray<ArrayLike<number>>
  | { readonly values: ArrayLike<number>; readonly shape: readonly [number, number] };

export function isLabelMatrix(x: unknown): x is LabelMatrix {
  if (Array.isArray(x)) return x.length > 0 && typeof x[0] === 'object' && x[0] !== null;
  const m = x as { values?: unknown; shape?: unknown };
  return (
    m !== null && typeof m === 'object' && Array.isArray(m.shape) && m.shape.length === 2 && m.values !== undefined
  );
}

/**
 * Per class, the same share in every split. Dev and test totals are exact: each split's rows are
 * shared out across classes by largest remainder, within one row of the class's exact share.
 */
export function stratifiedSplit(
  n: number,
  counts: SplitCounts,
  labels: ArrayLike<number>,
  rng: Rng,
): [Uint32Array, Uint32Array, Uint32Array] {
  if (labels.length !== n) {
    throw new SplitError(
      `splitIndices: stratify has ${labels.length} labels for ${n} rows; give one class label per row`,
    );
  }
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    if (!Number.isFinite(c))
      throw new SplitError(`splitIndices: stratify[${i}] is ${c}; class labels must be finite numbers`);
    const list = members.get(c);
    if (list === undefined) members.set(c, [i]);
    else list.push(i);
  }
  const classes = [...members.keys()].sort((a, b) => a - b);
  for (const c of classes) {
    const size = members.get(c)!.length;
    if (size < 2) {
      throw new SplitError(
        `splitIndices: class ${c} has ${size} member; stratifying needs at least 2 per class (merge rare classes or drop stratify)`,
      );
    }
  }
  const sizes = classes.map((c) => members.get(c)!.length);
  const devPerClass = capped(largestRemainder(counts.dev, sizes), sizes);
  const testPerClass = capped(
    largestRemainder(counts.test, sizes),
    sizes.map((s, i) => s - devPerClass[i]!),
  );
  const dev: number[] = [];
  const test: number[] = [];
  const train: number[] = [];
  classes.forEach((c, k) => {
    const pool = partialShuffle(Uint32Array.from(members.get(c)!), devPerClass[k]! + testPerClass[k]!, rng);
    const d = devPerClass[k]!;
    const t = testPerClass[k]!;
    for (let i = 0; i < pool.length; i++) (i < d ? dev : i < d + t ? test : train).push(pool[i]!);
  });
  return [sorted(Uint32Array.from(train)), sorted(Uint32Array.from(dev)), sorted(Uint32Array.from(test))];
}

/** Caps each class's share at what it has left; the rows over a cap go to classes with room. */
function capped(parts: number[], room: readonly number[]): number[] {
  let excess = 0;
  const out = parts.map((p, i) => {
    const limit = room[i]!;
    if (p > limit) excess += p - limit;
    return Math.min(p, limit);
  });
  for (let i = 0; excess > 0 && i < out.length; i++) {
    const spare = room[i]! - out[i]!;
    const moved = Math.min(spare, excess);
    out[i]! += moved;
    excess -= moved;
  }
  return out;
}

/**
 * Iterative stratification for multi-label data (Sechidis, Tsoumakas & Vlahavas, ECML PKDD 2011):
 * repeatedly take the label with the fewest unassigned examples and give each of its examples to
 * the split that most lacks that label (ties: the split that lacks the most examples, then random).
 */
export function iterativeStratify(
  n: number,
  counts: SplitCounts,
  matrix: LabelMatrix,
  rng: Rng,
): [Uint32Array, Uint32Array, Uint32Array] {
  const { values, cols } = flatten(matrix, n);
  const wanted = [counts.train, counts.dev, counts.test];
  const ratios = wanted.map((w) => w / n);
  const perLabel = new Float64Array(cols);
  for (let i = 0; i < n; i++) for (let l = 0; l < cols; l++) perLabel[l]! += values[i * cols + l]!;
  const labelWanted = ratios.map((r) => Array.from(perLabel, (count) => count * r));
  const assigned = new Int8Array(n).fill(-1);
  const remaining = Float64Array.from(perLabel);
  const order = rng.permutation(n); // random order among examples of a label

  const give = (i: number, s: number) => {
    assigned[i] = s;
    wanted[s]!--;
    for (let l = 0; l < cols; l++) {
      if (values[i * cols + l] === 1) {
        labelWanted[s]![l]!--;
        remaining[l]!--;
      }
    }
  };
  const pick = (candidates: number[]): number => candidates[rng.int(candidates.length)]!;
  const argmaxBy = (splits: number[], score: (s: number) => number): number[] => {
    const best = Math.max(...splits.map(score));
    return splits.filter((s) => score(s) === best);
  };

  for (;;) {
    let label = -1;
    for (let l = 0; l < cols; l++) if (remaining[l]! > 0 && (label < 0 || remaining[l]! < remaining[label]!)) label = l;
    if (label < 0) break;
    for (const i of order) {
      if (assigned[i] !== -1 || values[i * cols + label] !== 1) continue;
      const open = [0, 1, 2].filter((s) => wanted[s]! > 0);
      const byLabel = argmaxBy(open.length > 0 ? open : [0, 1, 2], (s) => labelWanted[s]![label]!);
      give(i, pick(argmaxBy(byLabel, (s) => wanted[s]!)));
    }
  }
  // Examples without any label go where rows are most lacking.
  for (const i of order) {
    if (assigned[i] !== -1) continue;
    give(i, pick(argmaxBy([0, 1, 2], (s) => wanted[s]!)));
  }
  const splits: number[][] = [[], [], []];
  for (let i = 0; i < n; i++) splits[assigned[i]!]!.push(i);
  return splits.map((s) => Uint32Array.from(s)) as [Uint32Array, Uint32Array, Uint32Array];
}

function flatten(matrix: LabelMatrix, n: number): { values: ArrayLike<number>; cols: number } {
  let values: ArrayLike<number>;
  let rows: number;
  let cols: number;
  if (Array.isArray(matrix)) {
    rows = matrix.length;
    cols = (matrix[0] as ArrayLike<number>).length;
    const flat = new Uint8Array(rows * cols);
    matrix.forEach((row: ArrayLike<number>, r: number) => {
      if (row.length !== cols)
        throw new SplitError(`splitIndices: stratify row ${r} has ${row.length} labels, row 0 has ${cols}`);
      for (let c = 0; c < cols; c++) flat[r * cols + c] = row[c]!;
    });
    values = flat;
  } else {
    const m = matrix as { values: ArrayLike<number>; shape: readonly [number, number] };
    [rows, cols] = m.shape;
    values = m.values;
    if (values.length !== rows * cols) {
      throw new SplitError(`splitIndices: stratify has ${values.length} values for shape [${rows}, ${cols}]`);
    }
  }
  if (rows !== n) throw new SplitError(`splitIndices: stratify has ${rows} rows for ${n} rows of data`);
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== 0 && values[i] !== 1) {
      throw new SplitError(
        `splitIndices: stratify[${Math.floor(i / cols)}][${i % cols}] is ${values[i]}; a label matrix holds 0 or 1`,
      );
    }
  }
  return { values, cols };
}
