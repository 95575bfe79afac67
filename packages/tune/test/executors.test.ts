import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logUniform, randomSearch, TuneError } from '../src/index.js';
import { studyFile, workerThreads } from '../src/node.js';
import { objective } from './fixtures/objective.mjs';

const fixture = new URL('./fixtures/objective.mjs', import.meta.url).href;
const base = {
  space: { lr: logUniform(1e-5, 1) },
  trials: 6,
  seed: 5,
  optimize: { metric: 'devError', goal: 'min' as const },
};

describe('workerThreads', () => {
  it('runs trials in parallel workers with the same results as in process', async () => {
    const local = await randomSearch({ ...base, objective });
    const parallel = await randomSearch({ ...base, executor: workerThreads({ module: fixture }, { workers: 2 }) });
    expect(parallel.trials).toEqual(local.trials);
    expect(parallel.best).toEqual(local.best);
  });

  it('retries a trial whose worker died instead of losing it', async () => {
    process.env.MLRECIPE_TUNE_MARKER = join(mkdtempSync(join(tmpdir(), 'tune-')), 'crashed');
    const result = await randomSearch({
      ...base,
      executor: workerThreads({ module: fixture, exportName: 'crashOnce' }, { workers: 2 }),
    });
    expect(readFileSync(process.env.MLRECIPE_TUNE_MARKER, 'utf8')).toBe('crashed'); // it really died once
    expect(result.trials.map((t) => t.id)).toEqual([0, 1, 2, 3, 4, 5]);
    delete process.env.MLRECIPE_TUNE_MARKER;
  });

  it('says when the objective module cannot be loaded', async () => {
    await expect(
      randomSearch({ ...base, executor: workerThreads({ module: 'file:///nowhere/objective.mjs' }, { workers: 1 }) }),
    ).rejects.toThrow(/cannot load file:\/\/\/nowhere\/objective.mjs/);
    expect(() => workerThreads({ module: fixture }, { workers: 0 })).toThrow(TuneError);
  });
});

describe('study files', () => {
  it('persist finished trials and resume an interrupted study with the same configurations', async () => {
    const study = studyFile(join(mkdtempSync(join(tmpdir(), 'study-')), 'study.jsonl'));
    const interrupted = randomSearch({
      ...base,
      executor: workerThreads({ module: fixture, exportName: 'failAtThree' }, { workers: 1 }),
      onTrialAsync: study.append,
    });
    // Trial 3 fails; the others finish and are persisted; resuming runs only trial 3 again.
    const first = await interrupted;
    expect(first.failures.map((f) => [f.id, f.kind])).toEqual([[3, 'threw']]);
    expect(first.failures[0]!.reason).toMatch(/^threw: Error: interrupted/);
    const saved = await study.load();
    expect(saved.map((t) => t.id).sort()).toEqual([0, 1, 2, 4, 5]);
    const resumed = await randomSearch({ ...base, objective, completed: saved, onTrialAsync: study.append });
    const straight = await randomSearch({ ...base, objective });
    expect(resumed.trials).toEqual(straight.trials);
    expect((await study.load()).map((t) => t.id).sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
