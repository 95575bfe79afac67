// A child process trains with checkpoints, is SIGKILLed at random moments, resumes, and ends with
// parameters bit-identical to an uninterrupted run.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { loadCheckpoint } from '../src/node.js';

const script = join(import.meta.dirname, 'fixtures/train_run.mjs');

function run(dir: string, out: string, killAfterMs?: number): Promise<'finished' | 'killed'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, dir, out], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('finished');
      else reject(new Error(`training exited with ${code}: ${stderr}`));
    });
  });
}

it('resumes after SIGKILLs at random moments with bit-identical parameters', async () => {
  const work = mkdtempSync(join(tmpdir(), 'kill-resume-'));
  const straight = join(work, 'straight.json');
  const started = performance.now();
  expect(await run('-', straight)).toBe('finished');
  const fullMs = performance.now() - started;

  const dir = join(work, 'checkpoints');
  const resumed = join(work, 'resumed.json');
  const rng = createRng('kill-points');
  const outcomes: string[] = [];
  for (let attempt = 0; attempt < 12 && !existsSync(resumed); attempt++) {
    // Kill somewhere between 20 % and 90 % of a full run's time: mid-epoch, mid-write, anywhere.
    const killAt = attempt < 3 ? rng.uniform(0.2, 0.9) * fullMs : undefined;
    outcomes.push(await run(dir, resumed, killAt));
  }
  expect(outcomes.filter((o) => o === 'killed').length).toBeGreaterThanOrEqual(1);
  expect(outcomes[outcomes.length - 1]).toBe('finished');
  const a = JSON.parse(readFileSync(straight, 'utf8'));
  const b = JSON.parse(readFileSync(resumed, 'utf8'));
  expect(b.resumedFrom).toBeGreaterThan(0); // the last run really continued from a checkpoint
  expect(b.params).toEqual(a.params);
  expect(b.history).toEqual(a.history);
  expect(b.learningRates).toEqual(a.learningRates); // the decay continued where it stopped
}, 240_000);

it('skips a corrupt checkpoint and uses the previous good one', async () => {
  const work = mkdtempSync(join(tmpdir(), 'corrupt-'));
  const dir = join(work, 'checkpoints');
  await run(dir, join(work, 'out.json'));
  const files = readdirSync(dir)
    .filter((f) => f.startsWith('checkpoint-'))
    .sort();
  const newest = join(dir, files[files.length - 1]!);
  writeFileSync(newest, readFileSync(newest, 'utf8').slice(0, 500)); // a partial write
  const loaded = await loadCheckpoint(dir);
  expect(loaded?.snapshot.epoch).toBe(7);
  expect(loaded?.skipped[0]).toContain('checkpoint-8.json');
}, 120_000);
