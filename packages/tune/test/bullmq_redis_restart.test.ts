// Redis killed mid-study: the coordinator reports it within its stated bound (pollMs + 2 s) and
// either goes on when Redis returns (a restarted, empty redis-server on the same random port) or
// fails with a typed error after redisDownTimeoutMs, keeping the completed trials. Never hangs.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { onWarning } from '@mlrecipe/core';
import { systemResource } from '@mlrecipe/tensor/testing';
import { afterAll, expect, it } from 'vitest';
import { logUniform, randomSearch, StudyFailedError } from '../src/index.js';
import { bullmq } from '../src/node.js';
import { objective } from './fixtures/objective.mjs';

const REDIS = '/usr/bin/redis-server';
const ready = systemResource(REDIS, 'redis-server', 'bullmq Redis-restart test');
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

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

async function startRedis(port: number): Promise<ChildProcess> {
  const redis = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(redis);
  await waitForLine(redis, /Ready to accept connections/);
  return redis;
}

async function startWorker(port: number, queueName: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [join(import.meta.dirname, 'fixtures/bullmq_worker.mjs'), String(port), queueName, 'slow'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  await waitForLine(child, /ready/);
  return child;
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const options = {
  space: { lr: logUniform(1e-5, 1) },
  trials: 8,
  seed: 7,
  optimize: { metric: 'devError', goal: 'min' as const },
};

it.runIf(ready)(
  'goes on when a killed Redis is restarted mid-study, re-queuing the trials it lost',
  async () => {
    const port = await freePort();
    const queueName = `restart-${port}`;
    let redis = await startRedis(port);
    await startWorker(port, queueName);
    const notices: Array<{ at: number; code: string; message: string }> = [];
    const stop = onWarning((w) => notices.push({ at: Date.now(), code: w.code, message: w.message }));
    let killedAt = 0;
    const study = randomSearch({
      ...options,
      executor: bullmq({
        connection: { port },
        queueName,
        pollMs: 100,
        redisDownTimeoutMs: 30_000,
      }),
      onTrial: (_, done) => {
        if (done === 2 && killedAt === 0) {
          killedAt = Date.now();
          void (async () => {
            await killed(redis);
            await new Promise((r) => setTimeout(r, 3_000));
            redis = await startRedis(port);
          })();
        }
      },
    });
    const result = await study;
    const local = await randomSearch({ ...options, objective });
    expect(result.trials).toEqual(local.trials);
    expect(result.failures).toEqual([]);
    stop();
    expect(notices.map((n) => n.code)).toEqual(['REDIS_LOST', 'REDIS_BACK']);
    expect(notices[0]!.message).toMatch(new RegExp(`^bullmq: Redis at 127.0.0.1:${port} is unreachable`));
    expect(notices[0]!.at - killedAt).toBeLessThan(100 + 2_000 + 500); // the stated bound, pollMs + 2 s, plus slack
    expect(notices[1]!.message).toMatch(/is back after \d+\.\d s; \d+ trial\(s\) it lost were queued again/);
  },
  90_000,
);

it.runIf(ready)(
  'fails with a typed error when Redis does not return, keeping the completed trials',
  async () => {
    const port = await freePort();
    const queueName = `gone-${port}`;
    const redis = await startRedis(port);
    await startWorker(port, queueName);
    const notices: string[] = [];
    const stop = onWarning((w) => notices.push(w.message));
    let killedAt = 0;
    const error = await randomSearch({
      ...options,
      executor: bullmq({
        connection: { port },
        queueName,
        pollMs: 100,
        redisDownTimeoutMs: 2_000,
      }),
      onTrial: (_, done) => {
        if (done === 2 && killedAt === 0) {
          killedAt = Date.now();
          void killed(redis);
        }
      },
    }).catch((e: unknown) => e);
    const elapsed = Date.now() - killedAt;
    expect(error).toBeInstanceOf(StudyFailedError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `Redis at 127.0.0.1:${port} has been unreachable for \\d+\\.\\d s \\(more than redisDownTimeoutMs = 2000 ms\\)`,
      ),
    );
    expect((error as StudyFailedError).completed.length).toBeGreaterThanOrEqual(2);
    stop();
    expect(notices[0]).toMatch(/is unreachable/);
    expect(elapsed).toBeLessThan(2_000 + 2 * 2_000 + 1_000); // timeout + at most one poll in flight + slack
  },
  60_000,
);
