import type { Rng } from '@mlrecipe/core';
import { SplitError } from './errors.js';
import type { SplitCounts } from './split_indices.js';

/**
 * Whole groups (speakers, patients, photographers) go to one split each, so a model is never
 * evaluated on a group it trained on. Groups are shuffled, then dev and test are filled group by
 * group until they reach their row targets; sizes may overshoot by less than one group.
 */
export function groupSplit(
  n: number,
  counts: SplitCounts,
  groups: ArrayLike<number | string>,
  rng: Rng,
): [Uint32Array, Uint32Array, Uint32Array] {
  if (groups.length !== n) {
    throw new SplitError(`splitIndices: groups has ${groups.length} ids for ${n} rows; give one group id per row`);
  }
  const rowsOf = new Map<number | string, number[]>();
  for (let i = 0; i < n; i++) {
    const g = groups[i]!;
    if (g === undefined || g === null || (typeof g === 'number' && Number.isNaN(g))) {
      throw new SplitError(`splitIndices: groups[${i}] is ${g}; every row needs a group id`);
    }
    const rows = rowsOf.get(g);
    if (rows === undefined) rowsOf.set(g, [i]);
    else rows.push(i);
  }
  const needed = 1 + (counts.dev > 0 ? 1 : 0) + (counts.test > 0 ? 1 : 0);
  if (rowsOf.size < needed) {
    throw new SplitError(
      `splitIndices: ${rowsOf.size} group(s) cannot fill ${needed} splits; each split needs whole groups`,
    );
  }
  const ids = rng.shuffle([...rowsOf.keys()]);
  const dev: number[] = [];
  const test: number[] = [];
  const train: number[] = [];
  for (const id of ids) {
    const rows = rowsOf.get(id)!;
    const target = dev.length < counts.dev ? dev : test.length < counts.test ? test : train;
    for (const r of rows) target.push(r);
  }
  if (train.length === 0) {
    throw new SplitError(
      'splitIndices: the groups are too large for the asked dev/test sizes: no group is left to train on',
    );
  }
  const asSorted = (a: number[]) => Uint32Array.from(a).sort();
  return [asSorted(train), asSorted(dev), asSorted(test)];
}
