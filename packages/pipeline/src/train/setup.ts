import type { ModelVariables } from '@mlrecipe/nn';
import {
  createOptimizer,
  type GradientTransformation,
  isEpochSchedule,
  type Optimizer,
  perStep,
  type StepSchedule,
  stateFromJSON,
} from '@mlrecipe/optim';
import { type Rng, tf } from '@mlrecipe/tensor';
import { PipelineError } from '../errors.js';
import { restoreVariables } from '../snapshot.js';
import type { TrainOptions } from './options.js';
import { isScheduled } from './validate.js';

/** The variables a run trains, and whether train made them (and so must free them if it throws). */
export interface RunVariables extends ModelVariables {
  readonly owned: boolean;
}

export function variablesFor(options: TrainOptions, rng: Rng): RunVariables {
  const { model, inputShape, resumeFrom } = options;
  if (resumeFrom !== undefined) return { ...restoreVariables(resumeFrom, model, inputShape, rng), owned: true };
  if (options.variables !== undefined) {
    const { params, state } = options.variables;
    const disposed = Object.entries({ ...params, ...state }).find(([, v]) => v.isDisposed);
    if (disposed)
      throw new PipelineError(
        `train: variables.${disposed[0]} was disposed; pass live variables (or none to start fresh)`,
      );
    return { params, state, owned: false };
  }
  return { ...model.init(inputShape, rng.fork('init')), owned: true };
}

/** The batches of one epoch: the last one may be short. */
export const batchesPerEpoch = (options: TrainOptions) => Math.ceil(options.data.train.y.shape[0]! / options.batchSize);

/**
 * The gradient transformation and, when scheduled, the step schedule it reads: an epoch schedule
 * becomes a step schedule at the run's batches per epoch (optim's perStep).
 */
export function transformationFor(options: TrainOptions): {
  transformation: GradientTransformation<unknown>;
  learningRate?: StepSchedule;
} {
  const { optimizer } = options;
  if (!isScheduled(optimizer)) return { transformation: optimizer };
  const { schedule } = optimizer;
  const learningRate = isEpochSchedule(schedule)
    ? perStep(schedule, { batchesPerEpoch: batchesPerEpoch(options) })
    : schedule;
  return { transformation: optimizer.build(learningRate), learningRate };
}

/** Parameters that learn, and layers whose every parameter is frozen (they run in inference mode). */
export function frozenParts(transformation: GradientTransformation<unknown>, params: Record<string, tf.Variable>) {
  const isFrozen = (name: string) => transformation.frozen?.(name) ?? false;
  const learning = Object.fromEntries(Object.entries(params).filter(([name]) => !isFrozen(name)));
  if (Object.keys(learning).length === 0)
    throw new PipelineError('train: every parameter is frozen; nothing would learn. Freeze fewer layers');
  const layerOf = (name: string) => name.split('/')[0]!;
  const layers = new Set(Object.keys(params).map(layerOf));
  for (const name of Object.keys(learning)) layers.delete(layerOf(name));
  return { learning, frozenLayers: layers };
}

/** The optimizer bound to the learning parameters, with the snapshot's state when resuming. */
export function optimizerFor(
  transformation: GradientTransformation<unknown>,
  params: Record<string, tf.Variable>,
  options: TrainOptions,
): Optimizer<unknown> {
  // Finiteness is checked through the loss (read in groups) and the parameters at each epoch's
  // end: the optimizer's own check would read the device once per step and block a page.
  if (options.resumeFrom !== undefined && options.optimizerState !== undefined)
    throw new PipelineError(
      'train: give resumeFrom or optimizerState, not both: a snapshot carries its own optimizer state',
    );
  const optimizer = createOptimizer(transformation, params, { checkFinite: false });
  const saved = options.resumeFrom?.optimizerState ?? options.optimizerState;
  if (saved !== undefined) {
    try {
      optimizer.setState(startingState(saved));
    } catch (error) {
      optimizer.dispose();
      throw error;
    }
  }
  return optimizer;
}

/**
 * An optimizer state to start from, owned by the optimizer: JSON-safe data (a snapshot's,
 * TrainResult's) is revived; one holding tensors (loadModel's) is copied, so the caller's stay theirs.
 */
function startingState(saved: unknown): unknown {
  const holdsTensors = (v: unknown): boolean =>
    v instanceof tf.Tensor ||
    (v !== null && typeof v === 'object' && Object.values(v as Record<string, unknown>).some(holdsTensors));
  if (!holdsTensors(saved)) return stateFromJSON(saved);
  const copy = (v: unknown): unknown =>
    v instanceof tf.Tensor
      ? tf.clone(v)
      : Array.isArray(v)
        ? v.map(copy)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)]))
          : v;
  return copy(saved);
}

/**
 * The rows of train evaluated each epoch: a seeded sample without replacement, in row order, so the
 * train error is an unbiased estimate even when train's rows are grouped by class or source.
 */
export function trainSampleFor(options: TrainOptions, rng: Rng): Uint32Array {
  const rows = options.data.train.y.shape[0]!;
  const saved = options.resumeFrom?.trainSample;
  if (saved !== undefined) {
    if (!saved.every((i) => Number.isInteger(i) && i >= 0 && i < rows)) {
      throw new PipelineError(
        `train: the checkpoint's train sample names rows beyond this training set's ${rows}; resume with the same data`,
      );
    }
    return Uint32Array.from(saved);
  }
  const size = Math.min(options.trainSample ?? 5000, rows);
  if (size === rows) return Uint32Array.from({ length: rows }, (_, i) => i);
  const sampler = rng.fork('train-sample');
  if (options.trainStrata === undefined) return sampler.permutation(rows).subarray(0, size).sort();
  return stratifiedSample(options.trainStrata, size, sampler);
}

/** `size` rows, each stratum in its share (largest remainders), random within a stratum, in row order. */
function stratifiedSample(strata: ArrayLike<number | string>, size: number, rng: Rng): Uint32Array {
  const members = new Map<number | string, number[]>();
  for (let i = 0; i < strata.length; i++) {
    const key = strata[i]!;
    const list = members.get(key);
    if (list) list.push(i);
    else members.set(key, [i]);
  }
  const groups = [...members.entries()].sort(([a], [b]) => String(a).localeCompare(String(b)));
  const exact = groups.map(([, list]) => (size * list.length) / strata.length);
  const take = exact.map(Math.floor);
  const order = exact.map((e, g) => [e - Math.floor(e), g] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; k < size - take.reduce((a, b) => a + b, 0); k++) take[order[k]![1]]! += 1;
  const chosen: number[] = [];
  groups.forEach(([key, list], g) => {
    const picked = rng
      .fork(`stratum-${String(key)}`)
      .permutation(list.length)
      .subarray(0, take[g]!);
    for (const i of picked) chosen.push(list[i]!);
  });
  return Uint32Array.from(chosen).sort();
}

/** Checks every parameter for NaN or ±Infinity with one asynchronous read. */
export async function allFinite(params: Readonly<Record<string, tf.Tensor>>): Promise<boolean> {
  const flag = tf.tidy(() => tf.all(tf.stack(Object.values(params).map((p) => tf.all(tf.isFinite(p))))));
  try {
    return (await flag.data())[0] === 1;
  } finally {
    flag.dispose();
  }
}
