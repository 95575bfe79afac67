import { OptimError } from './errors.js';
import { counter, nonNegative, positive } from './validate.js';

/**
 * A learning-rate schedule of the mini-batch number t (1 for the first update), as
 * `scaleByLearningRate` calls it. Tagged so that an epoch schedule cannot be passed where steps are
 * counted: the course's decays count epochs, and calling one with step numbers decays it every
 * mini-batch (hundreds of times too fast). Make one from a function with `stepSchedule(fn)`.
 */
export type StepSchedule = ((step: number) => number) & { readonly countsSteps: true };

/**
 * A learning-rate schedule of the epoch number (1 for the first pass over the data), as the course
 * writes its decays. `train` in @mlrecipe/pipeline takes one directly; elsewhere turn it into a step
 * schedule with `perStep(schedule, { batchesPerEpoch })`. Make one with `epochSchedule(fn)`.
 */
export type EpochSchedule = ((epoch: number) => number) & { readonly countsEpochs: true };

/** Either kind; `constant` and `manual` schedules are both. */
export type Schedule = StepSchedule | EpochSchedule;

/** Tags a function of the mini-batch number t = 1, 2, … as a step schedule. */
export function stepSchedule(fn: (step: number) => number): StepSchedule {
  checkFunction(fn, 'stepSchedule');
  return Object.assign((t: number) => fn(t), { countsSteps: true as const });
}

/** Tags a function of the epoch number 1, 2, … as an epoch schedule. */
export function epochSchedule(fn: (epoch: number) => number): EpochSchedule {
  checkFunction(fn, 'epochSchedule');
  return Object.assign((epoch: number) => fn(epoch), { countsEpochs: true as const });
}

function checkFunction(fn: unknown, caller: string): void {
  if (typeof fn !== 'function')
    throw new OptimError(`${caller}: expected a function of a 1-based counter, got ${typeof fn}`);
}

/**
 * An epoch schedule read per step: step t belongs to epoch ⌈t / batchesPerEpoch⌉, so the rate
 * changes at epoch boundaries exactly as the course's decay does.
 * @example sgd({ learningRate: perStep(inverseTimeDecay({ initial: 0.2, decayRate: 1 }), { batchesPerEpoch: 469 }) })
 */
export function perStep(schedule: EpochSchedule, { batchesPerEpoch }: { batchesPerEpoch: number }): StepSchedule {
  if (!isEpochSchedule(schedule)) {
    throw new OptimError(
      'perStep: expected an epoch schedule (inverseTimeDecay, exponentialDecay, inverseSqrtEpochDecay, epochSchedule(fn)); this one already counts steps',
    );
  }
  counter(batchesPerEpoch, 'batchesPerEpoch', 'perStep');
  return stepSchedule((t) => schedule(Math.ceil(counter(t, 'step', 'perStep') / batchesPerEpoch)));
}

/** Whether a value is a step schedule (tagged by stepSchedule or one of the step decays). */
export function isStepSchedule(value: unknown): value is StepSchedule {
  return typeof value === 'function' && (value as { countsSteps?: unknown }).countsSteps === true;
}

/** Whether a value is an epoch schedule (tagged by epochSchedule or one of the epoch decays). */
export function isEpochSchedule(value: unknown): value is EpochSchedule {
  return typeof value === 'function' && (value as { countsEpochs?: unknown }).countsEpochs === true;
}

/** A schedule that is both kinds (its value does not depend on the counter). */
type AnyCounter = StepSchedule & EpochSchedule;
const both = (fn: (count: number) => number): AnyCounter =>
  Object.assign(fn, { countsSteps: true as const, countsEpochs: true as const });

/** α(t) = value, usable as a step or an epoch schedule. */
export function constant(value: number): StepSchedule & EpochSchedule {
  positive(value, 'value', 'constant');
  return both(() => value);
}

/**
 * The course's learning-rate decay, α = α₀ / (1 + decayRate · epochNum).
 * @example inverseTimeDecay({ initial: 0.2, decayRate: 1 })(1) // 0.1, then 0.067, 0.05, 0.04
 */
export function inverseTimeDecay({ initial, decayRate }: { initial: number; decayRate: number }): EpochSchedule {
  positive(initial, 'initial', 'inverseTimeDecay');
  nonNegative(decayRate, 'decayRate', 'inverseTimeDecay');
  return epochSchedule((epoch) => initial / (1 + decayRate * counter(epoch, 'epoch', 'inverseTimeDecay')));
}

/** Exponential decay, α = base^epochNum · α₀ (base 0.95 in the course). */
export function exponentialDecay({ initial, base = 0.95 }: { initial: number; base?: number }): EpochSchedule {
  positive(initial, 'initial', 'exponentialDecay');
  if (!(base > 0 && base <= 1)) throw new OptimError(`exponentialDecay: base must be in (0, 1], got ${base}`);
  return epochSchedule((epoch) => base ** counter(epoch, 'epoch', 'exponentialDecay') * initial);
}

