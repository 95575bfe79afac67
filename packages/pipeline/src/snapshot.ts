import type { Model } from '@mlrecipe/nn';
import { stateFromJSON, stateToJSON } from '@mlrecipe/optim';
import { type Rng, restoreRng, type tf } from '@mlrecipe/tensor';
import { PipelineError } from './errors.js';
import type { EpochRecord } from './train.js';

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
}

export function takeSnapshot(
  epoch: number,
  params: Record<string, tf.Variable>,
  state: Record<string, tf.Variable>,
  optimizerState: unknown,
  rng: Rng,
  history: readonly EpochRecord[],
  batch = 0,
): TrainingSnapshot {
  return {
    epoch,
    ...(batch > 0 ? { batch } : {}),
    params: stateToJSON(params),
    state: stateToJSON(state),
    optimizerState: stateToJSON(optimizerState),
    rng: rng.getState(),
    history: [...history],
  };
}

/** Fresh variables of `model` holding the snapshot's values; throws when the snapshot is from another model. */
export function restoreVariables(s: TrainingSnapshot, model: Model, inputShape: readonly number[], rng: Rng) {
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
