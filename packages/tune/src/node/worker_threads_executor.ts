import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { TuneError } from '../errors.js';
import type { Executor, TrialTask } from '../executor.js';

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
 * objective module. A trial whose worker dies is retried on a new worker, never lost.
 */
export function workerThreads(
  objective: ObjectiveModule,
  { workers = os.cpus().length, retries = 2 }: WorkerThreadsOptions = {},
): Executor {
  if (!(Number.isInteger(workers) && workers >= 1))
    throw new TuneError(`workerThreads: workers must be a positive integer, got ${workers}`);
  if (typeof objective?.module !== 'string')
    throw new TuneError('workerThreads: give the objective as { module: url, exportName }');
  const exportName = objective.exportName ?? 'objective';
  return {
    name: `workerThreads(${workers})`,
    run(tasks, onResult) {
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
          if (!failed && queue.length === 0 && running === 0) resolve();
        };
        const start = () => {
          const worker = new Worker(WORKER_SOURCE, {
            eval: true,
            workerData: { module: objective.module, exportName },
            execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type')),
          });
          let current: TrialTask | undefined;
          const next = () => {
            current = queue.shift();
            if (current === undefined) {
              void worker.terminate();
              return;
            }
            running++;
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
                current = undefined;
                running--;
                onResult(task, message.metrics!);
                next();
                finishIfDone();
              } else if (message.type === 'error') {
                fail(new TuneError(`workerThreads: trial ${message.id} threw: ${message.message}`));
                void worker.terminate();
              }
            },
          );
          worker.on('exit', (code) => {
            if (current === undefined || failed) return;
            // The worker died mid-trial: requeue the trial on a fresh worker.
            const task = current;
            current = undefined;
            running--;
            const tries = (attempts.get(task.id) ?? 0) + 1;
            attempts.set(task.id, tries);
            if (tries > retries) {
              fail(
                new TuneError(
                  `workerThreads: trial ${task.id} lost its worker ${tries} times (exit code ${code}); giving up`,
                ),
              );
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
