// The distributed executor against a real redis-server (Debian redis-server, installed by .ci/run)
// on 127.0.0.1 with a random port, two worker processes, and one of them killed mid-trial.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemResource } from '@mlrecipe/tensor/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { logUniform, randomSearch, TuneError } from '../src/index.js';
import { bullmq } from '../src/node.js';
import { objective } from './fixtures/objective.mjs';

const REDIS = '/usr/bin/redis-server';
const available = systemResource(REDIS, 'redis-server', 'bullmq test');
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (pattern.test(chunk.toString())) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before ${pattern}`)));
  });
}

let port = 0;
beforeAll(async () => {
  if (!available) return;
  port = await freePort();
  const redis = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(redis);
  await waitForLine(redis, /Ready to accept connections/);
});

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

it.runIf(available)(
  'runs a study over two worker processes on Redis and retries the trial of a killed worker',
  async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'bullmq-')), 'killed');
    const queueName = `test-${port}`;
    const workers = [0, 1].map(() => {
      const child = spawn(
        process.execPath,
        [join(import.meta.dirname, 'fixtures/bullmq_worker.mjs'), String(port), queueName],
        {
          env: { ...process.env, MLRECIPE_TUNE_MARKER: marker },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      children.push(child);
      return child;
    });
    await Promise.all(workers.map((w) => waitForLine(w, /ready/)));
    const exits = workers.map(
      (w) =>
        new Promise<number | null>((resolve) => w.once('exit', (_, signal) => resolve(signal === 'SIGKILL' ? -9 : 0))),
    );

    const options = {
      space: { lr: logUniform(1e-5, 1) },
      trials: 6,
      seed: 5,
      optimize: { metric: 'devError', goal: 'min' as const },
    };
    const distributed = await randomSearch({ ...options, executor: bullmq({ connection: { port }, queueName }) });
    const local = await randomSearch({ ...options, objective });
    expect(distributed.trials).toEqual(local.trials);
    const killedPid = Number(readFileSync(marker, 'utf8'));
    expect(workers.map((w) => w.pid)).toContain(killedPid);
    expect(await Promise.race([Promise.any(exits), new Promise((r) => setTimeout(() => r('none'), 100))])).toBe(-9);
  },
  60_000,
);

it('says clearly when Redis cannot be reached', async () => {
  const unused = await freePort();
  const result = randomSearch({
    space: { lr: logUniform(1e-5, 1) },
    trials: 1,
    optimize: { metric: 'devError', goal: 'min' },
    executor: bullmq({ connection: { port: unused } }),
  });
  await expect(result).rejects.toBeInstanceOf(TuneError);
  await expect(result).rejects.toThrow(new RegExp(`cannot reach Redis at 127.0.0.1:${unused}`));
});
