// The bad-input fuzz harness every package shares: a package generates invalid calls of its
// public entries (with fast-check, in its own tests) and hands them here; this runs each one and
// says whether it failed the way the library promises. No fast-check import, so the helper adds
// no dependency: packages bring their own generators.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { MlrecipeError } from '../errors.js';

/** One invalid call of a public entry: `run` must throw a typed error. */
export interface BadInputCase {
  /** The entry called, e.g. 'dense' or 'MinMaxScaler.fromJSON'. */
  readonly entry: string;
  /** The bad input, for the failure report. */
  readonly input: string;
  /** Calls the entry with the bad input; it must throw a typed error (or reject). */
  readonly run: () => unknown;
}

/** A value as a failure report shows it: JSON where it can be, typed arrays by type and length. */
function shown(v: unknown): string {
  try {
    if (typeof v === 'bigint') return `${v}n`;
    if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as Uint8Array).length})`;
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** One case: the entry's name, the bad input (shown in the report) and the call that must throw. */
export function badInput(entry: string, input: unknown, run: () => unknown): BadInputCase {
  return { entry, input: shown(input), run };
}

/**
 * How a bad input was handled. Only `typed` is right: a `MlrecipeError` subclass with no tensor
 * left behind. `raw`: another error type. `nonfinite`: returned NaN/Infinity. `accepted`: returned
 * a finite value for an invalid input. `hang`: an async call did not settle in time. `leak`: typed,
 * but tensors were left alive.
 */
export type BadInputOutcome = 'typed' | 'raw' | 'nonfinite' | 'accepted' | 'hang' | 'leak';

/** What one package's fuzz run found. */
export interface FuzzReport {
  readonly package: string;
  readonly cases: number;
  readonly typedErrors: number;
  readonly passes: number;
  readonly outcomes: Readonly<Record<BadInputOutcome, number>>;
  /** The first failures (at most 20), with the entry, the input and what happened. */
  readonly failures: ReadonlyArray<{ entry: string; input: string; outcome: BadInputOutcome; detail: string }>;
}

/**
 * How many cases each package generates: `MLRECIPE_FUZZ_CASES` when set (the root `pnpm fuzz`
 * sets 1000), else `fallback` (a few hundred, so `pnpm test` stays fast).
 */
export function fuzzCaseCount(fallback: number): number {
  const fromEnv = Number(process.env.MLRECIPE_FUZZ_CASES);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : fallback;
}

/**
 * Runs each bad-input case and classifies it (see BadInputOutcome). An async case that does not
 * settle within `timeoutMs` is a hang. A synchronous busy loop cannot be interrupted in-process: it
 * stalls the suite, which the test runner's own timeout then reports.
 *
 * When `MLRECIPE_FUZZ_REPORT` names a directory, the report is also written there as
 * `<package>.json`, for the root `pnpm fuzz` table. `MLRECIPE_FUZZ_TRACE=1` prints each case before
 * it runs (to find a synchronous hang).
 */
export async function runBadInputs(
  packageName: string,
  cases: Iterable<BadInputCase>,
  { timeoutMs = 5_000 }: { timeoutMs?: number } = {},
): Promise<FuzzReport> {
  const outcomes: Record<BadInputOutcome, number> = { typed: 0, raw: 0, nonfinite: 0, accepted: 0, hang: 0, leak: 0 };
  const failures: Array<{ entry: string; input: string; outcome: BadInputOutcome; detail: string }> = [];
  let count = 0;
  // A synchronous hang cannot be timed out in-process: MLRECIPE_FUZZ_TRACE=1 names each case
  // before it runs, so the last line printed is the culprit.
  const trace = process.env.MLRECIPE_FUZZ_TRACE === '1';
  for (const c of cases) {
    count++;
    if (trace) process.stderr.write(`fuzz ${packageName} #${count} ${c.entry}: ${c.input}\n`);
    const { outcome, detail } = await classify(c, timeoutMs);
    outcomes[outcome]++;
    if (outcome !== 'typed' && failures.length < 20) failures.push({ entry: c.entry, input: c.input, outcome, detail });
  }
  const report: FuzzReport = {
    package: packageName,
    cases: count,
    typedErrors: outcomes.typed + outcomes.leak,
    passes: outcomes.typed,
    outcomes,
    failures,
  };
  const dir = process.env.MLRECIPE_FUZZ_REPORT;
  if (dir !== undefined && dir !== '') {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${packageName.replace(/[^\w.-]+/g, '_')}.json`), JSON.stringify(report, null, 2));
  }
  return report;
}

/** The closing table of a fuzz run: package, cases, typed errors, passes, and every other outcome. */
export function formatFuzzTable(reports: readonly FuzzReport[]): string {
  const header = ['package', 'cases', 'typed errors', 'passes', 'raw', 'NaN/Inf', 'accepted', 'hangs', 'leaks'];
  const rows = reports.map((r) => [
    r.package,
    String(r.cases),
    String(r.typedErrors),
    String(r.passes),
    String(r.outcomes.raw),
    String(r.outcomes.nonfinite),
    String(r.outcomes.accepted),
    String(r.outcomes.hang),
    String(r.outcomes.leak),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

const HANG = Symbol('hang');

async function classify(c: BadInputCase, timeoutMs: number): Promise<{ outcome: BadInputOutcome; detail: string }> {
  const before = tensorsAlive();
  let value: unknown;
  try {
    value = c.run();
    if (value instanceof Promise) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<typeof HANG>((resolve) => {
        timer = setTimeout(() => resolve(HANG), timeoutMs);
      });
      value = await Promise.race([value, timeout]).finally(() => clearTimeout(timer));
      if (value === HANG) return { outcome: 'hang', detail: `did not settle within ${timeoutMs} ms` };
    }
  } catch (error) {
    if (!(error instanceof MlrecipeError)) {
      const name = error instanceof Error ? error.constructor.name : typeof error;
      return { outcome: 'raw', detail: `${name}: ${error instanceof Error ? error.message : String(error)}` };
    }
    const leaked = tensorsAlive() - before;
    if (leaked !== 0) return { outcome: 'leak', detail: `${error.name} thrown, ${leaked} tensor(s) left alive` };
    return { outcome: 'typed', detail: error.message };
  }
  const nonFinite = hasNonFinite(value);
  tf.dispose(value as tf.TensorContainer);
  return nonFinite
    ? { outcome: 'nonfinite', detail: 'returned NaN or Infinity' }
    : { outcome: 'accepted', detail: `returned ${describe(value)}` };
}

// Packages without tensors (tune) fuzz without a backend: then no tensor can be alive.
function tensorsAlive(): number {
  try {
    return tf.memory().numTensors;
  } catch {
    return 0;
  }
}

function hasNonFinite(value: unknown, depth = 0): boolean {
  if (depth > 4) return false;
  if (typeof value === 'number') return !Number.isFinite(value);
  if (value instanceof tf.Tensor) {
    if (value.isDisposed || value.dtype === 'string') return false;
    return (value.dataSync() as Float32Array).some((v) => !Number.isFinite(v));
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    if (value instanceof BigInt64Array || value instanceof BigUint64Array) return false;
    const view = value as Float64Array;
    for (let i = 0; i < view.length; i++) if (!Number.isFinite(view[i]!)) return true;
    return false;
  }
  if (Array.isArray(value)) return value.some((v) => hasNonFinite(v, depth + 1));
  if (value !== null && typeof value === 'object') return Object.values(value).some((v) => hasNonFinite(v, depth + 1));
  return false;
}

function describe(value: unknown): string {
  if (value instanceof tf.Tensor) return `a tensor of shape [${value.shape}]`;
  try {
    return JSON.stringify(value)?.slice(0, 120) ?? String(value);
  } catch {
    return String(value);
  }
}
