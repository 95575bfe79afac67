import { OptimError } from './errors.js';
import { counter, nonNegative, positive } from './validate.js';

/**
 * A learning-rate schedule: a plain function of a 1-based counter. Epoch schedules take the
 * course's epoch number (1 for the first pass over the data); step schedules take the mini-batch
 * number t (1 for the first update). `scaleByLearningRate` calls its schedule with t = 1, 2, 3, ….
 */
export type Schedule = (count: number) => number;

/** α(t) = value. */
export function constant(value: number): Schedule {
  positive(value, 'value', 'constant');
  return () => value;
}

/**
 * The course's learning-rate decay, α = α₀ / (1 + decayRate · epochNum).
 * @example inverseTimeDecay({ initial: 0.2, decayRate: 1 })(1) // 0.1, then 0.067, 0.05, 0.04
 */
export function inverseTimeDecay({ initial, decayRate }: { initial: number; decayRate: number }): Schedule {
  positive(initial, 'initial', 'inverseTimeDecay');
  nonNegative(decayRate, 'decayRate', 'inverseTimeDecay');
  return (epoch) => initial / (1 + decayRate * counter(epoch, 'epoch', 'inverseTimeDecay'));
}

/** Exponential decay, α = base^epochNum · α₀ (base 0.95 in the course). */
export function exponentialDecay({ initial, base = 0.95 }: { initial: number; base?: number }): Schedule {
  positive(initial, 'initial', 'exponentialDecay');
  if (!(base > 0 && base <= 1)) throw new OptimError(`exponentialDecay: base must be in (0, 1], got ${base}`);
  return (epoch) => base ** counter(epoch, 'epoch', 'exponentialDecay') * initial;
}

/** α = k / √epochNum · α₀. */
export function inverseSqrtEpochDecay({ initial, k }: { initial: number; k: number }): Schedule {
  positive(initial, 'initial', 'inverseSqrtEpochDecay');
  positive(k, 'k', 'inverseSqrtEpochDecay');
  return (epoch) => (k / Math.sqrt(counter(epoch, 'epoch', 'inverseSqrtEpochDecay'))) * initial;
}

/** α = k / √t · α₀, with t the mini-batch number. */
export function inverseSqrtStepDecay({ initial, k }: { initial: number; k: number }): Schedule {
  positive(initial, 'initial', 'inverseSqrtStepDecay');
  positive(k, 'k', 'inverseSqrtStepDecay');
  return (step) => (k / Math.sqrt(counter(step, 'step', 'inverseSqrtStepDecay'))) * initial;
}

/**
 * Piecewise constant ("discrete staircase"): values[0] up to and including boundaries[0], then
 * values[1] up to boundaries[1], …, and the last value after the last boundary.
 * @example staircase({ boundaries: [10, 20], values: [0.1, 0.01, 0.001] })(11) // 0.01
 */
export function staircase({
  boundaries,
  values,
}: {
  boundaries: readonly number[];
  values: readonly number[];
}): Schedule {
  if (values.length !== boundaries.length + 1) {
    throw new OptimError(
      `staircase: needs one more value than boundaries, got ${values.length} values for ${boundaries.length} boundaries`,
    );
  }
  boundaries.forEach((b, i) => {
    counter(b, 'boundary', 'staircase');
    if (i > 0 && b <= boundaries[i - 1]!)
      throw new OptimError(`staircase: boundaries must increase, got ${boundaries.join(', ')}`);
  });
  for (const v of values) positive(v, 'value', 'staircase');
  return (t) => {
    counter(t, 'step', 'staircase');
    let k = 0;
    while (k < boundaries.length && t > boundaries[k]!) k++;
    return values[k]!;
  };
}

/** A schedule set by hand while watching training ("babysitting" one model): `schedule.set(0.01)`. */
export interface ManualSchedule extends Schedule {
  /** Sets the value every later step reads (a positive number). */
  set(value: number): void;
  readonly value: number;
}

/** A schedule set by hand while watching training: starts at `initial`, then whatever `set` says. */
export function manual(initial: number): ManualSchedule {
  let value = positive(initial, 'initial', 'manual');
  const schedule = (() => value) as unknown as ManualSchedule;
  schedule.set = (next: number) => {
    value = positive(next, 'value', 'manual.set');
  };
  Object.defineProperty(schedule, 'value', { get: () => value });
  return schedule;
}

/** Linear warm-up from `from` (default 0) to the schedule's first value over `steps` steps, then `schedule` shifted by `steps`. */
export function warmup({ steps, schedule, from = 0 }: { steps: number; schedule: Schedule; from?: number }): Schedule {
  counter(steps, 'steps', 'warmup');
  nonNegative(from, 'from', 'warmup');
  return (t) => {
    counter(t, 'step', 'warmup');
    if (t > steps) return schedule(t - steps);
    const target = schedule(1);
    return from + ((target - from) * t) / steps;
  };
}

/** Cosine decay (Loshchilov & Hutter 2017): α = α₀·(a + (1 − a)·½(1 + cos(π·min(t, steps)/steps))), a = `alpha`. */
export function cosineDecay({
  initial,
  steps,
  alpha = 0,
}: {
  initial: number;
  steps: number;
  alpha?: number;
}): Schedule {
  positive(initial, 'initial', 'cosineDecay');
  counter(steps, 'steps', 'cosineDecay');
  if (!(alpha >= 0 && alpha <= 1)) throw new OptimError(`cosineDecay: alpha must be in [0, 1], got ${alpha}`);
  return (t) => {
    const progress = Math.min(counter(t, 'step', 'cosineDecay'), steps) / steps;
    return initial * (alpha + (1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * progress)));
  };
}
