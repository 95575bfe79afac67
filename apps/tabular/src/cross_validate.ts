// k-fold cross-validation of several candidate models on one table: every row is predicted once, by
// the candidate trained on the other folds, with standardisation fitted on those folds only.
import { type Fold, Standardizer, takeRows } from '@mlrecipe/data';
import { type Model, meanSquaredError, softmaxCrossEntropy } from '@mlrecipe/nn';
import { adam } from '@mlrecipe/optim';
import { evaluate, train } from '@mlrecipe/pipeline';
import { tf } from '@mlrecipe/tensor';
import type { Table } from './datasets.js';

/** A model to cross-validate: a name and a fresh, untrained model per fold. */
export interface Candidate {
  readonly name: string;
  readonly model: () => Model;
}

/** One fold of one candidate: its error on the training folds and on the held-out fold. */
export interface FoldResult {
  readonly fold: number;
  readonly trainRows: number;
  readonly testRows: number;
  /** Error rate (classification) or mean absolute error in the target's unit (regression). */
  readonly trainError: number;
  readonly testError: number;
}

/** One candidate over every fold: per-fold errors, and each row's out-of-fold prediction. */
export interface CandidateResult {
  readonly name: string;
  readonly folds: readonly FoldResult[];
  /** Row i's prediction by the model that did not train on it: a class (classification) or a value (regression). */
  readonly outOfFold: Float32Array;
  /**
   * Row i's error while trained on (0/1 for classification, absolute error for regression),
   * averaged over the k − 1 folds whose training set held it: train error per row.
   */
  readonly inFoldError: Float64Array;
}

/** What `crossValidateCandidates` needs: the table, the task, the folds, the candidates and the training budget. */
export interface CrossValidateOptions {
  readonly table: Table;
  readonly task: 'classification' | 'regression';
  readonly folds: readonly Fold[];
  readonly candidates: readonly Candidate[];
  readonly epochs: number;
  readonly seed: number;
  readonly onFold?: (candidate: string, fold: FoldResult) => void;
}

/** Trains and measures every candidate on every fold. */
export async function crossValidateCandidates(options: CrossValidateOptions): Promise<CandidateResult[]> {
  const { table, task, folds, candidates, epochs, seed } = options;
  const [n, width] = table.x.shape;
  const results: CandidateResult[] = [];
  for (const candidate of candidates) {
    const outOfFold = new Float32Array(n);
    const inFoldError = new Float64Array(n);
    const inFoldCount = new Uint32Array(n);
    const foldResults: FoldResult[] = [];
    for (const [f, fold] of folds.entries()) {
      const run = await trainFold(candidate, table, task, fold, epochs, seed + f);
      run.testPredictions.forEach((p, i) => {
        outOfFold[fold.test[i]!] = p;
      });
      run.trainPredictions.forEach((p, i) => {
        const row = fold.train[i]!;
        inFoldError[row]! += task === 'regression' ? Math.abs(p - table.y[row]!) : p === table.y[row] ? 0 : 1;
        inFoldCount[row]!++;
      });
      const result = { fold: f + 1, trainRows: fold.train.length, testRows: fold.test.length, ...run.errors };
      foldResults.push(result);
      options.onFold?.(candidate.name, result);
    }
    for (let i = 0; i < n; i++) inFoldError[i]! /= inFoldCount[i]!;
    results.push({ name: candidate.name, folds: foldResults, outOfFold, inFoldError });
  }
  if (width !== table.features.length)
    throw new Error(`${table.name}: ${width} feature columns but ${table.features.length} names`);
  return results;
}

async function trainFold(
  candidate: Candidate,
  table: Table,
  task: 'classification' | 'regression',
  fold: Fold,
  epochs: number,
  seed: number,
) {
  const width = table.x.shape[1];
  const rows = (r: Uint32Array) => takeRows({ values: table.x.values, shape: [...table.x.shape] }, r);
  // Fitted on the training folds only: the held-out fold must not leak into the scaling.
  const scaler = new Standardizer().fit(rows(fold.train));
  const x = (r: Uint32Array) => ({
    values: Float32Array.from(scaler.transform(rows(r))),
    shape: [r.length, width],
  });
  const targets = Float32Array.from(fold.train, (i) => table.y[i]!);
  const yMean = task === 'regression' ? targets.reduce((s, v) => s + v, 0) / targets.length : 0;
  const ySd = task === 'regression' ? Math.sqrt(targets.reduce((s, v) => s + (v - yMean) ** 2, 0) / targets.length) : 1;
  const y = (r: Uint32Array) =>
    task === 'regression'
      ? { values: Float32Array.from(r, (i) => (table.y[i]! - yMean) / ySd), shape: [r.length, 1] }
      : { values: Int32Array.from(r, (i) => table.y[i]!), shape: [r.length] };
  const sets = { train: { x: x(fold.train), y: y(fold.train) }, test: { x: x(fold.test), y: y(fold.test) } };
  const model = candidate.model();
  const pipelineTask = task === 'regression' ? 'regression' : 'multiclass';
  const trained = await train({
    model,
    inputShape: [width],
    task: pipelineTask,
    // train wants a dev set to report on; nothing here chooses on it (no early stopping), and it is
    // measured once, after the last epoch.
    data: { train: sets.train, dev: sets.test },
    loss: task === 'regression' ? meanSquaredError : softmaxCrossEntropy,
    optimizer: adam({ learningRate: 0.01 }),
    epochs,
    batchSize: 64,
    evaluateEvery: epochs,
    seed,
    progress: 'none',
    health: false,
  });
  try {
    const e = evaluate(model, trained, sets, { inputShape: [width], task: pipelineTask, intervals: false });
    // Back to the target's unit (regression targets were standardised on the training folds).
    const inUnit = (values: ArrayLike<number>) =>
      task === 'regression' ? Float32Array.from(values, (v) => v * ySd + yMean) : Float32Array.from(values);
    const scale = task === 'regression' ? ySd : 1;
    return {
      errors: { trainError: e.train.error * scale, testError: e.test.error * scale },
      testPredictions: inUnit(e.test.predictions!.values),
      trainPredictions: inUnit(e.train.predictions!.values),
    };
  } finally {
    tf.dispose([...Object.values(trained.params), ...Object.values(trained.state)]);
  }
}
