import { MetricInputError } from './errors.js';
import type { VectorInput } from './input.js';
import { type CompareOptions, compareModels, type PairedComparison } from './paired_comparison.js';
import { checkSelectModelArguments } from './select_model_checks.js';
import type { TallyMetric } from './tally_metric.js';

/** A model to choose among: a name and its measured metrics (accuracy, runtimeMs, memoryMb, …). */
export interface Candidate {
  readonly name: string;
  readonly metrics: Readonly<Record<string, number>>;
  /** Per-example dev predictions (class indices), to test whether it beats the runner-up beyond noise. */
  readonly predictions?: VectorInput;
}

/** A satisficing metric: it only has to be good enough (at most `max`, at least `min`). */
export interface SatisficingConstraint {
  readonly metric: string;
  readonly max?: number;
  readonly min?: number;
}

/** Options of `selectModel`: the one optimizing metric and the satisficing constraints. */
export interface SelectModelOptions {
  /** The one optimizing metric: as good as possible. */
  readonly optimize: { readonly metric: string; readonly goal: 'max' | 'min' };
  /** Satisficing metrics: each must meet its threshold, beyond which it does not matter. */
  readonly satisfice?: readonly SatisficingConstraint[];
  /**
   * The dev labels the candidates' `predictions` were made on: with them, the best and the runner-up
   * are compared on the same examples (`compareModels`: McNemar for accuracy and error rates, the
   * paired bootstrap for F-scores). `metric` defaults from the optimizing metric's name when it
   * contains f1, acc(uracy), err(or), precision or recall ('devF1' → 'f1', 'devError' → 'errorRate').
   */
  readonly paired?: CompareOptions & { readonly labels: VectorInput };
}

/**
 * The result of `selectModel`, told apart by `outcome`: `'chosen'` with the best candidate that meets
 * every constraint, or `'none-satisfies'` when no candidate does (then `best` is null, `ranking` is
 * empty and `reasons` says what each candidate missed). The caller decides what to do then; nothing
 * is chosen silently on its behalf.
 *
 * @example
 * const s = selectModel(candidates, options);
 * if (s.outcome === 'none-satisfies') console.log(s.reasons.join('\n')); // decide: relax a bound, or stop
 * else deploy(s.best.name);
 */
export type Selection = {
  /** Candidates that meet every constraint, best first (ties keep input order). */
  readonly ranking: readonly Candidate[];
  /** Candidates that miss a constraint, with every reason. */
  readonly rejected: ReadonlyArray<{ readonly name: string; readonly reasons: readonly string[] }>;
  /** Why the best was chosen and whether the data can tell it from the runner-up, or why none was. */
  readonly reasons: readonly string[];
} & (
  | {
      readonly outcome: 'chosen';
      /** The best candidate that meets every constraint. */
      readonly best: Candidate;
      /** Best vs runner-up on the same dev examples, when predictions and labels were given. */
      readonly comparison?: PairedComparison;
    }
  | {
      /** No candidate meets every satisficing constraint. */
      readonly outcome: 'none-satisfies';
      readonly best: null;
      /** Nothing to compare when nothing was chosen. */
      readonly comparison?: undefined;
    }
);

/**
 * Optimizing vs satisficing model choice, the recipe's rule for N metrics: pick one to optimize and
 * make the other N − 1 thresholds. E.g. maximise accuracy subject to runtime ≤ 100 ms: A 90 %/80 ms,
 * B 92 %/95 ms, C 95 %/1,500 ms → B (C is rejected for runtime).
 *
 * @example
 * selectModel(candidates, { optimize: { metric: 'accuracy', goal: 'max' }, satisfice: [{ metric: 'runtimeMs', max: 100 }] });
 */
