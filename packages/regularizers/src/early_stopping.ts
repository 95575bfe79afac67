import { tf } from '@mlrecipe/tensor';
import { RegularizerError } from './errors.js';

/** A model's variables as early stopping copies them: parameters and state (batch-norm statistics). */
export interface WatchedVariables {
  readonly params: Readonly<Record<string, tf.Tensor>>;
  readonly state?: Readonly<Record<string, tf.Tensor>>;
}

/**
 * Early stopping's memory as plain data (see optim's stateToJSON), so a checkpoint can carry it and
 * a resumed run stops at the same epoch with the same best model. `best` holds copies of the
 * variables at the best epoch (absent with `restoreBest: false` or before the first report).
 */
export interface EarlyStoppingState {
  readonly bestValue: number | null;
  readonly bestEpoch: number;
  readonly lastEpoch: number;
  readonly best?: { readonly params: Record<string, tf.Tensor>; readonly state: Record<string, tf.Tensor> };
}

/**
 * The contract a training loop calls (@mlrecipe/pipeline's train): this is its one definition.
 * `K` is the monitored key; pipeline narrows it to the keys its history has.
 */
export interface EarlyStopper<K extends string = string> {
  readonly monitor: K;
  readonly mode: 'min' | 'max';
  /** Epochs without improvement before stopping. */
  readonly patience: number;
  /**
   * Reports the metrics evaluated after `epoch` (1-based; epochs that were not evaluated are simply
   * not reported) and the variables then. Patience counts epochs, not reports.
   */
  update(
    epoch: number,
    metrics: Readonly<Record<string, number>>,
    variables: WatchedVariables,
  ): { stop: boolean; improved: boolean };
  /** Writes the best epoch's parameters and state back into `variables`. */
  restore(variables: {
    params: Readonly<Record<string, tf.Variable>>;
    state?: Readonly<Record<string, tf.Variable>>;
  }): void;
  readonly bestEpoch: number;
  readonly bestValue: number;
  /** Whether restore() has variables to put back (the restoreBest option). */
  readonly restoresBest: boolean;
  /** The memory, to checkpoint (tensors are the stopper's own: copy or serialise, do not dispose). */
  getState(): EarlyStoppingState;
  /** Replaces the memory (takes ownership of `best`'s tensors). */
  setState(state: EarlyStoppingState): void;
  /** Frees the copies of the best variables. */
  dispose(): void;
}

/** Options of `earlyStopping`: the metric, its direction, patience, the smallest improvement and whether to restore the best epoch. */
export interface EarlyStoppingOptions<K extends string = string> {
  /** The metric to watch, e.g. 'devLoss', 'devError' or 'dev_f1' (pipeline's train names them). */
  monitor: K;
  /** 'min' for losses and error rates, 'max' for accuracy or F1. Default 'min'. */
  mode?: 'min' | 'max';
  /** Epochs without improvement before stopping. Default 5. */
  patience?: number;
  /** The smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Copy the parameters and state at the best epoch and put them back on `restore`. Default true. */
  restoreBest?: boolean;
}

const copy = (tree: Readonly<Record<string, tf.Tensor>> = {}) =>
  Object.fromEntries(Object.entries(tree).map(([name, t]) => [name, tf.clone(t)]));

/**
 * Early stopping: stop when the dev metric has not improved for `patience` epochs, and go back to
 * the best parameters and batch-norm statistics. The course notes its cost: it couples "optimise J"
 * with "do not overfit"; L2 regularisation keeps the two orthogonal. Epochs count from 1.
 *
 * @example
 * const stopper = earlyStopping({ monitor: 'devLoss', patience: 3 });
 * if (stopper.update(epoch, { devLoss }, { params, state }).stop) stopper.restore({ params, state });
 */
