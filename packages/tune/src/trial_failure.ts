import { TuneError } from './errors.js';

/** Why a trial failed: its objective threw, returned a non-finite metric, ran past the timeout, or lost its worker every retry. */
export type FailureKind = 'threw' | 'nonFinite' | 'timeout' | 'lostWorker';

/** A trial that did not produce metrics, with the reason. The study goes on without it. */
export interface FailedTrial {
  readonly id: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly kind: FailureKind;
  readonly reason: string;
}

/** What an executor is told besides the tasks: where failures go, and the per-trial time limit. */
export interface RunControls {
  /** Report a trial that failed; the executor then goes on with the next ones. */
  readonly onFailure: (
    task: { id: number; params: Readonly<Record<string, unknown>> },
    kind: FailureKind,
    reason: string,
  ) => void;
  /** A trial running longer than this fails with kind 'timeout'. Undefined: no limit. */
  readonly trialTimeoutMs?: number;
  /** True once the study gave up (maxFailures crossed): start no more trials. */
  readonly cancelled: () => boolean;
}

/**
 * More trials failed than the study allows (`maxFailures`). The completed trials are kept here
 * (and were persisted through `onTrialAsync` as they finished), so nothing is lost.
 */
export class StudyFailedError extends TuneError {
  readonly completed: ReadonlyArray<{
    id: number;
    params: Readonly<Record<string, unknown>>;
    metrics: Readonly<Record<string, number>>;
  }>;
  readonly failures: readonly FailedTrial[];

  constructor(
    message: string,
    completed: StudyFailedError['completed'],
    failures: readonly FailedTrial[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.completed = completed;
    this.failures = failures;
  }
}

/** Why a returned metrics object is unusable (a NaN objective, a string), or null when it is fine. */
export function metricsProblem(metrics: unknown): string | null {
  if (metrics === null || typeof metrics !== 'object' || Array.isArray(metrics)) {
    return `the objective returned ${describe(metrics)}; it must return an object of numbers such as { devError: 0.1 }`;
  }
  const entries = Object.entries(metrics);
  if (entries.length === 0) return 'the objective returned no metrics ({})';
  for (const [name, value] of entries) {
    if (typeof value !== 'number' || !Number.isFinite(value))
      return `metric ${name} is ${describe(value)}, not a finite number`;
  }
  return null;
}

export function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value)?.slice(0, 80) ?? String(value);
  } catch {
    return String(value);
  }
}

/** An error's message for a failure reason (Errors keep their name: "TypeError: …"). */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `threw ${describe(error)}`;
}
