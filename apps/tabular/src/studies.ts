// The two studies: each cross-validates a dense network against the classic linear model and turns
// the out-of-fold predictions into figures with intervals, a paired comparison and the diagnosis.
import { kFold, stratifiedKFold } from '@mlrecipe/data';
import { type Diagnosis, diagnose } from '@mlrecipe/diagnostics';
import {
  bootstrapMeanInterval,
  compareModels,
  type MeanInterval,
  type PairedComparison,
  type RateInterval,
  rateInterval,
} from '@mlrecipe/metrics';
import { dense, sequential } from '@mlrecipe/nn';
import { type CandidateResult, crossValidateCandidates, type FoldResult } from './cross_validate.js';
import type { Table } from './datasets.js';

/** The budget and seed of a study, and where fold results go. */
export interface StudyOptions {
  readonly folds: number;
  readonly seed: number;
  readonly epochs: number;
  readonly onFold?: (candidate: string, fold: FoldResult) => void;
}

/** A candidate's cross-validated figures: out-of-fold error with its interval, fold spread, train error. */
export interface CandidateSummary {
  readonly name: string;
  /** Over all rows, each predicted by the model that did not see it. */
  readonly outOfFold: RateInterval | MeanInterval;
  /** Mean and sample standard deviation of the held-out folds' errors. */
  readonly foldMean: number;
  readonly foldSd: number;
  /** Mean error on the training folds. */
  readonly trainError: number;
  readonly trainRows: number;
}

/** A study's result: every candidate, the choice with its paired comparison, and the chosen one's diagnosis. */
export interface StudyResult {
  readonly table: string;
  readonly candidates: readonly CandidateSummary[];
  readonly chosen: string;
  readonly runnerUp: string;
  /** The runner-up's error minus the chosen one's on the same rows, with its interval. */
  readonly comparison: {
    readonly difference: number;
    readonly low: number;
    readonly high: number;
    readonly decided: boolean;
  };
  readonly diagnosis: Diagnosis;
}

const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / v.length;
const sd = (v: readonly number[]) => Math.sqrt(v.reduce((s, x) => s + (x - mean(v)) ** 2, 0) / (v.length - 1));

function spread(r: CandidateResult) {
  const test = r.folds.map((f) => f.testError);
  return {
    foldMean: mean(test),
    foldSd: sd(test),
    trainError: mean(r.folds.map((f) => f.trainError)),
    trainRows: Math.round(mean(r.folds.map((f) => f.trainRows))),
  };
}

/** Breast cancer, malignant vs benign: logistic regression vs a dense network, stratified k-fold. */
export async function breastCancerStudy(table: Table, humanLevel: number, options: StudyOptions): Promise<StudyResult> {
  const results = await crossValidateCandidates({
    table,
    task: 'classification',
    folds: stratifiedKFold(table.y, { k: options.folds, seed: options.seed }),
    candidates: [
      { name: 'logistic regression', model: () => sequential([dense({ units: 2 })]) },
      {
        name: 'dense 32-16',
        model: () =>
          sequential([
            dense({ units: 32, activation: 'relu' }),
            dense({ units: 16, activation: 'relu' }),
            dense({ units: 2 }),
          ]),
      },
    ],
    epochs: options.epochs,
    seed: options.seed,
    ...(options.onFold ? { onFold: options.onFold } : {}),
  });
  const n = table.y.length;
  const errorsOf = (r: CandidateResult) => r.outOfFold.reduce((s, p, i) => s + (p === table.y[i] ? 0 : 1), 0);
  const candidates = results.map((r) => ({ name: r.name, outOfFold: rateInterval(errorsOf(r), n), ...spread(r) }));
  const [best, next] = ranked(results, (r) => errorsOf(r));
  // McNemar's exact test on the same rows: errorRate(runner-up) − errorRate(chosen).
  const paired: PairedComparison = compareModels(table.y, next.outOfFold, best.outOfFold, { metric: 'errorRate' });
  const diagnosis = diagnose({
    humanLevel,
    // Each row's training error averaged over the folds that trained on it: n rows, not (k − 1)·n.
    train: { rate: mean(Array.from(best.inFoldError)), n },
    dev: { errors: errorsOf(best), n },
  });
  return {
    table: table.name,
    candidates,
    chosen: best.name,
    runnerUp: next.name,
    comparison: { difference: paired.difference, low: paired.low, high: paired.high, decided: paired.distinguishable },
    diagnosis,
  };
}

/** Diabetes progression: linear regression vs a dense network, k-fold, mean absolute error. */
export async function diabetesStudy(table: Table, options: StudyOptions): Promise<StudyResult> {
  const results = await crossValidateCandidates({
    table,
    task: 'regression',
    folds: kFold(table.y.length, { k: options.folds, seed: options.seed }),
    candidates: [
      { name: 'linear regression', model: () => sequential([dense({ units: 1 })]) },
      {
        name: 'dense 32-16',
        model: () =>
          sequential([
            dense({ units: 32, activation: 'relu' }),
            dense({ units: 16, activation: 'relu' }),
            dense({ units: 1 }),
          ]),
      },
    ],
    epochs: options.epochs,
    seed: options.seed,
    ...(options.onFold ? { onFold: options.onFold } : {}),
  });
  const absErrors = (r: CandidateResult) => Float64Array.from(r.outOfFold, (p, i) => Math.abs(p - table.y[i]!));
  const resampling = { seed: options.seed };
  const candidates = results.map((r) => ({
    name: r.name,
    outOfFold: bootstrapMeanInterval(absErrors(r), resampling),
    ...spread(r),
  }));
  const [best, next] = ranked(results, (r) => mean(Array.from(absErrors(r))));
  const bestErrors = absErrors(best);
  const margin = bootstrapMeanInterval(
    absErrors(next).map((e, i) => e - bestErrors[i]!),
    resampling,
  );
  const chosen = candidates.find((c) => c.name === best.name)!;
  const outOfFold = chosen.outOfFold as MeanInterval;
  const inFold = bootstrapMeanInterval(best.inFoldError, resampling);
  const diagnosis = diagnose({
    // No human-level figure exists for predicting a year's progression from these ten variables.
    humanLevel: 0,
    train: { value: inFold.value, standardError: inFold.standardError, n: inFold.n },
    dev: { value: outOfFold.value, standardError: outOfFold.standardError, n: outOfFold.n },
    unit: 'points',
  });
  return {
    table: table.name,
    candidates,
    chosen: best.name,
    runnerUp: next.name,
    comparison: { difference: margin.value, low: margin.low, high: margin.high, decided: margin.low > 0 },
    diagnosis,
  };
}

/** The best and the runner-up by an error (lower is better); ties keep the listed order. */
function ranked(results: readonly CandidateResult[], error: (r: CandidateResult) => number) {
  const sorted = [...results].sort((a, b) => error(a) - error(b));
  return [sorted[0]!, sorted[1]!] as const;
}