export function earlyStopping<K extends string>({
  monitor,
  mode = 'min',
  patience = 5,
  minDelta = 0,
  restoreBest = true,
}: EarlyStoppingOptions<K>): EarlyStopper<K> {
  if (typeof monitor !== 'string' || monitor.length === 0)
    throw new RegularizerError(`earlyStopping: monitor must name a metric such as 'devLoss', got ${String(monitor)}`);
  if (!(Number.isInteger(patience) && patience >= 0))
    throw new RegularizerError(`earlyStopping: patience must be an integer ≥ 0, got ${patience}`);
  if (!(typeof minDelta === 'number' && minDelta >= 0 && Number.isFinite(minDelta)))
    throw new RegularizerError(`earlyStopping: minDelta must be a finite number ≥ 0, got ${minDelta}`);
  if (mode !== 'min' && mode !== 'max')
    throw new RegularizerError(`earlyStopping: mode must be 'min' or 'max', got ${mode}`);
  const worst = mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  let best = worst;
  let bestEpoch = 0;
  let lastEpoch = 0;
  let saved: EarlyStoppingState['best'];
  const drop = () => {
    if (saved) tf.dispose([...Object.values(saved.params), ...Object.values(saved.state)]);
    saved = undefined;
  };
  return {
    monitor,
    mode,
    patience,
    update(epoch, metrics, variables) {
      if (!(Number.isInteger(epoch) && epoch > lastEpoch)) {
        throw new RegularizerError(
          `earlyStopping: epochs must be reported in increasing order from 1, got ${epoch} after ${lastEpoch}`,
        );
      }
      const value = metrics[monitor];
      if (value === undefined) {
        throw new RegularizerError(
          `earlyStopping: no '${monitor}' among the metrics (${Object.keys(metrics).join(', ')})`,
        );
      }
      if (Number.isNaN(value)) throw new RegularizerError(`earlyStopping: ${monitor} is NaN at epoch ${epoch}`);
      lastEpoch = epoch;
      const improved = mode === 'min' ? value < best - minDelta : value > best + minDelta;
      if (improved) {
        best = value;
        bestEpoch = epoch;
        if (restoreBest) {
          drop();
          saved = { params: copy(variables.params), state: copy(variables.state) };
        }
      }
      // As Keras' EarlyStopping: stop after `patience` epochs without improvement — epochs, so that
      // evaluating every other epoch does not double the patience.
      return { stop: !improved && epoch - bestEpoch >= patience, improved };
    },
    restore({ params, state = {} }) {
      if (!restoreBest)
        throw new RegularizerError('earlyStopping: created with restoreBest: false, so there is nothing to restore');
      if (saved === undefined)
        throw new RegularizerError('earlyStopping: no epoch reported yet, so there is no best to restore');
      for (const [tree, from] of [
        [params, saved.params],
        [state, saved.state],
      ] as const) {
        for (const [name, v] of Object.entries(tree)) {
          const copyOf = from[name];
          if (copyOf === undefined)
            throw new RegularizerError(`earlyStopping.restore: '${name}' was not among the variables it was shown`);
          v.assign(copyOf);
        }
      }
    },
    get bestEpoch() {
      return bestEpoch;
    },
    get bestValue() {
      return best;
    },
    restoresBest: restoreBest,
    getState: () => ({
      bestValue: bestEpoch === 0 ? null : best,
      bestEpoch,
      lastEpoch,
      ...(saved ? { best: saved } : {}),
    }),
    setState(next) {
      const ok =
        next !== null &&
        typeof next === 'object' &&
        Number.isInteger(next.bestEpoch) &&
        Number.isInteger(next.lastEpoch) &&
        next.bestEpoch >= 0 &&
        next.lastEpoch >= next.bestEpoch &&
        (next.bestValue === null ? next.bestEpoch === 0 : Number.isFinite(next.bestValue));
      if (!ok)
        throw new RegularizerError(`earlyStopping.setState: not a saved early-stopping state: ${JSON.stringify(next)}`);
      if (next.best !== saved) drop();
      best = next.bestValue ?? worst;
      bestEpoch = next.bestEpoch;
      lastEpoch = next.lastEpoch;
      saved = next.best;
    },
    dispose: drop,
  };
}
