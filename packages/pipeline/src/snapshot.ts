import type { InputShape, Model } from '@mlrecipe/nn';
import { stateFromJSON, stateToJSON } from '@mlrecipe/optim';
import type { EarlyStopper, EarlyStoppingState } from '@mlrecipe/regularizers';
import { type Rng, restoreRng, type tf } from '@mlrecipe/tensor';
import { PipelineError } from './errors.js';
import type { HealthMonitor } from './train/health.js';
import type { EpochRecord } from './train/record.js';

/** Everything needed to continue a run exactly where it stopped. */
export interface TrainingSnapshot {
  /** Epochs finished. */
  readonly epoch: number;
  /** Batches of the next epoch already trained on (absent at the end of an epoch). */
  readonly batch?: number;
  /** Parameters and state as optim's stateToJSON writes tensors. */
  readonly params: unknown;
  readonly state: unknown;
  readonly optimizerState: unknown;
  readonly rng: ReturnType<Rng['getState']>;
  readonly history: EpochRecord[];
  /** The rows of train whose error each epoch reports (a seeded sample, drawn once per run). */
  readonly trainSample?: number[];
  /** Early stopping's memory: best value and epoch, last epoch seen, the best variables (as stateToJSON writes them). */
  readonly earlyStopping?: unknown;
  /** Training-health samples and first-epoch losses not yet summarised in history. */
  readonly health?: unknown;
  /** Set when early stopping ended the run: a resume restores the best epoch and stops. */
  readonly stopped?: { readonly epoch: number; readonly bestEpoch: number };
}

/** Everything train's loop holds that shapes the rest of the run. */
export interface LoopState {
  readonly params: Record<string, tf.Variable>;
  readonly state: Record<string, tf.Variable>;
  readonly optimizerState: unknown;
  readonly rng: Rng;
  readonly history: readonly EpochRecord[];
  readonly trainSample: Uint32Array;
  readonly earlyStopping?: EarlyStopper<string>;
  readonly health?: HealthMonitor;
}

/** A snapshot after `epoch` epochs and `batch` batches of the next; `stopped` when early stopping ended the run. */
export function takeSnapshot(
  loop: LoopState,
  epoch: number,
  batch = 0,
  stopped?: TrainingSnapshot['stopped'],
): TrainingSnapshot {
  return {
    epoch,
    ...(batch > 0 ? { batch } : {}),
    params: stateToJSON(loop.params),
    state: stateToJSON(loop.state),
    optimizerState: stateToJSON(loop.optimizerState),
    rng: loop.rng.getState(),
    history: [...loop.history],
    trainSample: Array.from(loop.trainSample),
    ...(loop.earlyStopping ? { earlyStopping: stateToJSON(loop.earlyStopping.getState()) } : {}),
    ...(loop.health ? { health: stateToJSON(loop.health.getState()) } : {}),
    ...(stopped ? { stopped } : {}),
  };
}

/** Gives a fresh early stopper the memory a snapshot saved (it takes ownership of the tensors). */
export function restoreEarlyStopping(s: TrainingSnapshot, stopper: EarlyStopper<string>): void {
  if (s.earlyStopping === undefined) {
    if (s.history.length > 0) {
      throw new PipelineError(
        'train: the checkpoint has no early-stopping memory but this run uses early stopping; resume without earlyStopping or start a new run',
      );
    }
    return;
  }
  stopper.setState(stateFromJSON<EarlyStoppingState>(s.earlyStopping));
}

/** Fresh variables of `model` holding the snapshot's values; throws when the snapshot is from another model. */
export function restoreVariables(s: TrainingSnapshot, model: Model, inputShape: InputShape, rng: Rng) {
  const fresh = model.init(inputShape, rng.fork('init'));
  for (const [tree, json] of [
    [fresh.params, s.params],
    [fresh.state, s.state],
  ] as const) {
    const saved = stateFromJSON<Record<string, tf.Tensor>>(json);
    const mismatch = Object.entries(tree).find(
      ([name, v]) => saved[name] === undefined || saved[name]!.shape.join() !== v.shape.join(),
    );
    const sameNames = mismatch === undefined && Object.keys(tree).length === Object.keys(saved).length;
    if (sameNames) for (const [name, v] of Object.entries(tree)) v.assign(saved[name]!);
    const describe = Object.entries(saved)
      .map(([name, t]) => `${name} [${t.shape}]`)
      .join(', ');
    for (const t of Object.values(saved)) t.dispose();
    if (!sameNames) {
      for (const v of [...Object.values(fresh.params), ...Object.values(fresh.state)]) v.dispose();
      throw new PipelineError(
        `train: the checkpoint is from another model (it holds ${describe}); resume with the model that wrote it or start a new run`,
      );
    }
  }
  restoreRng(s.rng); // validates the saved generator state
  return fresh;
}
