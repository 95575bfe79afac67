import type { Rng } from '@mlrecipe/core';
import { TuneError } from './errors.js';

/** One hyperparameter's distribution. `sample` maps a uniform draw to a value. */
export interface Dimension<T = number> {
  readonly kind: string;
  /** Draws one value, from `rng` only (same rng, same value). */
  sample(rng: Rng): T;
  /** The same kind of dimension narrowed around the given values (coarse to fine). */
  narrow(values: readonly T[]): Dimension<T>;
  /** The dimension in words, e.g. `logUniform(0.0001, 1)`. */
  describe(): string;
}

function bounds(low: number, high: number, caller: string): void {
  if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) {
    throw new TuneError(`${caller}: need finite low < high, got low ${low}, high ${high}`);
  }
}

/** Uniform on [low, high): right for quantities where every part of the range matters alike (dropout keep probability). */
export function uniform(low: number, high: number): Dimension {
  bounds(low, high, 'uniform');
  return {
    kind: 'uniform',
    sample: (rng) => rng.uniform(low, high),
    narrow: (values) =>
      uniform(
        ...spanOf(
          values,
          low,
          high,
          (v) => v,
          (v) => v,
        ),
      ),
    describe: () => `uniform(${low}, ${high})`,
  };
}

/** Integers uniform in [low, high] (number of layers, hidden units). */
export function intUniform(low: number, high: number): Dimension {
  if (!(Number.isInteger(low) && Number.isInteger(high) && low <= high)) {
    throw new TuneError(`intUniform: need integers low ≤ high, got ${low}, ${high}`);
  }
  return {
    kind: 'intUniform',
    sample: (rng) => low + rng.int(high - low + 1),
    narrow: (values) => {
      const [a, b] = spanOf(
        values,
        low,
        high,
        (v) => v,
        (v) => v,
      );
      return intUniform(Math.round(a), Math.max(Math.round(a), Math.round(b)));
    },
    describe: () => `intUniform(${low}, ${high})`,
  };
}

/** One of a few values (activation, optimizer). */
export function choice<T>(options: readonly T[]): Dimension<T> {
  if (!Array.isArray(options) || options.length === 0) throw new TuneError('choice: give at least one option');
  return {
    kind: 'choice',
    sample: (rng) => options[rng.int(options.length)]!,
    narrow: (values) =>
      choice(
        options.filter((o) => values.includes(o)).length > 0 ? options.filter((o) => values.includes(o)) : options,
      ),
    describe: () => `choice(${options.map((o) => JSON.stringify(o)).join(', ')})`,
  };
}

/**
 * Log-uniform on [low, high]: r uniform in [log10 low, log10 high], value 10^r. For learning rates
 * from 1e-4 to 1, sampling uniformly would spend 90 % of trials between 0.1 and 1; on the log scale
 * each decade gets the same share.
 */
export function logUniform(low: number, high: number): Dimension {
  if (!(low > 0 && high > 0)) throw new TuneError(`logUniform: bounds must be positive, got ${low}, ${high}`);
  bounds(low, high, 'logUniform');
  const [a, b] = [Math.log10(low), Math.log10(high)];
  return {
    kind: 'logUniform',
    sample: (rng) => 10 ** rng.uniform(a, b),
    narrow: (values) => logUniform(...spanOf(values, low, high, Math.log10, (v) => 10 ** v)),
    describe: () => `logUniform(${low}, ${high})`,
  };
}

/**
 * For β of exponentially weighted averages, in [low, high] near 1: 1 − β is log-uniform, so β from
 * 0.9 to 0.999 spends as many trials in [0.99, 0.999] (averaging over 100–1000 values, where small
 * changes of β matter most) as in [0.9, 0.99].
 */
export function oneMinusLogUniform(low: number, high: number): Dimension {
  if (!(low < 1 && high < 1)) throw new TuneError(`oneMinusLogUniform: bounds must be below 1, got ${low}, ${high}`);
  bounds(low, high, 'oneMinusLogUniform');
  const inner = logUniform(1 - high, 1 - low);
  return {
    kind: 'oneMinusLogUniform',
    sample: (rng) => 1 - inner.sample(rng),
    narrow: (values) => {
      const narrowed = spanOf(
        values.map((v) => 1 - v),
        1 - high,
        1 - low,
        Math.log10,
        (v) => 10 ** v,
      );
      return oneMinusLogUniform(1 - narrowed[1], 1 - narrowed[0]);
    },
    describe: () => `oneMinusLogUniform(${low}, ${high})`,
  };
}

/**
 * The range the values span on the dimension's scale, widened by a quarter on each side and kept
 * inside the original bounds: the "fine" region of coarse to fine.
 */
function spanOf(
  values: readonly number[],
  low: number,
  high: number,
  to: (v: number) => number,
  from: (v: number) => number,
): [number, number] {
  if (values.length === 0) return [low, high];
  const scaled = values.map(to);
  const lo = Math.min(...scaled);
  const hi = Math.max(...scaled);
  const pad = Math.max((hi - lo) * 0.25, (to(high) - to(low)) * 0.05);
  const a = Math.max(to(low), lo - pad);
  const b = Math.min(to(high), hi + pad);
  return [from(a), from(b)];
}

/** Named dimensions: a search space. */
export type Space = Readonly<Record<string, Dimension<unknown>>>;

/**
 * The configuration a space draws: each dimension's value type under its name, so an objective
 * over `{ learningRate: logUniform(1e-5, 1) }` reads `params.learningRate` as a number.
 *
 * @example
 * type P = ParamsOf<{ units: Dimension<number> }>; // { readonly units: number }
 */
export type ParamsOf<S extends Space> = { readonly [K in keyof S]: S[K] extends Dimension<infer T> ? T : never };

/** Draws one configuration from every dimension, each from its own fork of the rng. */
export function sampleSpace(space: Space, rng: Rng): Record<string, unknown> {
  const names = Object.keys(space);
  if (names.length === 0) throw new TuneError('the search space is empty; give at least one dimension');
  return Object.fromEntries(names.map((name) => [name, space[name]!.sample(rng.fork(name))]));
}
