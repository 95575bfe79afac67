// A failing trial (throw, NaN, timeout, busy loop, lost worker) is recorded with its reason and
// the study goes on, unless maxFailures is crossed; completed trials are never discarded.
import { describe, expect, it } from 'vitest';
import { logUniform, randomSearch, StudyFailedError, TuneError } from '../src/index.js';
import { workerThreads } from '../src/node.js';
import { objective } from './fixtures/objective.mjs';

const fixture = new URL('./fixtures/objective.mjs', import.meta.url).href;
const base = {
  space: { lr: logUniform(1e-5, 1) },
  trials: 7,
  seed: 5,
  optimize: { metric: 'devError', goal: 'min' as const },
};

describe('in process', () => {
  it('records a throwing trial, a NaN trial and a trial past its timeout, and keeps the others', async () => {
    const failures: number[] = [];
    const result = await randomSearch({
      ...base,
      trialTimeoutMs: 200,
      onFailure: (f) => failures.push(f.id),
      objective: async (params, trial) => {
        if (trial.id === 1) throw new RangeError('diverged');
        if (trial.id === 2) return { devError: Number.NaN };
        if (trial.id === 4) return new Promise<Record<string, number>>(() => {}); // never settles
        return objective(params);
      },
    });
    expect(result.trials.map((t) => t.id)).toEqual([0, 3, 5, 6]);
    expect(result.failures.map((f) => [f.id, f.kind])).toEqual([
      [1, 'threw'],
      [2, 'nonFinite'],
      [4, 'timeout'],
    ]);
    expect(result.failures[0]!.reason).toBe('RangeError: diverged');
    expect(result.failures[1]!.reason).toBe('metric devError is NaN, not a finite number');
    expect(result.failures[2]!.reason).toBe('did not finish within trialTimeoutMs = 200 ms');
    expect(failures).toEqual([1, 2, 4]); // reported as each trial ended, not after the study
    // The best is chosen among the completed trials only, and equals the one a clean study finds among them.
    const clean = await randomSearch({ ...base, objective });
    const kept = clean.trials.filter((t) => [0, 3, 5, 6].includes(t.id));
    expect(result.trials).toEqual(kept);
    expect(result.best!.id).toBe(kept.reduce((a, b) => (b.metrics.devError! < a.metrics.devError! ? b : a)).id);
  });

  it('gives up with StudyFailedError once maxFailures is crossed, keeping every completed trial', async () => {
    const persisted: number[] = [];
    const error = await randomSearch({
      ...base,
      maxFailures: 1,
      onTrialAsync: async (t) => {
        persisted.push(t.id);
      },
      objective: (params, trial) => {
        if (trial.id === 2 || trial.id === 4) throw new Error(`bad trial ${trial.id}`);
        return objective(params);
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StudyFailedError);
    const { completed, failures, message } = error as StudyFailedError;
    expect(completed.map((t) => t.id)).toEqual([0, 1, 3]);
    expect(persisted).toEqual([0, 1, 3]);
    expect(failures.map((f) => f.id)).toEqual([2, 4]);
    expect(message).toMatch(
      /^randomSearch: 2 trials failed, more than maxFailures = 1; 3 completed trial\(s\) are kept/,
    );
    expect(message).toContain('trial 4 (threw): Error: bad trial 4');
  });

  it('checks the study options before any trial runs', async () => {
    let ran = 0;
    const run = (extra: Record<string, unknown>) =>
      randomSearch({
        ...base,
        objective: () => {
          ran++;
          return { devError: 1 };
        },
        ...extra,
      } as never);
    await expect(run({ trialTimeoutMs: -5 })).rejects.toThrow(
      /trialTimeoutMs must be a positive number of milliseconds/,
    );
    await expect(run({ maxFailures: 1.5 })).rejects.toThrow(
      /maxFailures must be an integer ≥ 0 \(or Infinity\), got 1.5/,
    );
    await expect(run({ optimize: { metric: 'devError', goal: 'lowest' } })).rejects.toThrow(
      /optimize.goal must be 'min' or 'max', got "lowest"/,
    );
    await expect(run({ space: { lr: 0.1 } })).rejects.toBeInstanceOf(TuneError);
    await expect(run({ trials: '3' })).rejects.toThrow(/trials must be a positive integer up to 1000000, got "3"/);
    expect(ran).toBe(0);
  });
});

describe('worker threads', () => {
  it('records throw, NaN, busy-loop timeout and a worker that always exits, and finishes the others', async () => {
    const started = Date.now();
    const result = await randomSearch({
      ...base,
      trialTimeoutMs: 3_000,
      executor: workerThreads({ module: fixture, exportName: 'faulty' }, { workers: 2, retries: 1 }),
    });
    expect(result.trials.map((t) => t.id)).toEqual([0, 3, 6]);
    expect(result.failures.map((f) => [f.id, f.kind])).toEqual([
      [1, 'threw'],
      [2, 'nonFinite'],
      [4, 'timeout'],
      [5, 'lostWorker'],
    ]);
    expect(result.failures[0]!.reason).toMatch(/^threw: Error: diverged/);
    expect(result.failures[2]!.reason).toBe(
      'did not finish within trialTimeoutMs = 3000 ms; its worker was terminated',
    );
    expect(result.failures[3]!.reason).toBe('lost its worker 2 times (exit code 3); giving up on it');
    expect(Date.now() - started).toBeLessThan(30_000); // the busy loop was cut, not waited for
    const clean = await randomSearch({ ...base, objective });
    expect(result.trials).toEqual(clean.trials.filter((t) => [0, 3, 6].includes(t.id)));
  });
});
