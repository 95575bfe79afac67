import { randomUUID } from 'node:crypto';
import { TuneError } from '../errors.js';
import type { Executor, TrialHandle } from '../executor.js';
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
}

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
 * trial whose worker dies is noticed by BullMQ (its lock expires) and run again by another worker.
 */
export function bullmq({
  connection,
  queueName = 'mlrecipe-tune',
  study = randomUUID(),
  attempts = 3,
}: BullmqOptions): Executor {
  const redis = { host: connection.host ?? '127.0.0.1', port: connection.port ?? 6379 };
  return {
    name: `bullmq(${redis.host}:${redis.port}/${queueName})`,
    async run(tasks, onResult) {
      await assertReachable(redis);
      const { Queue, QueueEvents } = await import('bullmq');
      const queue = new Queue(queueName, { connection: redis });
      const events = new QueueEvents(queueName, { connection: redis });
      // One listener per job waiting on each emitter: raise Node's leak-warning limit to the study size.
      queue.setMaxListeners(tasks.length + 10);
      events.setMaxListeners(tasks.length + 10);
      try {
        await events.waitUntilReady();
        const jobs = await Promise.all(
          tasks.map((task) =>
            queue.add('trial', task, {
              jobId: `${study}-${task.id}`,
              attempts,
              backoff: { type: 'fixed', delay: 100 },
              removeOnComplete: false,
              removeOnFail: false,
            }),
          ),
        );
        await Promise.all(
          jobs.map(async (job, i) => {
            const metrics = (await job.waitUntilFinished(events)) as Record<string, number>;
            onResult(tasks[i]!, metrics);
          }),
        );
      } catch (error) {
        throw error instanceof TuneError
          ? error
          : new TuneError(`bullmq: ${(error as Error).message}`, { cause: error });
      } finally {
        await events.close();
        await queue.close();
      }
    },
  };
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
  await worker.waitUntilReady();
  return { close: () => worker.close() };
}