/** α = k / √epochNum · α₀. */
export function inverseSqrtEpochDecay({ initial, k }: { initial: number; k: number }): EpochSchedule {
  positive(initial, 'initial', 'inverseSqrtEpochDecay');
  positive(k, 'k', 'inverseSqrtEpochDecay');
  return epochSchedule((epoch) => (k / Math.sqrt(counter(epoch, 'epoch', 'inverseSqrtEpochDecay'))) * initial);
}

/** α = k / √t · α₀, with t the mini-batch number. */
export function inverseSqrtStepDecay({ initial, k }: { initial: number; k: number }): StepSchedule {
  positive(initial, 'initial', 'inverseSqrtStepDecay');
  positive(k, 'k', 'inverseSqrtStepDecay');
  return stepSchedule((step) => (k / Math.sqrt(counter(step, 'step', 'inverseSqrtStepDecay'))) * initial);
}

/**
 * Piecewise constant ("discrete staircase"): values[0] up to and including boundaries[0], then
 * values[1] up to boundaries[1], …, and the last value after the last boundary. Boundaries count
 * steps by default; `counts: 'epoch'` makes an epoch schedule.
 * @example staircase({ boundaries: [10, 20], values: [0.1, 0.01, 0.001] })(11) // 0.01
 */
export function staircase(options: {
  boundaries: readonly number[];
  values: readonly number[];
  counts?: 'step';
}): StepSchedule;
export function staircase(options: {
  boundaries: readonly number[];
  values: readonly number[];
  counts: 'epoch';
}): EpochSchedule;
export function staircase({
  boundaries,
  values,
  counts = 'step',
}: {
  boundaries: readonly number[];
  values: readonly number[];
  counts?: 'step' | 'epoch';
}): Schedule {
  if (counts !== 'step' && counts !== 'epoch')
    throw new OptimError(`staircase: counts must be 'step' or 'epoch', got ${String(counts)}`);
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
  const fn = (t: number) => {
    counter(t, counts, 'staircase');
    let k = 0;
    while (k < boundaries.length && t > boundaries[k]!) k++;
    return values[k]!;
  };
  return counts === 'step' ? stepSchedule(fn) : epochSchedule(fn);
}

/**
 * A schedule set by hand while watching training ("babysitting" one model): `schedule.set(0.01)`.
 * Usable as a step or an epoch schedule: its value does not depend on the counter.
 */
export type ManualSchedule = StepSchedule &
  EpochSchedule & {
    /** Sets the value every later step reads (a positive number). */
    set(value: number): void;
    readonly value: number;
  };

/** A schedule set by hand while watching training: starts at `initial`, then whatever `set` says. */
export function manual(initial: number): ManualSchedule {
  let value = positive(initial, 'initial', 'manual');
  const schedule = both(() => value);
  return Object.defineProperties(schedule, {
    set: {
      value: (next: number) => {
        value = positive(next, 'value', 'manual.set');
      },
    },
    value: { get: () => value },
  }) as ManualSchedule;
}

/** Linear warm-up from `from` (default 0) to the schedule's first value over `steps` steps, then `schedule` shifted by `steps`. */
export function warmup({
  steps,
  schedule,
  from = 0,
}: {
  steps: number;
  schedule: StepSchedule;
  from?: number;
}): StepSchedule {
  counter(steps, 'steps', 'warmup');
  nonNegative(from, 'from', 'warmup');
  requireStepSchedule(schedule, 'warmup');
  return stepSchedule((t) => {
    counter(t, 'step', 'warmup');
    if (t > steps) return schedule(t - steps);
    const target = schedule(1);
    return from + ((target - from) * t) / steps;
  });
}

/** Throws a typed error unless `value` is a step schedule, naming the fix for an epoch schedule. */
export function requireStepSchedule(value: unknown, caller: string): asserts value is StepSchedule {
  if (isStepSchedule(value)) return;
  if (isEpochSchedule(value)) {
    throw new OptimError(
      `${caller}: this schedule counts epochs, but it would be called once per mini-batch (and decay hundreds of times too fast); ` +
        "wrap it with perStep(schedule, { batchesPerEpoch }), or give it to pipeline's train as `schedule`",
    );
  }
  throw new OptimError(
    `${caller}: expected a step schedule, got ${typeof value === 'function' ? 'an untagged function' : typeof value}; ` +
      'wrap a function of the step number with stepSchedule(fn)',
  );
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
}): StepSchedule {
  positive(initial, 'initial', 'cosineDecay');
  counter(steps, 'steps', 'cosineDecay');
  if (!(alpha >= 0 && alpha <= 1)) throw new OptimError(`cosineDecay: alpha must be in [0, 1], got ${alpha}`);
  return stepSchedule((t) => {
    const progress = Math.min(counter(t, 'step', 'cosineDecay'), steps) / steps;
    return initial * (alpha + (1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * progress)));
  });
}
