/** A trial to run: its id and the configuration drawn for it. */
export interface TrialTask {
  readonly id: number;
  readonly params: Readonly<Record<string, unknown>>;
}

/** Runs trials and reports each result; `inProcess` one at a time, others in parallel. */
export interface Executor {
  readonly name: string;
  /** Runs every task and calls `onResult` with each one's metrics as it finishes (in any order). */
  run(tasks: readonly TrialTask[], onResult: (task: TrialTask, metrics: Record<string, number>) => void): Promise<void>;
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
 */
export function inProcess(
  objective: Objective,
  { watch }: { watch?: (trialId: number, epoch: number, metrics: Readonly<Record<string, number>>) => Decision } = {},
): Executor {
  return {
    name: 'inProcess',
    async run(tasks, onResult) {
      for (const task of tasks) {
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
        onResult(task, await objective(task.params, handle));
      }
    },
  };
}
