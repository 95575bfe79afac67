import { tf } from '@mlrecipe/tensor';
import { RegularizerError } from './errors.js';

/**
 * Options of `earlyStopping`: the metric, its direction, patience, minimum change and whether to restore the best parameters.
 */
export interface EarlyStoppingOptions {
  /** The metric to watch, e.g. 'devLoss' or 'devErrorRate'. */
  monitor: string;
  /** 'min' for losses and error rates, 'max' for accuracy or F1. Default 'min'. */
  mode?: 'min' | 'max';
  /** Epochs without improvement before stopping. Default 5. */
  patience?: number;
  /** The smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Copy the parameters at the best epoch and put them back on `restore`. Default true. */
  restoreBest?: boolean;
}

/** An early stopper: `update` after each epoch says whether to stop; `restore` puts the best parameters back. */
export interface EarlyStopping {
  /** Reports an epoch's metrics (and the params after it). Returns whether to stop now. */
  update(
    metrics: Readonly<Record<string, number>>,
    params: Readonly<Record<string, tf.Variable>>,
  ): { stop: boolean; improved: boolean };
  /** Writes the best parameters back into `params` (tfjs' restoreBestWeights throws "not implemented"). */
  restore(params: Readonly<Record<string, tf.Variable>>): void;
  readonly bestEpoch: number;
  readonly bestValue: number;
  /** Whether restore() has parameters to put back (the restoreBest option). */
  readonly restoresBest: boolean;
  /** Disposes the copy of the best parameters. */
  dispose(): void;
}

/**
 * Early stopping: stop when the dev metric has not improved for `patience` epochs, and go back to
 * the best parameters. The course notes its cost: it couples "optimise J" with "do not overfit";
 * L2 regularisation keeps the two orthogonal. Epochs count from 1.
 */
export function earlyStopping({
  monitor,
  mode = 'min',
  patience = 5,
  minDelta = 0,
  restoreBest = true,
}: EarlyStoppingOptions): EarlyStopping {
  if (!(Number.isInteger(patience) && patience >= 0))
    throw new RegularizerError(`earlyStopping: patience must be an integer ≥ 0, got ${patience}`);
  if (!(minDelta >= 0)) throw new RegularizerError(`earlyStopping: minDelta must be ≥ 0, got ${minDelta}`);
  if (mode !== 'min' && mode !== 'max')
    throw new RegularizerError(`earlyStopping: mode must be 'min' or 'max', got ${mode}`);
  let best = mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  let bestEpoch = 0;
  let epoch = 0;
  let snapshot: Record<string, tf.Tensor> | null = null;
  const dropSnapshot = () => {
    if (snapshot !== null) tf.dispose(Object.values(snapshot));
    snapshot = null;
  };
  return {
    update(metrics, params) {
      const value = metrics[monitor];
      if (value === undefined) {
        throw new RegularizerError(
          `earlyStopping: no '${monitor}' among the metrics (${Object.keys(metrics).join(', ')})`,
        );
      }
      if (Number.isNaN(value)) throw new RegularizerError(`earlyStopping: ${monitor} is NaN at epoch ${epoch + 1}`);
      epoch++;
      const improved = mode === 'min' ? value < best - minDelta : value > best + minDelta;
      if (improved) {
        best = value;
        bestEpoch = epoch;
        if (restoreBest) {
          dropSnapshot();
          snapshot = Object.fromEntries(Object.entries(params).map(([name, p]) => [name, tf.clone(p)]));
        }
      }
      // As Keras' EarlyStopping: stop after `patience` epochs in a row without improvement.
      return { stop: !improved && epoch - bestEpoch >= patience, improved };
    },
    restore(params) {
      if (!restoreBest)
        throw new RegularizerError('earlyStopping: created with restoreBest: false, so there is nothing to restore');
      if (snapshot === null)
        throw new RegularizerError('earlyStopping: no epoch reported yet, so there is no best to restore');
      for (const [name, p] of Object.entries(params)) {
        const saved = snapshot[name];
        if (saved === undefined)
          throw new RegularizerError(`earlyStopping.restore: parameter '${name}' was not in the snapshot`);
        p.assign(saved);
      }
    },
    get bestEpoch() {
      return bestEpoch;
    },
    get bestValue() {
      return best;
    },
    restoresBest: restoreBest,
    dispose: dropSnapshot,
  };
}
