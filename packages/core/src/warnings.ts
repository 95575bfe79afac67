/**
 * The one warning channel of mlrecipe.
 *
 * A warning is advice about a call that succeeded: a score that was 0/0, a checkpoint skipped, a noise
 * clip reused too often. Every package emits it the same way, as a typed `MlrecipeWarning` with a
 * stable `code`, through `warn`; what happens to it is decided in one place, by the handler:
 *
 * - by default, `console.warn` once per distinct code and message (Python's `warnings` "default"
 *   action: a loop that hits the same 0/0 a thousand times prints one line, not a thousand);
 * - `setWarningHandler(fn)` replaces that (silence, log elsewhere, or throw to make warnings errors);
 * - `onWarning(fn)` listens to every warning as well, whatever the handler does;
 * - `captureWarnings(fn)` records the warnings of one call instead of printing them (for tests and
 *   for apps that show them in a report).
 *
 * Peers: Node's `process.emitWarning` (typed warning objects, a `code`, a `'warning'` event) and
 * Python's `warnings` module with scikit-learn's `UndefinedMetricWarning` (categories, once-per-message
 * printing, `catch_warnings(record=True)`).
 */
import { InvalidArgumentError } from './errors.js';

/**
 * One warning: a stable `code` to branch or filter on, a message that says what happened and what to
 * do, and the values involved in `details`.
 *
 * @example
 * const warning = new MlrecipeWarning('UNDEFINED_METRIC', 'precision: label 2 was never predicted; its precision is set to 0', { labels: [2] });
 * warning.toString(); // 'UNDEFINED_METRIC: precision: label 2 was never predicted; its precision is set to 0'
 */
export class MlrecipeWarning {
  /** A stable machine-readable code such as `'UNDEFINED_METRIC'`. */
  readonly code: string;
  /** What happened and what to do about it, starting with the function that warned. */
  readonly message: string;
  /** The values involved (labels, file names, counts), for programs that act on the warning. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, details: Readonly<Record<string, unknown>> = {}) {
    if (typeof code !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(code)) {
      throw new InvalidArgumentError(
        `MlrecipeWarning: code must be an UPPER_SNAKE_CASE string such as 'UNDEFINED_METRIC', got ${describe(code)}`,
      );
    }
    if (typeof message !== 'string' || message === '') {
      throw new InvalidArgumentError(`MlrecipeWarning: message must be a non-empty string, got ${describe(message)}`);
    }
    if (details === null || typeof details !== 'object' || Array.isArray(details)) {
      throw new InvalidArgumentError(`MlrecipeWarning: details must be an object, got ${describe(details)}`);
    }
    this.code = code;
    this.message = message;
    this.details = details;
  }

  /** `CODE: message`, the line the default handler prints. */
  toString(): string {
    return `${this.code}: ${this.message}`;
  }
}

/** What receives each warning: the handler (one, replaceable) or a listener (any number). */
export type WarningHandler = (warning: MlrecipeWarning) => void;

/** What `captureWarnings` returns: the function's value and the warnings emitted while it ran. */
export interface CapturedWarnings<T> {
  /** What the function returned (awaited when it returned a promise). */
  readonly value: T;
  /** The warnings, in the order they were emitted. */
  readonly warnings: readonly MlrecipeWarning[];
}

const printed = new Set<string>();

/**
 * The default handler: `console.warn` of `[mlrecipe] CODE: message`, once per distinct code and
 * message for the life of the process (the same advice a thousand times is noise).
 */
export const consoleWarningHandler: WarningHandler = (warning) => {
  const line = warning.toString();
  if (printed.has(line)) return;
  printed.add(line);
  console.warn(`[mlrecipe] ${line}`);
};

let handler: WarningHandler = consoleWarningHandler;
const listeners = new Set<WarningHandler>();

/**
 * Emits a warning: to every `onWarning` listener, then to the handler. Returns the warning, so a
 * result that carries advice can also return it.
 *
 * @example
 * warn(new MlrecipeWarning('CHECKPOINT_SKIPPED', 'resume: skipped ckpt-3.json (checksum mismatch)'));
 */
export function warn(warning: MlrecipeWarning): MlrecipeWarning {
  if (!(warning instanceof MlrecipeWarning)) {
    throw new InvalidArgumentError(
      `warn: pass a MlrecipeWarning (new MlrecipeWarning(code, message, details)), got ${describe(warning)}`,
    );
  }
  for (const listener of [...listeners]) listener(warning);
  handler(warning);
  return warning;
}

/**
 * Replaces the handler and returns the previous one (to restore it); `null` restores the default
 * `consoleWarningHandler`.
 *
 * @example
 * setWarningHandler(() => {});                        // silence every warning
 * setWarningHandler((w) => { throw new Error(`${w}`); }); // warnings as errors, as `python -W error`
 */
export function setWarningHandler(next: WarningHandler | null): WarningHandler {
  if (next !== null && typeof next !== 'function') {
    throw new InvalidArgumentError(
      `setWarningHandler: the handler must be a function or null (the default), got ${describe(next)}`,
    );
  }
  const previous = handler;
  handler = next ?? consoleWarningHandler;
  return previous;
}

/**
 * Listens to every warning (in addition to the handler, which still runs). Returns the function that
 * stops listening.
 *
 * @example
 * const stop = onWarning((w) => report.push(w));
 * …
 * stop();
 */
export function onWarning(listener: WarningHandler): () => void {
  if (typeof listener !== 'function') {
    throw new InvalidArgumentError(`onWarning: the listener must be a function, got ${describe(listener)}`);
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/**
 * Runs `fn` with a handler that records warnings instead of printing them, restores the previous
 * handler, and returns the value with the warnings (Python's `catch_warnings(record=True)`). For an
 * async `fn`, every warning emitted until its promise settles is recorded, including warnings from
 * unrelated work running concurrently.
 *
 * @example
 * const { value, warnings } = captureWarnings(() => precision([0, 0], [0, 0], { average: 'macro' }));
 * warnings[0]?.code; // 'UNDEFINED_METRIC'
 */
export function captureWarnings<T>(fn: () => Promise<T>): Promise<CapturedWarnings<T>>;
export function captureWarnings<T>(fn: () => T): CapturedWarnings<T>;
export function captureWarnings<T>(fn: () => T | Promise<T>): CapturedWarnings<T> | Promise<CapturedWarnings<T>> {
  if (typeof fn !== 'function') {
    throw new InvalidArgumentError(`captureWarnings: pass the function to run, got ${describe(fn)}`);
  }
  const warnings: MlrecipeWarning[] = [];
  const previous = setWarningHandler((w) => warnings.push(w));
  let value: T | Promise<T>;
  try {
    value = fn();
  } catch (error) {
    setWarningHandler(previous);
    throw error;
  }
  if (value instanceof Promise) {
    return value.then((settled) => ({ value: settled, warnings })).finally(() => setWarningHandler(previous));
  }
  setWarningHandler(previous);
  return { value, warnings };
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  return `${typeof value} ${String(value).slice(0, 40)}`;
}
