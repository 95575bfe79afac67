import { type InputShape, type Model, valueAndGrads } from '@mlrecipe/nn';
import type { Optimizer } from '@mlrecipe/optim';
import type { Penalty } from '@mlrecipe/regularizers';
import { type Rng, tf } from '@mlrecipe/tensor';
import { unpacked } from '../inputs.js';
import type { HealthMonitor } from './health.js';
import { batchWeights, weighted } from './weights.js';

/** What one optimisation step needs; built once per run. */
export interface StepContext {
  readonly model: Model;
  /** The model's input shape: named inputs are cut from each batch's packed rows. */
  readonly inputShape: InputShape;
  readonly loss: (labels: tf.Tensor, outputs: tf.Tensor) => tf.Scalar;
  readonly penalties: readonly Penalty[];
  readonly params: Readonly<Record<string, tf.Variable>>;
  readonly state: Readonly<Record<string, tf.Variable>>;
  /** The parameters that learn (frozen ones get no gradient). */
  readonly learning: Readonly<Record<string, tf.Variable>>;
  readonly frozenLayers: ReadonlySet<string>;
  readonly optimizer: Optimizer<unknown>;
  readonly rng: Rng;
  readonly health?: HealthMonitor;
  readonly augment?: (x: tf.Tensor4D, rng: Rng) => tf.Tensor4D;
  /** Each training row's loss weight (classWeights × sampleWeights), when weighted. */
  readonly rowWeights?: Float32Array;
}

/**
 * One mini-batch: forward pass in training mode (dropout masks from the step's own fork of the run's
 * generator, so a resumed run draws the same masks), loss plus penalties, gradients of the learning
 * parameters, and the optimizer's update. Returns the loss, unread: the caller reads losses in groups.
 */
export function trainStep(
  context: StepContext,
  batch: { x: tf.Tensor; y: tf.Tensor; rows: number; indices: Uint32Array },
  epoch: number,
  index: number,
  step: number,
): tf.Scalar {
  const { model, params, state, penalties, frozenLayers } = context;
  const stepRng = context.rng.fork(`epoch-${epoch}-step-${index}`);
  const x = context.augment ? context.augment(batch.x as tf.Tensor4D, stepRng.fork('augment')) : batch.x;
  const input = unpacked(x, context.inputShape);
  const weights = context.rowWeights ? batchWeights(context.rowWeights, batch.indices) : undefined;
  let computed: ReturnType<typeof valueAndGrads>;
  try {
    computed = valueAndGrads(() => {
      const outputs = model.apply(params, input.input, {
        training: true,
        rng: stepRng,
        state,
        ...(frozenLayers.size > 0 ? { frozen: (layer: string) => frozenLayers.has(layer) } : {}),
      });
      const dataLoss = weights ? weighted(context.loss)(batch.y, outputs, weights) : context.loss(batch.y, outputs);
      if (penalties.length === 0) return dataLoss;
      return tf.addN([dataLoss, ...penalties.map((p) => p(params, { batchSize: batch.rows }))]) as tf.Scalar;
    }, context.learning);
  } finally {
    weights?.dispose();
    input.dispose();
    if (x !== batch.x) x.dispose();
  }
  const { value, grads } = computed;
  try {
    const sampled = context.health?.due(step) ? context.health.before(context.learning) : undefined;
    context.optimizer.step(grads);
    if (sampled) context.health!.record(grads, sampled, context.learning);
  } catch (error) {
    value.dispose();
    throw error;
  } finally {
    tf.dispose(Object.values(grads));
  }
  return value;
}
