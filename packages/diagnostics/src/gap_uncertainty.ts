import { normalQuantile, rateDifferenceInterval, rateInterval } from '@mlrecipe/metrics';
import type { MeasuredSplit } from './split_measure.js';

/** The sets a diagnosis measures. */
export type SplitName = 'train' | 'trainDev' | 'dev' | 'test';

/** A gap as a difference: the split whose error is added, and the split (or Bayes proxy) subtracted. */
export interface GapForm {
  readonly plus: SplitName;
  readonly minus: SplitName | 'bayes';
}

/** One gap of the diagnosis with its interval when the sets' sizes are known. */
export interface GapEstimate {
  readonly value: number;
  /** Interval bounds at the diagnosis' confidence; null when a set's size is unknown. */
  readonly low: number | null;
  readonly high: number | null;
  /**
   * 'wilson' for avoidable bias (the Bayes proxy is taken as exact, so the interval is train's Wilson
   * interval shifted), 'newcombe-wilson' for the difference of two independent sets' rates
   * (Newcombe's hybrid score interval), 'normal' for errors in a unit given with standard errors
   * (value ± z·√Σse², the sets independent); null without sizes.
   */
  readonly method: 'wilson' | 'newcombe-wilson' | 'normal' | null;
  /** With sizes: the interval lies above 0 (and the gap reaches minGap if one was given). Without: the gap clears the threshold. */
  readonly standsOut: boolean;
}

/** The gap's value and, when every set in it has a size, its interval. */
export function estimateGap(
  form: GapForm,
  splits: Readonly<Partial<Record<SplitName, MeasuredSplit>>>,
  bayes: number,
  confidence: number,
): Omit<GapEstimate, 'standsOut'> {
  const plus = splits[form.plus]!;
  const minus = form.minus === 'bayes' ? undefined : splits[form.minus]!;
  const value = plus.rate - (minus === undefined ? bayes : minus.rate);
  if (plus.n === undefined || (minus !== undefined && minus.n === undefined)) {
    return { value, low: null, high: null, method: null };
  }
  if (plus.standardError !== undefined && (minus === undefined || minus.standardError !== undefined)) {
    const se = Math.hypot(plus.standardError, minus?.standardError ?? 0);
    const z = normalQuantile(1 - (1 - confidence) / 2);
    return { value, low: value - z * se, high: value + z * se, method: 'normal' };
  }
  if (minus === undefined) {
    const r = rateInterval(plus.errors!, plus.n, { confidence });
    return { value, low: r.low - bayes, high: r.high - bayes, method: 'wilson' };
  }
  const d = rateDifferenceInterval(
    { count: plus.errors!, n: plus.n },
    { count: minus.errors!, n: minus.n! },
    { confidence },
  );
  return { value, low: d.low, high: d.high, method: 'newcombe-wilson' };
}

/** Coefficients of the sets in a difference of gaps (g1 − g2), the Bayes proxy dropping out as exact. */
function coefficients(first: GapForm, second?: GapForm): Map<SplitName, number> {
  const c = new Map<SplitName, number>();
  const add = (name: SplitName | 'bayes', k: number) => {
    if (name !== 'bayes') c.set(name, (c.get(name) ?? 0) + k);
  };
  add(first.plus, 1);
  add(first.minus, -1);
  if (second) {
    add(second.plus, -1);
    add(second.minus, 1);
  }
  return c;
}

/**
 * A set's error variance per example: for a rate, the binomial p(1 − p) with two errors and two
 * successes added so 0 % keeps a variance (Agresti–Coull); for a mean error in a unit, se²·n.
 */
const varianceOf = (s: MeasuredSplit) => {
  if (s.standardError !== undefined) return s.standardError ** 2 * s.n!;
  const p = (s.errors! + 2) / (s.n! + 4);
  return p * (1 - p);
};

/** A set to enlarge and about to what size. */
export interface Enlargement {
  readonly split: SplitName;
  readonly from: number;
  readonly to: number;
}

/** Which sets to enlarge, and to about what size, so a difference is resolved; 'equal' when it is exactly 0. */
export type SizeAdvice =
  | { readonly kind: 'enlarge'; readonly sets: readonly Enlargement[] }
  | { readonly kind: 'equal' };

export interface GapComparison {
  readonly difference: number;
  readonly standardError: number;
  /** |difference| exceeds z_{1−α/2} standard errors. */
  readonly distinguishable: boolean;
  readonly advice: SizeAdvice;
}

/**
 * Compares two gaps (or one gap with 0 when `second` is absent) measured with sizes: the difference
 * is a ± combination of independent set rates, so its variance is Σ cᵢ²·pᵢ(1 − pᵢ)/nᵢ (normal
 * approximation, Agresti–Coull-adjusted rates; for errors in a unit, Σ cᵢ²·seᵢ²). The advice sizes the sets so the difference would be
 * detected at the confidence with 80 % power — total variance (|d| / (z_{1−α/2} + z_{0.8}))² — with
 * the fewest added examples: nᵢ ∝ √(cᵢ²·pᵢ(1 − pᵢ)) (Lagrange), never shrinking a set.
 */
export function compareGaps(
  first: GapForm,
  second: GapForm | undefined,
  difference: number,
  splits: Readonly<Partial<Record<SplitName, MeasuredSplit>>>,
  confidence: number,
): GapComparison {
  const parts = [...coefficients(first, second)]
    .filter(([, c]) => c !== 0)
    .map(([name, c]) => {
      const s = splits[name]!;
      return { name, n: s.n!, weight: c * c * varianceOf(s) };
    });
  const variance = parts.reduce((sum, p) => sum + p.weight / p.n, 0);
  const standardError = Math.sqrt(variance);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const distinguishable = Math.abs(difference) > z * standardError;
  if (Math.abs(difference) < 1e-12) return { difference, standardError, distinguishable, advice: { kind: 'equal' } };
  let budget = (Math.abs(difference) / (z + normalQuantile(0.8))) ** 2;
  let active = parts;
  let sizes = new Map<SplitName, number>();
  for (;;) {
    const rootSum = active.reduce((sum, p) => sum + Math.sqrt(p.weight), 0);
    sizes = new Map(active.map((p) => [p.name, (Math.sqrt(p.weight) * rootSum) / budget]));
    const big = active.filter((p) => sizes.get(p.name)! <= p.n);
    if (big.length === 0 || big.length === active.length) break;
    // Sets already larger than their share keep their size; the rest share what variance is left.
    budget -= big.reduce((sum, p) => sum + p.weight / p.n, 0);
    active = active.filter((p) => !big.includes(p));
  }
  const sets = active
    .filter((p) => sizes.get(p.name)! > p.n)
    .map((p) => ({ split: p.name, from: p.n, to: Math.ceil(sizes.get(p.name)!) }));
  return { difference, standardError, distinguishable, advice: { kind: 'enlarge', sets } };
}
