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

/** Runs the training child; with `kill`, SIGKILLs it `delayMs` after it reports epoch `afterEpoch`. */
function run(dir: string, out: string, kill?: { afterEpoch: number; delayMs: number }): Promise<'finished' | 'killed'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, dir, out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    // Progress prints one line per epoch off a terminal: "epoch 3: train loss …".
    child.stdout.on('data', (chunk: Buffer) => {
      for (const [, epoch] of chunk.toString().matchAll(/^epoch (\d+):/gm)) {
        if (kill && timer === undefined && Number(epoch) >= kill.afterEpoch)
          timer = setTimeout(() => child.kill('SIGKILL'), kill.delayMs);
      }
    });
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
  const epochMs = fullMs / 8;
  for (let attempt = 0; attempt < 12 && !existsSync(resumed); attempt++) {
    // Three kills at random moments (mid-epoch, mid-evaluation, mid-write) after a random epoch
    // that leaves at least two to go, then a run to the end.
    const kill = attempt < 3 ? { afterEpoch: 1 + rng.int(6), delayMs: rng.uniform(0, epochMs) } : undefined;
    outcomes.push(await run(dir, resumed, kill));
  }
  expect(outcomes.filter((o) => o === 'killed').length).toBeGreaterThanOrEqual(1);
  expect(outcomes[outcomes.length - 1]).toBe('finished');
  const a = JSON.parse(readFileSync(straight, 'utf8'));
  const b = JSON.parse(readFileSync(resumed, 'utf8'));
  expect(b.resumedFrom).toMatch(/^\d+:\d+$/); // the last run really continued from a checkpoint (epochs:batches)
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
