import { TuneError } from './errors.js';
import { describe, type RunControls, reasonOf } from './trial_failure.js';

/** A trial to run: its id and the configuration drawn for it. */
export interface TrialTask {
  readonly id: number;
  readonly params: Readonly<Record<string, unknown>>;
}

/**
 * Runs trials and reports each result; `inProcess` one at a time, others in parallel. A trial that
 * fails is reported through `controls.onFailure` and the executor goes on with the others; `run`
 * rejects only when it cannot run trials at all (an objective module that does not load, Redis
 * gone for good).
 */
export interface Executor {
  readonly name: string;
  /** Runs every task and calls `onResult` with each one's metrics as it finishes (in any order); `controls` carry the per-trial timeout and failure reports. */
  run(
    tasks: readonly TrialTask[],
    onResult: (task: TrialTask, metrics: Record<string, number>) => void,
    controls?: RunControls,
  ): Promise<void>;
}

/**
 * What an objective gets besides its configuration. `report` tells the watcher how an epoch went
 * and records its decision; `stopped` turns true once the watcher stops the trial; `learningRate`
 * is the rate the watcher last set (feed it to optim's `manual` schedule).
 */
export interface TrialHandle {
  readonly id: number;
  /** Tells the watcher how an epoch went (its decision may stop the trial or change its learning rate). */
  report(epoch: number, metrics: Readonly<Record<string, number>>): void;
  readonly stopped: boolean;
  readonly learningRate: number | undefined;
}

/** A watcher's answer to a report: go on, stop the trial, or change its learning rate. */
export type Decision = 'continue' | 'stop' | { learningRate: number };

/**
 * Trains and evaluates one configuration and returns its metrics. `P` is the configuration's type:
 * `ParamsOf<typeof space>` when the search knows the space, a plain record for executors.
 */
export type Objective<P = Readonly<Record<string, unknown>>> = (
  params: P,
  trial: TrialHandle,
) => Promise<Record<string, number>> | Record<string, number>;

/**
 * Trials one after another in this thread: the "panda" way, one model babysat at a time. With
 * `watch`, every `report` of the objective reaches you, and you can stop the trial or change its
 * learning rate while it trains.
 *
 * A trial that throws is recorded as failed. With the study's `trialTimeoutMs`, an objective that
 * has not settled in time fails with 'timeout' and `trial.stopped` turns true so that it can end
 * itself; an objective that never yields (a synchronous busy loop) cannot be interrupted in this
 * thread — run such objectives with workerThreads, which terminates the worker.
 */
export function inProcess(
  objective: Objective,
  executorOptions?: { watch?: (trialId: number, epoch: number, metrics: Readonly<Record<string, number>>) => Decision },
): Executor {
  if (typeof objective !== 'function') {
    throw new TuneError(
      `inProcess: objective must be a function (params, trial) => metrics, got ${describe(objective)}`,
    );
  }
  if (executorOptions !== undefined && (executorOptions === null || typeof executorOptions !== 'object')) {
    throw new TuneError(`inProcess: options must be { watch }, got ${describe(executorOptions)}`);
  }
  const watch = executorOptions?.watch;
  if (watch !== undefined && typeof watch !== 'function') {
    throw new TuneError(
      `inProcess: watch must be a function (trialId, epoch, metrics) => decision, got ${describe(watch)}`,
    );
  }
  return {
    name: 'inProcess',
    async run(tasks, onResult, controls) {
      for (const task of tasks) {
        if (controls?.cancelled()) return;
        let stopped = false;
        let learningRate: number | undefined;
        const handle: TrialHandle = {
          id: task.id,
          report(epoch, metrics) {
            const decision = watch?.(task.id, epoch, metrics) ?? 'continue';
            if (decision === 'stop') stopped = true;
            else if (typeof decision === 'object') learningRate = decision.learningRate;
          },
          get stopped() {
            return stopped;
          },
          get learningRate() {
            return learningRate;
          },
        };
        if (controls === undefined) {
          onResult(task, await objective(task.params, handle));
          continue;
        }
        let timer: ReturnType<typeof setTimeout> | undefined;
        const limit = controls.trialTimeoutMs;
        const timedOut = new Promise<'timeout'>((resolve) => {
          if (limit !== undefined) timer = setTimeout(() => resolve('timeout'), limit);
        });
        try {
          const outcome = await Promise.race([Promise.resolve().then(() => objective(task.params, handle)), timedOut]);
          if (outcome === 'timeout') {
            stopped = true;
            controls.onFailure(task, 'timeout', `did not finish within trialTimeoutMs = ${limit} ms`);
          } else onResult(task, outcome);
        } catch (error) {
          controls.onFailure(task, 'threw', reasonOf(error));
        } finally {
          clearTimeout(timer);
        }
      }
    },
  };
}
