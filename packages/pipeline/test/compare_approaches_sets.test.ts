import { bootstrapMeanInterval } from '@mlrecipe/metrics';
import { describe, expect, it } from 'vitest';
import { type Approach, compareApproaches, PipelineError } from '../src/index.js';

/** Rows whose label is their index, so a run can tell which rows it was given. */
const rows = (n: number, from = 0) => ({
  x: { values: new Float32Array(n), shape: [n, 1] },
  y: { values: Float32Array.from({ length: n }, (_, i) => from + i), shape: [n] },
});
const data = { train: rows(100), dev: rows(40, 1000), trainDev: rows(30, 2000), test: rows(50, 3000) };
const mean = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x, 0) / v.length;

/**
 * An approach whose per-example error on row r is `level + wiggle(r, seed)`: deterministic, so the
 * expected intervals can be computed independently from the same per-example values.
 */
function fixed(name: string, level: number): Approach {
  const errorsOf = (y: ArrayLike<number>, seed: number) =>
    Float64Array.from(y, (r) => level + ((r * 7 + seed * 3) % 5) / 10);
  return {
    name,
    run: ({ train, dev, trainDev, test, seed }) => {
      const perExample = {
        train: errorsOf(train.y.values, seed),
        dev: errorsOf(dev!.y.values, seed),
        trainDev: errorsOf(trainDev!.y.values, seed),
        test: errorsOf(test.y.values, seed),
      };
      return {
        trainError: mean(perExample.train),
        devError: mean(perExample.dev),
        trainDevError: mean(perExample.trainDev),
        testError: mean(perExample.test),
        perExample,
      };
    },
  };
}

describe('compareApproaches with dev and train-dev sets', () => {
  it('chooses on dev, gives every set an interval over its examples, and tests the margin on paired examples', async () => {
    const comparison = await compareApproaches({
      approaches: [fixed('worse', 0.6), fixed('better', 0.5), fixed('same as better', 0.5)],
      data,
      sizes: [20, 60],
      seeds: [1, 2],
    });
    const point = comparison.curves[1]!.points[1]!;
    expect(point.devError!.values).toHaveLength(2);
    expect(point.trainDevError!.values).toHaveLength(2);
    // The dev interval is the bootstrap of each dev example's error averaged over the two seeds.
    const devExamples = Float64Array.from(
      data.dev.y.values,
      (r) => 0.5 + (((r * 7 + 3) % 5) / 10 + ((r * 7 + 6) % 5) / 10) / 2,
    );
    expect(point.intervals!.dev).toEqual(bootstrapMeanInterval(devExamples, { seed: 0 }));
    expect(point.intervals!.dev!.value).toBeCloseTo(point.devError!.mean, 12);
    expect(point.intervals!.train!.n).toBe(120); // train pools both seeds' subsets of 60
    expect(point.intervals!.trainDev!.n).toBe(30);
    // 'better' and 'same as better' tie exactly: the leader is chosen on dev, but the data cannot support it.
    const leader = comparison.leaders[1]!;
    expect(leader.chosenOn).toBe('dev');
    expect(leader.approach).toBe('better');
    expect(leader.runnerUp).toBe('same as better');
    expect(leader.margin!.value).toBe(0);
    expect(leader.decided).toBe(false);
  });

  it('says a choice is supported when the runner-up is worse on every paired example', async () => {
    const comparison = await compareApproaches({
      approaches: [fixed('worse', 0.6), fixed('better', 0.5)],
      data,
      sizes: [60],
    });
    const [leader] = comparison.leaders;
    expect(leader!.approach).toBe('better');
    expect(leader!.margin!.value).toBeCloseTo(0.1, 12);
    expect(leader!.margin!.low).toBeCloseTo(0.1, 12); // every paired difference is exactly 0.1
    expect(leader!.decided).toBe(true);
  });

  it('without a dev set chooses on test and, without per-example errors, gives no margin', async () => {
    const comparison = await compareApproaches({
      approaches: [
        { name: 'a', run: () => ({ trainError: 0.1, testError: 0.3 }) },
        { name: 'b', run: () => ({ trainError: 0.1, testError: 0.2 }) },
      ],
      data: { train: data.train, test: data.test },
      sizes: [10],
    });
    expect(comparison.leaders).toEqual([{ size: 10, approach: 'b', chosenOn: 'test', runnerUp: 'a', decided: null }]);
    expect(comparison.curves[0]!.points[0]!.intervals).toBeUndefined();
  });

  it('never chooses a reference such as an oracle, however good', async () => {
    const comparison = await compareApproaches({
      approaches: [fixed('oracle', 0.1), fixed('worse', 0.6), fixed('better', 0.5)],
      references: ['oracle'],
      data,
      sizes: [60],
    });
    expect(comparison.leaders[0]!.approach).toBe('better');
    expect(comparison.leaders[0]!.runnerUp).toBe('worse');
    await expect(
      compareApproaches({ approaches: [fixed('a', 0.1)], references: ['b'], data, sizes: [10] }),
    ).rejects.toThrow(/reference 'b' is not one of the approaches \(a\)/);
    await expect(
      compareApproaches({ approaches: [fixed('a', 0.1)], references: ['a'], data, sizes: [10] }),
    ).rejects.toThrow(/every approach is a reference/);
  });

  it('rejects runs that leave out a set they were given or whose per-example errors do not match', async () => {
    const run = (result: object) =>
      compareApproaches({
        approaches: [{ name: 'bad', run: () => result as never }],
        data: { train: data.train, dev: data.dev, test: data.test },
        sizes: [10],
      });
    await expect(run({ trainError: 0.1, testError: 0.2 })).rejects.toThrow(
      /returned devError undefined; run must return a finite devError/,
    );
    await expect(
      run({ trainError: 0.1, testError: 0.2, devError: 0.3, perExample: { dev: new Float64Array(3) } }),
    ).rejects.toThrow(/3 per-example errors for dev, which has 40 rows/);
    await expect(
      run({ trainError: 0.1, testError: 0.2, devError: 0.3, perExample: { dev: new Float64Array(40) } }),
    ).rejects.toThrow(/mean of the per-example dev errors is 0, but devError is 0.3/);
    await expect(run(null as never)).rejects.toThrow(PipelineError);
    await expect(
      compareApproaches({
        approaches: [fixed('a', 0.1)],
        data: { ...data, dev: rows(0) },
        sizes: [10],
      }),
    ).rejects.toThrow(/the dev set is empty/);
  });
});
