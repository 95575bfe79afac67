import { MetricInputError } from './errors.js';

/** A model to choose among: a name and its measured metrics (accuracy, runtimeMs, memoryMb, …). */
export interface Candidate {
  readonly name: string;
  readonly metrics: Readonly<Record<string, number>>;
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
}

/**
 * The result of `selectModel`: the best candidate (or null when none satisfies), the ranking, and the rejected with reasons.
 */
export interface Selection {
  /** The best candidate that meets every constraint, or null when none does. */
  readonly best: Candidate | null;
  /** Candidates that meet every constraint, best first (ties keep input order). */
  readonly ranking: readonly Candidate[];
  /** Candidates that miss a constraint, with every reason. */
  readonly rejected: ReadonlyArray<{ readonly name: string; readonly reasons: readonly string[] }>;
}

/**
 * Optimizing vs satisficing model choice, the recipe's rule for N metrics: pick one to optimize and
 * make the other N − 1 thresholds. E.g. maximise accuracy subject to runtime ≤ 100 ms: A 90 %/80 ms,
 * B 92 %/95 ms, C 95 %/1,500 ms → B (C is rejected for runtime).
 *
 * @example
 * selectModel(candidates, { optimize: { metric: 'accuracy', goal: 'max' }, satisfice: [{ metric: 'runtimeMs', max: 100 }] });
 */
export function selectModel(candidates: readonly Candidate[], options: SelectModelOptions): Selection {
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
  return { best: ranking[0] ?? null, ranking, rejected };
}
