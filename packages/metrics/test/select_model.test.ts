import { describe, expect, it } from 'vitest';
import { MetricInputError, measureLatency, selectModel } from '../src/index.js';

describe('selectModel', () => {
  // The recipe's example: maximise accuracy subject to running time ≤ 100 ms.
  const candidates = [
    { name: 'A', metrics: { accuracy: 0.9, runtimeMs: 80 } },
    { name: 'B', metrics: { accuracy: 0.92, runtimeMs: 95 } },
    { name: 'C', metrics: { accuracy: 0.95, runtimeMs: 1500 } },
  ];

  it('picks B: C has the best accuracy but misses the runtime constraint', () => {
    const result = selectModel(candidates, {
      optimize: { metric: 'accuracy', goal: 'max' },
      satisfice: [{ metric: 'runtimeMs', max: 100 }],
    });
    expect(result.best?.name).toBe('B');
    expect(result.ranking.map((c) => c.name)).toEqual(['B', 'A']);
    expect(result.rejected).toEqual([{ name: 'C', reasons: ['runtimeMs 1500 > 100 (max)'] }]);
  });

  it('minimises, applies min constraints, keeps input order on ties, and returns null when nothing fits', () => {
    const tied = [
      { name: 'x', metrics: { error: 0.1, recall: 0.9 } },
      { name: 'y', metrics: { error: 0.1, recall: 0.95 } },
      { name: 'z', metrics: { error: 0.05, recall: 0.5 } },
    ];
    const result = selectModel(tied, {
      optimize: { metric: 'error', goal: 'min' },
      satisfice: [{ metric: 'recall', min: 0.8 }],
    });
    expect(result.ranking.map((c) => c.name)).toEqual(['x', 'y']);
    expect(result.rejected[0]).toEqual({ name: 'z', reasons: ['recall 0.5 < 0.8 (min)'] });
    const none = selectModel(tied, {
      optimize: { metric: 'error', goal: 'min' },
      satisfice: [{ metric: 'recall', min: 0.99 }],
    });
    expect(none.best).toBeNull();
  });

  it("says 'none-satisfies' explicitly, with what each candidate missed, instead of falling back to one", () => {
    const none = selectModel(candidates, {
      optimize: { metric: 'accuracy', goal: 'max' },
      satisfice: [{ metric: 'runtimeMs', max: 50 }],
    });
    expect(none.outcome).toBe('none-satisfies');
    expect(none.best).toBeNull();
    expect(none.ranking).toEqual([]);
    expect(none.reasons).toEqual([
      'none of the 3 candidates meets every satisficing constraint (runtimeMs ≤ 50)',
      'A: runtimeMs 80 > 50 (max)',
      'B: runtimeMs 95 > 50 (max)',
      'C: runtimeMs 1500 > 50 (max)',
    ]);
    const chosen = selectModel(candidates, {
      optimize: { metric: 'accuracy', goal: 'max' },
      satisfice: [{ metric: 'runtimeMs', max: 100 }],
    });
    // The outcome narrows the type: a chosen selection has a best candidate, not Candidate | null.
    if (chosen.outcome !== 'chosen') throw new Error(`expected a choice, got ${chosen.outcome}`);
    expect(chosen.best.name).toBe('B');
    const window = selectModel(candidates, {
      optimize: { metric: 'accuracy', goal: 'max' },
      satisfice: [{ metric: 'runtimeMs', min: 85, max: 90 }],
    });
    expect(window.reasons[0]).toBe('none of the 3 candidates meets every satisficing constraint (85 ≤ runtimeMs ≤ 90)');
  });

  it('names a satisficing metric missing from a candidate', () => {
    expect(() =>
      selectModel([{ name: 'A', metrics: { accuracy: 0.9 } }], {
        optimize: { metric: 'accuracy', goal: 'max' },
        satisfice: [{ metric: 'runtimeMs', max: 100 }],
      }),
    ).toThrow(/candidate 'A' has no 'runtimeMs' \(the satisficing metric\); it has accuracy/);
    expect(() => selectModel([], { optimize: { metric: 'a', goal: 'max' } })).toThrow(MetricInputError);
    expect(() =>
      selectModel(candidates, { optimize: { metric: 'accuracy', goal: 'max' }, satisfice: [{ metric: 'runtimeMs' }] }),
    ).toThrow(/needs a max, a min or both/);
  });
});

describe('measureLatency', () => {
  it('awaits async work and reports ordered statistics', async () => {
    const latency = await measureLatency(() => new Promise((resolve) => setTimeout(resolve, 5)), {
      warmup: 1,
      runs: 5,
    });
    expect(latency.runs).toBe(5);
    expect(latency.minMs).toBeGreaterThanOrEqual(4); // timers may fire up to 1 ms early
    expect(latency.minMs).toBeLessThanOrEqual(latency.p50Ms);
    expect(latency.p50Ms).toBeLessThanOrEqual(latency.p95Ms);
    expect(latency.p95Ms).toBeLessThanOrEqual(latency.maxMs);
  });

  it('reads and disposes a returned tensor-like value', async () => {
    let reads = 0;
    let disposals = 0;
    await measureLatency(
      () => ({
        data: async () => {
          reads++;
        },
        dispose: () => {
          disposals++;
        },
      }),
      { warmup: 2, runs: 3 },
    );
    expect([reads, disposals]).toEqual([5, 5]);
  });

  it('rejects bad run counts', async () => {
    await expect(measureLatency(() => 1, { runs: 0 })).rejects.toThrow(
      /runs must be an integer in \[1, 1000000\], got 0/,
    );
    // null is a mistake, not "the default 20"; 2^31 synchronous calls would freeze the process.
    await expect(measureLatency(() => 1, { runs: null as never })).rejects.toThrow(/runs must be .* got null/);
    await expect(measureLatency(() => 1, { runs: 2 ** 31 })).rejects.toThrow(/got 2147483648/);
  });
});
