import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { TuneError } from '../errors.js';
import type { Executor, TrialTask } from '../executor.js';
import { describe, type FailureKind } from '../trial_failure.js';
import { positiveInteger } from '../validate.js';

/** Where a worker finds the objective: a module URL (file://…) or package name, and its export. */
export interface ObjectiveModule {
  readonly module: string;
  readonly exportName?: string;
}

/** Options of `workerThreads`: how many trials at once, and retries when a worker dies. */
export interface WorkerThreadsOptions {
  /** Parallel trials. Default: every logical core. */
  workers?: number;
  /** Times a trial is retried when its worker dies (crash, process.exit, out of memory). Default 2. */
  retries?: number;
}

// A classic script (eval workers are not ES modules) that imports the objective module.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.module).then((mod) => {
  const objective = mod[workerData.exportName];
  if (typeof objective !== 'function') {
    parentPort.postMessage({ type: 'fatal', message: 'no function export "' + workerData.exportName + '" in ' + workerData.module });
    return;
  }
  parentPort.on('message', async (task) => {
    try {
      const metrics = await objective(task.params, { id: task.id, report() {}, stopped: false, learningRate: undefined });
      parentPort.postMessage({ type: 'result', id: task.id, metrics });
    } catch (error) {
      parentPort.postMessage({ type: 'error', id: task.id, message: String((error && error.stack) || error) });
    }
  });
  parentPort.postMessage({ type: 'ready' });
}, (error) => parentPort.postMessage({ type: 'fatal', message: 'cannot load ' + workerData.module + ': ' + ((error && error.message) || error) }));
`;

/**
 * Many models in parallel ("caviar"): each trial runs in a worker thread that imports the
 * objective module. A trial whose worker dies is retried on a new worker (`retries` times), then
 * recorded as failed ('lostWorker'); a trial that throws is recorded as failed ('threw'); with the
 * study's `trialTimeoutMs`, a trial still running then — even a synchronous busy loop — has its
 * worker terminated and is recorded as failed ('timeout'). The other trials go on in every case.
 */
export function workerThreads(objective: ObjectiveModule, threadOptions: WorkerThreadsOptions = {}): Executor {
  if (threadOptions === null || typeof threadOptions !== 'object' || Array.isArray(threadOptions))
    throw new TuneError(`workerThreads: options must be an object, got ${describe(threadOptions)}`);
  const { workers = os.cpus().length, retries = 2 } = threadOptions;
  positiveInteger(workers, 'workers', 'workerThreads', 1024);
  if (!(Number.isInteger(retries) && retries >= 0 && retries <= 100))
    throw new TuneError(`workerThreads: retries must be an integer in [0, 100], got ${describe(retries)}`);
  if (objective === null || typeof objective !== 'object' || typeof objective.module !== 'string')
    throw new TuneError(`workerThreads: give the objective as { module: url, exportName }, got ${describe(objective)}`);
  if (objective.exportName !== undefined && typeof objective.exportName !== 'string')
    throw new TuneError(`workerThreads: exportName must be a string, got ${describe(objective.exportName)}`);
  const exportName = objective.exportName ?? 'objective';
  return {
    name: `workerThreads(${workers})`,
    run(tasks, onResult, controls) {
      const queue = [...tasks];
      const attempts = new Map<number, number>();
      let running = 0;
      return new Promise<void>((resolve, reject) => {
        let failed = false;
        const fail = (error: Error) => {
          if (!failed) {
            failed = true;
            reject(error);
          }
        };
        const finishIfDone = () => {
          if (!failed && (queue.length === 0 || controls?.cancelled()) && running === 0) resolve();
        };
        // Without controls (an old caller), a failing trial fails the run as before.
        const trialFailed = (task: TrialTask, kind: FailureKind, reason: string) => {
          if (controls === undefined) fail(new TuneError(`workerThreads: trial ${task.id} ${reason}`));
          else controls.onFailure(task, kind, reason);
        };
        const start = () => {
          const worker = new Worker(WORKER_SOURCE, {
            eval: true,
            workerData: { module: objective.module, exportName },
            execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type')),
          });
          let current: TrialTask | undefined;
          let timer: ReturnType<typeof setTimeout> | undefined;
          let timedOut = false;
          const settle = () => {
            clearTimeout(timer);
            current = undefined;
            running--;
          };
          const next = () => {
            current = controls?.cancelled() ? undefined : queue.shift();
            if (current === undefined) {
              void worker.terminate();
              return;
            }
            running++;
            const limit = controls?.trialTimeoutMs;
            if (limit !== undefined) {
              const task = current;
              timer = setTimeout(() => {
                if (current !== task) return;
                // Terminating is the only way to stop a trial that never yields (a busy loop).
                timedOut = true;
                settle();
                trialFailed(
                  task,
                  'timeout',
                  `did not finish within trialTimeoutMs = ${limit} ms; its worker was terminated`,
                );
                void worker.terminate();
                if (queue.length > 0 && !controls?.cancelled()) start();
                finishIfDone();
              }, limit);
            }
            worker.postMessage(current);
          };
          worker.on(
            'message',
            (message: { type: string; id?: number; metrics?: Record<string, number>; message?: string }) => {
              if (message.type === 'ready') next();
              else if (message.type === 'fatal') {
                fail(new TuneError(`workerThreads: ${message.message}`));
                void worker.terminate();
              } else if (message.type === 'result' && current !== undefined) {
                const task = current;
                settle();
                onResult(task, message.metrics!);
                next();
                finishIfDone();
              } else if (message.type === 'error' && current !== undefined) {
                const task = current;
                settle();
                trialFailed(task, 'threw', `threw: ${message.message}`);
                next();
                finishIfDone();
              }
            },
          );
          worker.on('exit', (code) => {
            if (current === undefined || failed || timedOut) return;
            // The worker died mid-trial: requeue the trial on a fresh worker.
            const task = current;
            settle();
            const tries = (attempts.get(task.id) ?? 0) + 1;
            attempts.set(task.id, tries);
            if (tries > retries) {
              trialFailed(task, 'lostWorker', `lost its worker ${tries} times (exit code ${code}); giving up on it`);
              if (queue.length > 0 && !controls?.cancelled()) start();
              finishIfDone();
              return;
            }
            queue.unshift(task);
            start();
          });
          worker.on('error', () => {}); // an uncaught error ends in 'exit', handled above
        };
        for (let i = 0; i < Math.min(workers, queue.length); i++) start();
        finishIfDone();
      });
    },
  };
}
