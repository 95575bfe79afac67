// Messages between the page (main.ts) and the training worker (worker.ts).

/** Page → worker: what to run. */
export interface RunRequest {
  readonly backend: string;
  readonly web: number;
  readonly app: number;
  readonly epochs: number;
  readonly seed: number;
}

/** Worker → page. */
export type WorkerMessage =
  | { readonly type: 'backend'; readonly name: string; readonly reason: string }
  | { readonly type: 'status'; readonly text: string }
  | { readonly type: 'batches'; readonly losses: readonly number[] }
  | { readonly type: 'epoch'; readonly epoch: number; readonly trainLoss: number; readonly devError: number }
  | {
      readonly type: 'done';
      readonly diagnosis: string;
      readonly nextSteps: readonly string[];
      readonly errorTable?: string;
      readonly reportHtml: string;
    }
  | { readonly type: 'error'; readonly message: string; readonly stack: string };