export function selectModel(candidates: readonly Candidate[], options: SelectModelOptions): Selection {
  checkSelectModelArguments(candidates, options);
  if (!Array.isArray(candidates) || candidates.length === 0) {
    throw new MetricInputError('selectModel: no candidates; pass at least one { name, metrics }');
  }
  const { optimize, satisfice = [] } = options;
  if (optimize?.goal !== 'max' && optimize?.goal !== 'min') {
    throw new MetricInputError(
      `selectModel: optimize.goal must be 'max' or 'min', got ${JSON.stringify(optimize?.goal)}`,
    );
  }
  for (const c of satisfice) {
    if (c.max === undefined && c.min === undefined) {
      throw new MetricInputError(`selectModel: the satisficing metric '${c.metric}' needs a max, a min or both`);
    }
  }
  const names = new Set<string>();
  for (const candidate of candidates) {
    if (names.has(candidate.name))
      throw new MetricInputError(`selectModel: two candidates are named '${candidate.name}'`);
    names.add(candidate.name);
    for (const metric of [optimize.metric, ...satisfice.map((c) => c.metric)]) {
      const value = candidate.metrics?.[metric];
      if (value === undefined) {
        const role = metric === optimize.metric ? 'optimizing' : 'satisficing';
        throw new MetricInputError(
          `selectModel: candidate '${candidate.name}' has no '${metric}' (the ${role} metric); it has ${Object.keys(candidate.metrics ?? {}).join(', ') || 'no metrics'}`,
        );
      }
      if (Number.isNaN(value)) {
        throw new MetricInputError(`selectModel: candidate '${candidate.name}' has ${metric} = NaN`);
      }
    }
  }

  const rejected: Array<{ name: string; reasons: string[] }> = [];
  const feasible: Candidate[] = [];
  for (const candidate of candidates) {
    const reasons: string[] = [];
    for (const { metric, max, min } of satisfice) {
      const value = candidate.metrics[metric]!;
      if (max !== undefined && value > max) reasons.push(`${metric} ${value} > ${max} (max)`);
      if (min !== undefined && value < min) reasons.push(`${metric} ${value} < ${min} (min)`);
    }
    if (reasons.length > 0) rejected.push({ name: candidate.name, reasons });
    else feasible.push(candidate);
  }
  const sign = optimize.goal === 'max' ? -1 : 1;
  // Array.prototype.sort is stable: ties keep input order.
  const ranking = [...feasible].sort((a, b) => sign * (a.metrics[optimize.metric]! - b.metrics[optimize.metric]!));
  const best = ranking[0];
  const runnerUp = ranking[1];
  if (best === undefined) {
    const reasons = [
      `none of the ${candidates.length} candidate${candidates.length === 1 ? '' : 's'} meets every satisficing constraint (${satisfice.map(describeConstraint).join(', ')})`,
      ...rejected.map((r) => `${r.name}: ${r.reasons.join('; ')}`),
    ];
    return { outcome: 'none-satisfies', best: null, ranking, rejected, reasons };
  }
  const reasons: string[] = [];
  const value = (c: Candidate) => c.metrics[optimize.metric]!;
  reasons.push(
    `${best.name} has the ${optimize.goal === 'max' ? 'highest' : 'lowest'} ${optimize.metric} (${round(value(best))}) of the ${ranking.length} candidate${ranking.length === 1 ? '' : 's'} that meet every constraint`,
  );
  if (runnerUp === undefined) return { outcome: 'chosen', best, ranking, rejected, reasons };
  if (options.paired === undefined || best.predictions === undefined || runnerUp.predictions === undefined) {
    reasons.push(
      `${best.name} vs ${runnerUp.name} (${round(value(runnerUp))}): without per-example predictions and dev labels (candidate.predictions, options.paired.labels), whether this difference is more than noise is unknown`,
    );
    return { outcome: 'chosen', best, ranking, rejected, reasons };
  }
  const { labels, ...compare } = options.paired;
  const metric = compare.metric ?? metricFromName(optimize.metric);
  const comparison = compareModels(labels, best.predictions, runnerUp.predictions, { ...compare, metric });
  reasons.push(describeComparison(best.name, runnerUp.name, comparison));
  return { outcome: 'chosen', best, ranking, rejected, comparison, reasons };
}

const round = (v: number) => Number(v.toPrecision(4));

function describeConstraint({ metric, max, min }: SatisficingConstraint): string {
  if (max !== undefined && min !== undefined) return `${min} ≤ ${metric} ≤ ${max}`;
  return max !== undefined ? `${metric} ≤ ${max}` : `${metric} ≥ ${min}`;
}

function metricFromName(name: string): TallyMetric {
  // Names such as 'devF1', 'dev_error' or 'accuracy' are common; match the metric's word in them.
  const known: Array<[RegExp, TallyMetric]> = [
    [/f1/i, 'f1'],
    [/acc(uracy)?/i, 'accuracy'],
    [/err(or)?/i, 'errorRate'],
    [/precision/i, 'precision'],
    [/recall/i, 'recall'],
  ];
  const hit = known.find(([pattern]) => pattern.test(name));
  if (hit === undefined) {
    throw new MetricInputError(
      `selectModel: cannot tell which paired test fits the optimizing metric '${name}'; pass paired.metric ('accuracy', 'errorRate', 'f1', 'fBeta', 'precision' or 'recall')`,
    );
  }
  return hit[1];
}

function describeComparison(best: string, runnerUp: string, c: PairedComparison): string {
  const pct = (v: number) => `${(100 * v).toFixed(Math.abs(v) < 0.01 ? 2 : 1)} %`;
  const signed = (v: number) => `${v >= 0 ? '+' : '−'}${pct(Math.abs(v))}`;
  const test = c.method === 'mcnemar-exact' ? "McNemar's exact test" : `a paired bootstrap of ${c.resamples} resamples`;
  const facts =
    `${c.metric} difference ${signed(c.difference)}, ${Math.round(100 * c.confidence)} % interval ${signed(c.low)} to ${signed(c.high)}, ` +
    `p = ${c.pValue.toPrecision(2)} by ${test} on ${c.n.toLocaleString('en')} dev examples`;
  if (c.distinguishable) return `${best} beats ${runnerUp} beyond noise (${facts})`;
  const size =
    c.examplesToSeparate === null
      ? 'they score the same, so no dev set size would separate them'
      : `about ${c.examplesToSeparate.toLocaleString('en')} dev examples would separate a difference this size (80 % power)`;
  return `${best} and ${runnerUp} are not distinguishable at ${Math.round(100 * c.confidence)} % confidence (${facts}); ${size}`;
}
