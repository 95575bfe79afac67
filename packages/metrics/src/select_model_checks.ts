import { MetricInputError } from './errors.js';
import type { Candidate, SelectModelOptions } from './select_model.js';

const shown = (value: unknown): string => {
  if (typeof value === 'number' || value === undefined) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

/**
 * The shape of `selectModel`'s arguments, checked before any ranking: each candidate a named
 * object of metrics, the optimizing metric a name and a goal, each satisficing bound a finite
 * number. A NaN or null bound would otherwise compare false and silently let every model through.
 */
export function checkSelectModelArguments(candidates: readonly Candidate[], options: SelectModelOptions): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new MetricInputError(
      `selectModel: options must be { optimize: { metric, goal }, satisfice? }, got ${shown(options)}`,
    );
  }
  const { optimize, satisfice } = options;
  if (
    optimize === null ||
    typeof optimize !== 'object' ||
    typeof optimize.metric !== 'string' ||
    optimize.metric === ''
  ) {
    throw new MetricInputError(
      `selectModel: optimize must be { metric: 'devF1', goal: 'max' } with a metric name, got ${shown(optimize)}`,
    );
  }
  if (satisfice !== undefined && !Array.isArray(satisfice)) {
    throw new MetricInputError(
      `selectModel: satisfice must be an array of { metric, max?, min? }, got ${shown(satisfice)}`,
    );
  }
  for (const constraint of satisfice ?? []) {
    if (constraint === null || typeof constraint !== 'object' || typeof constraint.metric !== 'string') {
      throw new MetricInputError(
        `selectModel: each satisficing constraint is { metric, max?, min? }, got ${shown(constraint)}`,
      );
    }
    for (const bound of ['max', 'min'] as const) {
      const value = constraint[bound];
      if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value))) {
        throw new MetricInputError(
          `selectModel: the satisficing metric '${constraint.metric}' has ${bound} ${shown(value)}; a bound must be a finite number (or left out)`,
        );
      }
    }
  }
  if (!Array.isArray(candidates)) return; // selectModel's own check names the mistake
  for (const candidate of candidates) {
    if (
      candidate === null ||
      typeof candidate !== 'object' ||
      typeof candidate.name !== 'string' ||
      candidate.metrics === null ||
      typeof candidate.metrics !== 'object'
    ) {
      throw new MetricInputError(
        `selectModel: each candidate is { name: string, metrics: { … } }, got ${shown(candidate)}`,
      );
    }
    for (const [metric, value] of Object.entries(candidate.metrics)) {
      if (typeof value !== 'number') {
        throw new MetricInputError(
          `selectModel: candidate '${candidate.name}' has ${metric} = ${shown(value)}; metrics are numbers`,
        );
      }
    }
  }
}
