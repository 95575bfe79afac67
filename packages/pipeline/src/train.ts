import { type ArrayData, batches } from '@mlrecipe/data';
import { type Model, valueAndGrads } from '@mlrecipe/nn';
import { createOptimizer, type GradientTransformation, stateFromJSON, stateToJSON } from '@mlrecipe/optim';
import { createRng, type Rng, restoreRng, tf } from '@mlrecipe/tensor';
import { PipelineError, TrainingDivergedError } from './errors.js';
import { type ProgressMode, progressFor } from './progress.js';

export interface Split {
  readonly x: ArrayData;
  /** Integer class labels (one per row). */
  readonly y: ArrayData;
}

export interface EpochRecord {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly trainError: number;
  readonly trainDevError?: number;
  readonly devLoss: number;
  readonly devError: number;
  readonly seconds: number;
}

/** Everything needed to continue a run exactly where it stopped. */
export interface TrainingSnapshot {
  readonly epoch: number;
  /** Parameters and state as optim's stateToJSON writes tensors. */
  readonly params: unknown;
  readonly state: unknown;
  readonly optimizerState: unknown;
  readonly rng: ReturnType<Rng['getState']>;
  readonly history: EpochRecord[];
}

export interface TrainOptions {
  model: Model;
  inputShape: readonly number[];
  data: { train: Split; trainDev?: Split; dev: Split };
  /** Loss of integer labels and model outputs (e.g. nn's softmaxCrossEntropy). */
  loss: (labels: tf.Tensor, outputs: tf.Tensor) => tf.Scalar;
  optimizer: GradientTransformation<unknown>;
  epochs: number;
  batchSize: number;
  seed: number | string;
  /** Rows of train evaluated each epoch (a fixed sample keeps evaluation cheap). Default 5,000. */
  trainSample?: number;
  /** Input scaling applied to each batch (e.g. v => v / 255). */
  transformX?: (values: Float32Array, rows: number) => Float32Array;
  onEpochEnd?: (record: EpochRecord) => void;
  onBatchEnd?: (epoch: number, batch: number, loss: number) => void;
  /** Called with a snapshot after every epoch (checkpointing: see saveCheckpoint in '@mlrecipe/pipeline/node'). */
  onSnapshot?: (snapshot: TrainingSnapshot) => Promise<void> | void;
  /** Continue from a snapshot (see loadCheckpoint). */
  resumeFrom?: TrainingSnapshot;
  /** 'auto' (default): a progress bar on a terminal, a line per epoch otherwise; 'none' for silence. */
  progress?: ProgressMode;
  /** Start from these variables (e.g. from transfer() or loadModel) instead of model.init. */
  variables?: { params: Record<string, tf.Variable>; state: Record<string, tf.Variable> };
  /** Which parameters may change (frozen layers return false). Default: all. */
  trainable?: (name: string) => boolean;
}

export interface TrainResult {
  readonly params: Record<string, tf.Variable>;
  readonly state: Record<string, tf.Variable>;
  readonly history: EpochRecord[];
}

