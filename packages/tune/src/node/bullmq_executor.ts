import { randomUUID } from 'node:crypto';
import { MlrecipeWarning, warn } from '@mlrecipe/core';
import { TuneError } from '../errors.js';
import type { Executor, TrialHandle, TrialTask } from '../executor.js';
import { describe, type FailureKind } from '../trial_failure.js';
import { positiveInteger } from '../validate.js';
import type { ObjectiveModule } from './worker_threads_executor.js';

/** Where the Redis server of the BullMQ queue listens. */
export interface RedisConnection {
  readonly host?: string;
  readonly port?: number;
}

/** Options of `bullmq`: the Redis connection, the queue and study names, and attempts per trial. */
export interface BullmqOptions {
  connection: RedisConnection;
  /** The queue trials go through. Default 'mlrecipe-tune'. */
  queueName?: string;
  /** Names this study's jobs; reuse it to resume a study (finished trials are not run again). Default: random. */
  study?: string;
  /** Attempts per trial when its worker fails it or dies. Default 3. */
  attempts?: number;
  /** How often the coordinator asks Redis how the trials are doing. Default 250 ms. */
  pollMs?: number;
  /**
   * How long Redis may be unreachable mid-study before the study fails with a TuneError. The loss
   * is reported (a `REDIS_LOST` warning through `@mlrecipe/core`'s channel) within pollMs + 2 s of
   * it; if Redis returns in time (`REDIS_BACK`), trials it lost (a restart without persistence) are
   * queued again and the study goes on. Default 60 s.
   */
  redisDownTimeoutMs?: number;
}

// One Redis round trip must answer within this, or Redis counts as unreachable.
const CALL_TIMEOUT_MS = 2_000;

