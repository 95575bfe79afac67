/** A trial to run: its id and the configuration drawn for it. */
export interface TrialTask {
  readonly id: number;
  readonly params: Readonly<Record<string, unknown>>;
}

/** Runs trials and reports each result; `inProcess` one at a time, others in parallel. */
export interface Executor {
  readonly name: string;
  run(tasks: readonly TrialTask[], onResult: (task: TrialTask, metrics: Record<string, number>) => void): Promise<void>;
}

export type Objective = (
  params: Readonly<Record<string, unknown>>,
  trial: { id: number },
) => Promise<Record<string, number>> | Record<string, number>;

/** Trials one after another in this thread: the "panda" way, one model babysat at a time. */
export function inProcess(objective: Objective): Executor {
  return {
    name: 'inProcess',
    async run(tasks, onResult) {
      for (const task of tasks) onResult(task, await objective(task.params, { id: task.id }));
    },
  };
}