/**
 * Trains a model and evaluates it on train (a fixed sample), train-dev and dev after every epoch.
 * Deterministic for a seed on a backend: the initial parameters, every epoch's batch order and every
 * dropout mask come from forks of one generator, so a run resumed from a snapshot ends with the same
 * parameters, bit for bit, as an uninterrupted one.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const { model, inputShape, data, loss, epochs, batchSize, seed } = options;
  if (!(Number.isInteger(epochs) && epochs >= 1))
    throw new PipelineError(`train: epochs must be a positive integer, got ${epochs}`);
  if (data?.dev === undefined || data.dev.y.shape[0] === 0)
    throw new PipelineError('train: the dev set is empty; give data.dev');
  const width = inputShape.reduce((a, b) => a * b, 1);
  for (const [name, split] of Object.entries(data)) {
    const rowWidth = split.x.shape.slice(1).reduce((a: number, b: number) => a * b, 1);
    if (rowWidth !== width) {
      throw new PipelineError(
        `train: ${name} rows have ${rowWidth} values but the model's input shape [${inputShape}] needs ${width}`,
      );
    }
  }
  const rng = createRng(seed);
  const resumed = options.resumeFrom;
  const { params, state } =
    resumed !== undefined
      ? restoreVariables(resumed, model, inputShape, rng)
      : (options.variables ?? model.init(inputShape, rng.fork('init')));
  const trainableParams = Object.fromEntries(
    Object.entries(params).filter(([name]) => options.trainable?.(name) ?? true),
  );
  if (Object.keys(trainableParams).length === 0)
    throw new PipelineError('train: every parameter is frozen; nothing would learn');
  const optimizer = createOptimizer(options.optimizer, trainableParams);
  if (resumed !== undefined) optimizer.setState(stateFromJSON(resumed.optimizerState));
  const history: EpochRecord[] = [...(resumed?.history ?? [])];
  const shape = (split: Split) => ({ values: split.x.values, shape: [split.x.shape[0]!, ...inputShape] });
  const trainSample = Math.min(options.trainSample ?? 5000, data.train.y.shape[0]!);
  const progress = await progressFor(options.progress ?? 'auto');
  const batchesPerEpoch = Math.ceil(data.train.y.shape[0]! / batchSize);

  for (let epoch = (resumed?.epoch ?? 0) + 1; epoch <= epochs; epoch++) {
    const started = performance.now();
    const lastGood = snapshotTensors(params);
    progress?.startEpoch(epoch, epochs, batchesPerEpoch);
    let batch = 0;
    for (const b of batches(
      { x: shape(data.train), y: data.train.y },
      { batchSize, seed: `${seed}`, epoch, ...(options.transformX ? { transformX: options.transformX } : {}) },
    )) {
      batch++;
      const stepRng = rng.fork(`epoch-${epoch}-step-${batch}`);
      const { value, grads } = valueAndGrads(
        () => loss(b.y!, model.apply(params, b.x, { training: true, rng: stepRng, state })),
        trainableParams,
      );
      const lossValue = value.dataSync()[0]!;
      if (!Number.isFinite(lossValue)) {
        tf.dispose([value, ...Object.values(grads)]);
        b.dispose();
        for (const [name, p] of Object.entries(params)) p.assign(lastGood[name]!);
        tf.dispose(Object.values(lastGood));
        optimizer.dispose();
        progress?.stop();
        throw new TrainingDivergedError(epoch, batch, lossValue);
      }
      optimizer.step(grads);
      tf.dispose([value, ...Object.values(grads)]);
      b.dispose();
      progress?.batch(batch, lossValue);
      options.onBatchEnd?.(epoch, batch, lossValue);
    }
    tf.dispose(Object.values(lastGood));
    const evaluate = (split: Split, rows: number) =>
      evaluateSplit(model, params, state, shape(split), split.y, rows, options.transformX);
    const onTrain = evaluate(data.train, trainSample);
    const onDev = evaluate(data.dev, data.dev.y.shape[0]!);
    const record: EpochRecord = {
      epoch,
      trainLoss: onTrain.loss,
      trainError: onTrain.error,
      ...(data.trainDev ? { trainDevError: evaluate(data.trainDev, data.trainDev.y.shape[0]!).error } : {}),
      devLoss: onDev.loss,
      devError: onDev.error,
      seconds: (performance.now() - started) / 1000,
    };
    history.push(record);
    progress?.endEpoch(record);
    options.onEpochEnd?.(record);
    if (options.onSnapshot) await options.onSnapshot(snapshot(epoch, params, state, optimizer.state, rng, history));
  }
  optimizer.dispose();
  return { params, state, history };
}

function evaluateSplit(
  model: Model,
  params: Record<string, tf.Variable>,
  state: Record<string, tf.Variable>,
  x: ArrayData,
  y: ArrayData,
  rows: number,
  transformX?: (values: Float32Array, rows: number) => Float32Array,
): { loss: number; error: number } {
  let wrong = 0;
  let lossSum = 0;
  const indices = Uint32Array.from({ length: rows }, (_, i) => i);
  for (const b of batches(
    { x, y },
    { batchSize: 1000, shuffle: false, indices, ...(transformX ? { transformX } : {}) },
  )) {
    const [l, w] = tf.tidy(() => {
      const out = model.apply(params, b.x, { training: false, state });
      const labels = tf.cast(b.y!, 'int32');
      const perRow = tf.losses.softmaxCrossEntropy(
        tf.oneHot(labels as tf.Tensor1D, out.shape[1]!),
        out,
        undefined,
        undefined,
        tf.Reduction.SUM,
      );
      return [
        perRow.dataSync()[0]!,
        tf.sum(tf.cast(tf.notEqual(tf.argMax(out, -1), labels), 'float32')).dataSync()[0]!,
      ];
    });
    lossSum += l;
    wrong += w;
    b.dispose();
  }
  return { loss: lossSum / rows, error: wrong / rows };
}

function snapshotTensors(params: Record<string, tf.Variable>): Record<string, tf.Tensor> {
  return Object.fromEntries(Object.entries(params).map(([name, p]) => [name, tf.clone(p)]));
}

function snapshot(
  epoch: number,
  params: Record<string, tf.Variable>,
  state: Record<string, tf.Variable>,
  optimizerState: unknown,
  rng: Rng,
  history: EpochRecord[],
): TrainingSnapshot {
  return {
    epoch,
    params: stateToJSON(params),
    state: stateToJSON(state),
    optimizerState: stateToJSON(optimizerState),
    rng: rng.getState(),
    history: [...history],
  };
}

function restoreVariables(s: TrainingSnapshot, model: Model, inputShape: readonly number[], rng: Rng) {
  const fresh = model.init(inputShape, rng.fork('init'));
  for (const [tree, json] of [
    [fresh.params, s.params],
    [fresh.state, s.state],
  ] as const) {
    const saved = stateFromJSON<Record<string, tf.Tensor>>(json);
    const sameNames = Object.keys(tree).sort().join(',') === Object.keys(saved).sort().join(',');
    if (sameNames) for (const [name, v] of Object.entries(tree)) v.assign(saved[name]!);
    tf.dispose(Object.values(saved));
    if (!sameNames) {
      throw new PipelineError(
        `train: the checkpoint is from another model (its parameters are ${Object.keys(saved).join(', ')})`,
      );
    }
  }
  restoreRng(s.rng); // validates the saved generator state
  return fresh;
}
