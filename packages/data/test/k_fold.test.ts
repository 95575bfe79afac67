import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Fold, groupKFold, kFold, SplitError, stratifiedKFold } from '../src/index.js';

/** Every row in exactly one test fold, train = the complement, both ascending (plain checks, one expect: fast). */
function expectPartition(folds: Fold[], n: number): void {
  const seen = new Uint32Array(n);
  const problems: string[] = [];
  folds.forEach(({ train, test }, f) => {
    if (train.length + test.length !== n) problems.push(`fold ${f}: ${train.length} + ${test.length} rows ≠ ${n}`);
    for (const part of [train, test])
      for (let i = 1; i < part.length; i++) if (!(part[i]! > part[i - 1]!)) problems.push(`fold ${f}: not ascending`);
    const inTest = new Set(test);
    for (const row of test) seen[row]!++;
    for (const row of train) if (inTest.has(row)) problems.push(`fold ${f}: row ${row} trains and tests`);
  });
  seen.forEach((count, row) => {
    if (count !== 1) problems.push(`row ${row} is in ${count} test folds`);
  });
  expect(problems).toEqual([]);
}

const sizesOf = (folds: Fold[]) => folds.map((f) => f.test.length);
const PROPERTY_RUNS = { numRuns: 200, seed: 18 };

describe('kFold', () => {
  it('10 rows in 3 folds: sizes 4, 3, 3, each row tested once', () => {
    const folds = kFold(10, { k: 3, seed: 1 });
    expect(sizesOf(folds)).toEqual([4, 3, 3]);
    expectPartition(folds, 10);
  });

  it('property: a partition with sizes ⌊n/k⌋ or ⌈n/k⌉, the same for the same seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 300 }), fc.integer({ min: 2, max: 12 }), fc.nat(1000), (n, k, seed) => {
        fc.pre(k <= n);
        const folds = kFold(n, { k, seed });
        expectPartition(folds, n);
        for (const size of sizesOf(folds)) expect([Math.floor(n / k), Math.ceil(n / k)]).toContain(size);
        const key = (fs: Fold[]) => fs.map((f) => f.test.join(',')).join('|');
        expect(key(kFold(n, { k, seed }))).toBe(key(folds));
      }),
      PROPERTY_RUNS,
    );
  });

  it('shuffles: different seeds give different folds', () => {
    expect(kFold(100, { seed: 1 })[0]!.test).not.toEqual(kFold(100, { seed: 2 })[0]!.test);
  });
});

describe('stratifiedKFold', () => {
  it('property: every fold holds ⌊c/k⌋ or ⌈c/k⌉ rows of each class of c rows (within one sample of its share)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 2, maxLength: 300 }),
        fc.integer({ min: 2, max: 10 }),
        fc.nat(1000),
        (labels, k, seed) => {
          fc.pre(k <= labels.length);
          const folds = stratifiedKFold(labels, { k, seed });
          expectPartition(folds, labels.length);
          const n = labels.length;
          for (const size of sizesOf(folds)) expect([Math.floor(n / k), Math.ceil(n / k)]).toContain(size);
          for (const cls of new Set(labels)) {
            const c = labels.filter((l) => l === cls).length;
            for (const { test } of folds) {
              const inFold = Array.from(test).filter((row) => labels[row] === cls).length;
              expect([Math.floor(c / k), Math.ceil(c / k)]).toContain(inFold);
            }
          }
        },
      ),
      PROPERTY_RUNS,
    );
  });

  it('a 95/5 set in 5 folds puts exactly 1 minority row of 5 in each fold (plain k-fold often does not)', () => {
    const labels = Array.from({ length: 100 }, (_, i) => (i < 5 ? 'rare' : 'common'));
    for (const { test } of stratifiedKFold(labels, { k: 5, seed: 3 }))
      expect(Array.from(test).filter((row) => row < 5).length).toBe(1);
  });
});

describe('groupKFold', () => {
  it('assigns groups as scikit-learn 1.2.1 GroupKFold does when no two groups have the same size', () => {
    // /usr/bin/python3 -c "import numpy as np; from sklearn.model_selection import GroupKFold;
    //   g = np.array([g for g in range(9) for _ in range(9 - g)]); g = g[np.random.RandomState(0).permutation(len(g))];
    //   print(g.tolist()); [print(sorted(set(g[te].tolist())), len(te)) for _, te in GroupKFold(4).split(g, groups=g)]"
    // → test groups [0, 7, 8] (12 rows), [1, 6], [2, 5], [3, 4] (11 rows each).
    const groups = [
      4, 5, 3, 0, 1, 3, 3, 1, 5, 4, 3, 2, 6, 0, 7, 2, 1, 2, 1, 6, 0, 1, 0, 2, 4, 1, 5, 0, 4, 0, 3, 1, 4, 3, 0, 2, 5, 2,
      2, 1, 6, 7, 0, 0, 8,
    ];
    const folds = groupKFold(groups, { k: 4, seed: 7 });
    const testGroups = folds.map(({ test }) => [...new Set(Array.from(test, (row) => groups[row]!))].sort());
    expect(testGroups.sort((a, b) => a[0]! - b[0]!)).toEqual([
      [0, 7, 8],
      [1, 6],
      [2, 5],
      [3, 4],
    ]);
    expect(sizesOf(folds).sort()).toEqual([11, 11, 11, 12]);
  });

  it('property: a group is never split — it is tested in one fold and never trains where it is tested', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constantFrom('a', 'b', 'c')), {
          minLength: 2,
          maxLength: 200,
        }),
        fc.integer({ min: 2, max: 8 }),
        fc.nat(1000),
        (groups, k, seed) => {
          fc.pre(new Set(groups).size >= k);
          const folds = groupKFold(groups, { k, seed });
          expectPartition(folds, groups.length);
          const foldOf = new Map<number | string, number>();
          folds.forEach(({ train, test }, f) => {
            const tested = new Set(Array.from(test, (row) => groups[row]!));
            for (const g of tested) {
              expect(foldOf.has(g)).toBe(false);
              foldOf.set(g, f);
            }
            for (const row of train) expect(tested.has(groups[row]!)).toBe(false);
          });
          expect(foldOf.size).toBe(new Set(groups).size);
        },
      ),
      PROPERTY_RUNS,
    );
  });
});

it('bad k, sizes and labels raise SplitError naming the value and the fix', () => {
  expect(() => kFold(10, { k: 1 })).toThrow(/k must be an integer ≥ 2, got 1/);
  expect(() => kFold(3, { k: 5 })).toThrow(/need at least 5 rows, got 3; lower k/);
  expect(() => kFold(2.5)).toThrow(SplitError);
  expect(() => stratifiedKFold([0, 1, Number.NaN, 1], { k: 2 })).toThrow(/label of row 2 is NaN/);
  expect(() => groupKFold([1, 1, 2, 2], { k: 3 })).toThrow(/need at least 3 groups, got 2/);
  expect(() => groupKFold([], { k: 2 })).toThrow(SplitError);
});