async function assertReachable({ host = '127.0.0.1', port = 6379 }: RedisConnection): Promise<void> {
  const { Redis } = await import('ioredis');
  const client = new Redis({
    host,
    port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 3000,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new TuneError(
      `bullmq: cannot reach Redis at ${host}:${port} (${(error as Error).message}); start redis-server there or pass the right { host, port }`,
    );
  } finally {
    client.disconnect();
  }
}

/**
 * Trials distributed over BullMQ on Redis, so a study can span machines: this side queues the
 * trials and collects results; `startBullmqWorker` processes them anywhere that reaches Redis. A
 * trial whose worker dies is noticed by BullMQ (its lock expires) and run again by another worker;
 * a trial that fails all its attempts is recorded as failed and the study goes on.
 *
 * The coordinator polls Redis (every `pollMs`) rather than waiting on its event stream, so a
 * Redis that goes away cannot leave it hanging: it warns within pollMs + 2 s, waits up to
 * `redisDownTimeoutMs` for Redis to return (re-queuing any trial a restart lost), and otherwise
 * fails with a TuneError; the completed trials are kept (see StudyFailedError).
 */
export function bullmq(options: BullmqOptions): Executor {
  if (
    options === null ||
    typeof options !== 'object' ||
    options.connection === null ||
    typeof options.connection !== 'object'
  ) {
    throw new TuneError(`bullmq: give { connection: { host, port } }, got ${describe(options)}`);
  }
  if ('warn' in options)
    throw new TuneError(
      `bullmq: the warn option was removed: warnings go through @mlrecipe/core's one channel (onWarning, setWarningHandler, captureWarnings)`,
    );
  const {
    connection,
    queueName = 'mlrecipe-tune',
    study = randomUUID(),
    attempts = 3,
    pollMs = 250,
    redisDownTimeoutMs = 60_000,
  } = options;
  if (Array.isArray(connection))
    throw new TuneError(`bullmq: connection must be { host, port }, got ${describe(connection)}`);
  // Only an absent field takes the default: a null port is a mistake, not "the default port".
  const redis = {
    host: connection.host === undefined ? '127.0.0.1' : connection.host,
    port: connection.port === undefined ? 6379 : connection.port,
  };
  if (typeof redis.host !== 'string')
    throw new TuneError(`bullmq: connection.host must be a string, got ${describe(redis.host)}`);
  if (!(Number.isInteger(redis.port) && redis.port >= 1 && redis.port <= 65535))
    throw new TuneError(`bullmq: connection.port must be an integer in [1, 65535], got ${describe(redis.port)}`);
  if (typeof queueName !== 'string' || queueName === '')
    throw new TuneError(`bullmq: queueName must be a non-empty string, got ${describe(queueName)}`);
  if (typeof study !== 'string' || study === '')
    throw new TuneError(`bullmq: study must be a non-empty string, got ${describe(study)}`);
  positiveInteger(attempts, 'attempts', 'bullmq', 1000);
  if (!(typeof pollMs === 'number' && pollMs >= 10 && pollMs <= 60_000))
    throw new TuneError(`bullmq: pollMs must be in [10, 60000] ms, got ${describe(pollMs)}`);
  if (!(typeof redisDownTimeoutMs === 'number' && redisDownTimeoutMs > 0 && redisDownTimeoutMs <= 2 ** 31 - 1))
    throw new TuneError(
      `bullmq: redisDownTimeoutMs must be a positive number of ms, got ${describe(redisDownTimeoutMs)}`,
    );
  const where = `${redis.host}:${redis.port}`;
  return {
    name: `bullmq(${where}/${queueName})`,
    async run(tasks, onResult, controls) {
      await assertReachable(redis);
      const { Queue } = await import('bullmq');
      // Fail fast while Redis is away (no offline queue, no retries): the poll loop decides.
      const queue = new Queue(queueName, {
        connection: { ...redis, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 500 },
      });
      queue.on('error', () => {}); // connection errors surface as failed polls below
      const jobId = (task: TrialTask) => `${study}-${task.id}`;
      const add = (task: TrialTask) =>
        queue.add('trial', task, {
          jobId: jobId(task),
          attempts,
          backoff: { type: 'fixed', delay: 100 },
          removeOnComplete: false,
          removeOnFail: false,
        });
      const pending = new Map(tasks.map((task) => [task.id, { task, activeSince: undefined as number | undefined }]));
      const trialFailed = (task: TrialTask, kind: FailureKind, reason: string) => {
        if (controls === undefined) throw new TuneError(`bullmq: trial ${task.id} ${reason}`);
        controls.onFailure(task, kind, reason);
      };
      let downSince: number | undefined;
      let lost = 0;
      try {
        await within(Promise.all(tasks.map(add)), CALL_TIMEOUT_MS * 5, 'queueing the trials');
        while (pending.size > 0 && !controls?.cancelled()) {
          try {
            lost += await within(poll(), CALL_TIMEOUT_MS, 'a status poll');
            if (downSince !== undefined) {
              const downMs = Date.now() - downSince;
              warn(
                new MlrecipeWarning(
                  'REDIS_BACK',
                  `bullmq: Redis at ${where} is back after ${(downMs / 1000).toFixed(1)} s` +
                    (lost > 0 ? `; ${lost} trial(s) it lost were queued again` : ''),
                  { where, downMs, requeued: lost },
                ),
              );
              downSince = undefined;
              lost = 0;
            }
          } catch (error) {
            if (error instanceof TuneError && !(error instanceof RedisUnreachable)) throw error;
            const now = Date.now();
            if (downSince === undefined) {
              downSince = now;
              warn(
                new MlrecipeWarning(
                  'REDIS_LOST',
                  `bullmq: Redis at ${where} is unreachable (${(error as Error).message}); ${pending.size} trial(s) unfinished; ` +
                    `waiting up to ${redisDownTimeoutMs / 1000} s for it to return`,
                  { where, unfinished: pending.size, redisDownTimeoutMs },
                ),
              );
            } else if (now - downSince > redisDownTimeoutMs) {
              throw new TuneError(
                `bullmq: Redis at ${where} has been unreachable for ${((now - downSince) / 1000).toFixed(1)} s ` +
                  `(more than redisDownTimeoutMs = ${redisDownTimeoutMs} ms); ${pending.size} trial(s) unfinished. ` +
                  'Restart redis-server and resume the study with the same study name and its completed trials',
                { cause: error },
              );
            }
          }
          await new Promise((resolve) => setTimeout(resolve, pollMs));
        }
      } finally {
        // With Redis gone, close() would wait for it: give up after a round trip and drop the socket.
        await within(queue.close(), CALL_TIMEOUT_MS, 'closing the queue').catch(() => {
          void queue.disconnect().catch(() => {});
        });
      }

      /** One look at every unfinished trial; returns how many had vanished (Redis restarted) and were queued again. */
      async function poll(): Promise<number> {
        let requeued = 0;
        const entries = [...pending.values()];
        const jobs = await Promise.all(entries.map(({ task }) => queue.getJob(jobId(task))));
        const states = await Promise.all(jobs.map((job) => job?.getState()));
        for (const [i, entry] of entries.entries()) {
          const { task } = entry;
          const job = jobs[i];
          const state = states[i];
          if (job === undefined || job === null || state === undefined || state === 'unknown') {
            await add(task);
            requeued++;
            continue;
          }
          if (state === 'completed') {
            pending.delete(task.id);
            onResult(task, job.returnvalue as Record<string, number>);
          } else if (state === 'failed') {
            pending.delete(task.id);
            const reason = job.failedReason ?? 'unknown reason';
            trialFailed(
              task,
              /stalled/i.test(reason) ? 'lostWorker' : 'threw',
              `failed ${job.attemptsMade} attempt(s) on its workers: ${reason}`,
            );
          } else if (state === 'active' && controls?.trialTimeoutMs !== undefined) {
            entry.activeSince ??= Date.now();
            if (Date.now() - entry.activeSince > controls.trialTimeoutMs) {
              pending.delete(task.id);
              trialFailed(task, 'timeout', `did not finish within trialTimeoutMs = ${controls.trialTimeoutMs} ms`);
            }
          }
        }
        return requeued;
      }
    },
  };
}

/** A Redis call did not answer in time: Redis counts as unreachable. */
class RedisUnreachable extends TuneError {}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisUnreachable(`${what} got no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } catch (error) {
    if (error instanceof TuneError) throw error;
    throw new RedisUnreachable((error as Error)?.message ?? String(error), { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** Options of `startBullmqWorker`: the Redis connection, the objective module, the queue and the concurrency. */
export interface BullmqWorkerOptions {
  connection: RedisConnection;
  objective: ObjectiveModule;
  queueName?: string;
  /** Trials this worker runs at once. Default 1. */
  concurrency?: number;
  /** How long a trial's lock lasts without renewal; a dead worker's trial is retried after it. Default 30 s. */
  lockDurationMs?: number;
  /** How often stalled trials (dead workers) are looked for. Default 5 s. */
  stalledIntervalMs?: number;
}

/** Starts a BullMQ worker in this process that runs trials with the objective module. */
export async function startBullmqWorker({
  connection,
  objective,
  queueName = 'mlrecipe-tune',
  concurrency = 1,
  lockDurationMs = 30_000,
  stalledIntervalMs = 5_000,
}: BullmqWorkerOptions): Promise<{
  /** Stops taking trials and closes the worker's Redis connection. */
  close(): Promise<void>;
}> {
  const redis = { host: connection.host ?? '127.0.0.1', port: connection.port ?? 6379 };
  await assertReachable(redis);
  const mod = (await import(objective.module).catch((error: Error) => {
    throw new TuneError(`startBullmqWorker: cannot load ${objective.module}: ${error.message}`);
  })) as Record<string, unknown>;
  const fn = mod[objective.exportName ?? 'objective'];
  if (typeof fn !== 'function')
    throw new TuneError(
      `startBullmqWorker: no function export "${objective.exportName ?? 'objective'}" in ${objective.module}`,
    );
  const { Worker } = await import('bullmq');
  const worker = new Worker(
    queueName,
    async (job) => {
      const handle: TrialHandle = { id: job.data.id, report() {}, stopped: false, learningRate: undefined };
      return fn(job.data.params, handle);
    },
    {
      connection: redis,
      concurrency,
      lockDuration: lockDurationMs,
      stalledInterval: stalledIntervalMs,
      maxStalledCount: 3,
    },
  );
  // A worker outlives a Redis restart: BullMQ reconnects; errors meanwhile must not crash the process.
  worker.on('error', () => {});
  await worker.waitUntilReady();
  return { close: () => worker.close() };
}
