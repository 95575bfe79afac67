import { MetricInputError } from './errors.js';

/** Options of `measureLatency`: warm-up calls and timed calls. */
export interface LatencyOptions {
  /** Calls before timing, to let JIT compilation and backend kernels warm up. Default 3. */
  warmup?: number;
  /** Timed calls. Default 20. */
  runs?: number;
}

/** The result of `measureLatency`: mean, median, 95th percentile, minimum and maximum time per call in ms. */
export interface Latency {
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly runs: number;
}

// A synchronous fn is awaited as microtasks, which never yield to timers: 2^31 calls would freeze
// the process. A million timed calls is far beyond what a p95 needs.
const MAX_CALLS = 1_000_000;

interface Readable {
  data(): Promise<unknown>;
  dispose?(): void;
}

/**
 * Times `fn` to feed a runtime satisficing metric (`runtimeMs ≤ 100`). Awaits async functions; a
 * returned tensor is read (`await t.data()`, so GPU work is included) and then disposed.
 * Percentiles interpolate linearly between order statistics (numpy's default).
 */
export async function measureLatency(fn: () => unknown, options: LatencyOptions = {}): Promise<Latency> {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new MetricInputError(`measureLatency: options must be { warmup?, runs }, got ${JSON.stringify(options)}`);
  }
  // Only an absent field takes the default: `runs: null` is a mistake, not "the default".
  const warmup = options.warmup === undefined ? 3 : options.warmup;
  const runs = options.runs === undefined ? 20 : options.runs;
  if (!(Number.isInteger(warmup) && warmup >= 0 && warmup <= MAX_CALLS)) {
    throw new MetricInputError(`measureLatency: warmup must be an integer in [0, ${MAX_CALLS}], got ${String(warmup)}`);
  }
  if (!(Number.isInteger(runs) && runs >= 1 && runs <= MAX_CALLS)) {
    throw new MetricInputError(`measureLatency: runs must be an integer in [1, ${MAX_CALLS}], got ${String(runs)}`);
  }
  if (typeof fn !== 'function') {
    throw new MetricInputError(`measureLatency: pass the function to time, got ${fn === null ? 'null' : typeof fn}`);
  }
  for (let i = 0; i < warmup; i++) await settle(fn());
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await settle(fn());
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return {
    meanMs: times.reduce((s, t) => s + t, 0) / runs,
    p50Ms: quantile(times, 0.5),
    p95Ms: quantile(times, 0.95),
    minMs: times[0]!,
    maxMs: times[runs - 1]!,
    runs,
  };
}

async function settle(result: unknown): Promise<void> {
  const value = await result;
  if (typeof (value as Readable | null)?.data === 'function') {
    await (value as Readable).data();
    (value as Readable).dispose?.();
  }
}

/** Linear interpolation between closest ranks, as numpy.quantile's default. */
export function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}
