import { batches } from '@mlrecipe/data';
import { type Model, valueAndGrads } from '@mlrecipe/nn';
import { createOptimizer, type GradientTransformation, type Schedule, stateFromJSON } from '@mlrecipe/optim';
import { createRng, tf } from '@mlrecipe/tensor';
import { PipelineError, TrainingDivergedError } from './errors.js';
import { evaluateSplit, type Metric, type Split, type SplitEvaluation } from './evaluate.js';
import { type ProgressMode, progressFor } from './progress.js';
import { restoreVariables, type TrainingSnapshot, takeSnapshot } from './snapshot.js';
import { checkLabels, checkTask, type Task } from './task.js';

export type { Split } from './evaluate.js';
export type { TrainingSnapshot } from './snapshot.js';

export interface EpochRecord {
  readonly epoch: number;
  /** The learning rate of the epoch (when train owns the schedule). */
  readonly learningRate?: number;
  readonly trainLoss: number;
  /** The task's error: error rate, or mean absolute error for regression. */
  readonly trainError: number;
  readonly trainDevLoss?: number;
  readonly trainDevError?: number;
  readonly devLoss: number;
  readonly devError: number;
  /** Error per task (multilabel) or output (regression), per split. */
  readonly perTaskError?: { readonly train: number[]; readonly trainDev?: number[]; readonly dev: number[] };
  /** The `metrics` option's values per split. */
  readonly metrics?: {
    readonly train: Record<string, number>;
    readonly trainDev?: Record<string, number>;
    readonly dev: Record<string, number>;
  };
  readonly seconds: number;
}

/** A penalty added to the loss, as @mlrecipe/regularizers' l2/l1/elasticNet return. */
export type Penalty = (params: Readonly<Record<string, tf.Tensor>>, options: { batchSize: number }) => tf.Scalar;

/** Early stopping as @mlrecipe/regularizers' earlyStopping returns it. */
export interface EarlyStopper {
  update(metrics: Readonly<Record<string, number>>, params: Readonly<Record<string, tf.Variable>>): { stop: boolean };
  restore(params: Readonly<Record<string, tf.Variable>>): void;
  readonly bestEpoch: number;
  readonly restoresBest: boolean;
  dispose(): void;
}

export interface TrainOptions {
  model: Model;
  inputShape: readonly number[];
  data: { train: Split; trainDev?: Split; dev: Split };
  /** Default 'multiclass' (see Task). */
  task?: Task;
  /** Loss of labels and model outputs: nn's softmaxCrossEntropy, maskedSigmoidCrossEntropy, meanSquaredError. */
  loss: (labels: tf.Tensor, outputs: tf.Tensor) => tf.Scalar;
  /**
   * A gradient transformation (e.g. optim's adam({ learningRate: 1e-3 })), or, with `schedule`, a
   * function that builds one from a learning rate: `(learningRate) => adam({ learningRate })`.
   */
  optimizer: GradientTransformation<unknown> | ((learningRate: Schedule) => GradientTransformation<unknown>);
  /** Learning-rate decay: an optim schedule of the epoch number (1-based), e.g. inverseTimeDecay. */
  schedule?: Schedule;
  /** Penalties added to the training loss (l2, l1 from @mlrecipe/regularizers). Dropout is a layer. */
  regularizers?: readonly Penalty[];
  /** Stops when it says so and restores its best parameters. Monitors trainLoss, trainError, devLoss, devError, trainDevError or dev_<metric>. */
  earlyStopping?: EarlyStopper;
  epochs: number;
  batchSize: number;
  seed: number | string;
  /** Metrics evaluated on every split each epoch (@mlrecipe/metrics functions). */
  metrics?: Readonly<Record<string, Metric>>;
  /**
   * Evaluate (and record history, snapshot, check early stopping) every this many epochs and after
   * the last, as Keras' validation_freq. Default 1. Small training sets run many short epochs, where
   * evaluating every one would cost more than training.
   */
  evaluateEvery?: number;
  /** Rows of train evaluated each epoch (a fixed sample keeps evaluation cheap). Default 5,000. */
  trainSample?: number;
  /** Input scaling applied to each batch (e.g. v => v / 255). */
  transformX?: (values: Float32Array, rows: number) => Float32Array;
  onEpochEnd?: (record: EpochRecord) => void;
  onBatchEnd?: (epoch: number, batch: number, loss: number) => void;
  /** Called with a snapshot every `snapshotEvery` epochs and after the last (checkpointing: see '@mlrecipe/pipeline/node'). */
  onSnapshot?: (snapshot: TrainingSnapshot) => Promise<void> | void;
  /** Epochs between snapshots. Default 1. */
  snapshotEvery?: number;
  /** Also snapshot every this many batches within an epoch (long epochs: a crash loses at most that many). */
  snapshotEveryBatches?: number;
  /** Continue from a snapshot (see loadCheckpoint / resume). */
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
  /** Set when early stopping ended the run: the epoch it stopped after and the best epoch restored. */
  readonly stoppedEarly?: { readonly epoch: number; readonly bestEpoch: number };
}

/**
 * Trains a model and evaluates it on train (a fixed sample), train-dev and dev after every epoch.
 * Deterministic for a seed on a backend: the initial parameters, every epoch's batch order and every
 * dropout mask come from forks of one generator, so a run resumed from a snapshot ends with the same
 * parameters, bit for bit, as an uninterrupted one.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const { model, inputShape, data, loss, epochs, batchSize, seed } = options;
  const task = checkTask(options.task ?? 'multiclass', 'train');
  checkOptions(options);
  const rng = createRng(seed);
  const resumed = options.resumeFrom;
  const { params, state } =
    resumed !== undefined
      ? restoreVariables(resumed, model, inputShape, rng)
      : (options.variables ?? model.init(inputShape, rng.fork('init')));
  const outputs = outputColumns(model, params, state, inputShape);
  for (const [name, split] of Object.entries(data))
    if (split) checkLabels(split.y, task, outputs, `train: data.${name}`);
  const trainableParams = Object.fromEntries(
    Object.entries(params).filter(([name]) => options.trainable?.(name) ?? true),
  );
  if (Object.keys(trainableParams).length === 0)
    throw new PipelineError('train: every parameter is frozen; nothing would learn');

  let epoch = (resumed?.epoch ?? 0) + 1;
  // A snapshot taken mid-epoch: the batch order and dropout masks of that epoch are seeded, so the
  // batches already trained on are skipped and the rest follow exactly as they would have.
  let skipBatches = resumed?.batch ?? 0;
  const { schedule } = options;
  // The schedule reads the epoch of this loop, so a resumed run continues the same decay.
  const transformation =
    typeof options.optimizer === 'function' ? options.optimizer(() => schedule!(epoch)) : options.optimizer;
  const optimizer = createOptimizer(transformation, trainableParams);
  if (resumed !== undefined) optimizer.setState(stateFromJSON(resumed.optimizerState));
  const history: EpochRecord[] = [...(resumed?.history ?? [])];
  const shaped = (split: Split) => ({ values: split.x.values, shape: [split.x.shape[0]!, ...inputShape] });
  const progress = await progressFor(options.progress ?? 'auto', task);
  const batchesPerEpoch = Math.ceil(data.train.y.shape[0]! / batchSize);
  const penalties = options.regularizers ?? [];
  let stoppedEarly: TrainResult['stoppedEarly'];

  for (; epoch <= epochs; epoch++) {
    const started = performance.now();
    const lastGood = Object.fromEntries(Object.entries(params).map(([name, p]) => [name, tf.clone(p)]));
    progress?.startEpoch(epoch, epochs, batchesPerEpoch);
    let batch = 0;
    for (const b of batches(
      { x: shaped(data.train), y: data.train.y },
      { batchSize, seed: `${seed}`, epoch, ...(options.transformX ? { transformX: options.transformX } : {}) },
    )) {
      batch++;
      if (batch <= skipBatches) {
        b.dispose();
        continue;
      }
      const stepRng = rng.fork(`epoch-${epoch}-step-${batch}`);
      const { value, grads } = valueAndGrads(() => {
        const dataLoss = loss(b.y!, model.apply(params, b.x, { training: true, rng: stepRng, state }));
        if (penalties.length === 0) return dataLoss;
        return tf.addN([dataLoss, ...penalties.map((p) => p(params, { batchSize: b.indices.length }))]) as tf.Scalar;
      }, trainableParams);
      const lossValue = value.dataSync()[0]!;
      tf.dispose(value);
      b.dispose();
      if (!Number.isFinite(lossValue)) {
        tf.dispose(Object.values(grads));
        for (const [name, p] of Object.entries(params)) p.assign(lastGood[name]!);
        tf.dispose(Object.values(lastGood));
        optimizer.dispose();
        options.earlyStopping?.dispose();
        progress?.stop();
        throw new TrainingDivergedError(epoch, batch, lossValue);
      }
      optimizer.step(grads);
      tf.dispose(Object.values(grads));
      progress?.batch(batch, lossValue);
      options.onBatchEnd?.(epoch, batch, lossValue);
      const everyBatches = options.snapshotEveryBatches;
      if (options.onSnapshot && everyBatches && batch % everyBatches === 0 && batch < batchesPerEpoch)
        await options.onSnapshot(takeSnapshot(epoch - 1, params, state, optimizer.state, rng, history, batch));
    }
    skipBatches = 0;
    tf.dispose(Object.values(lastGood));
    if (epoch % (options.evaluateEvery ?? 1) !== 0 && epoch !== epochs) {
      progress?.endEpoch(undefined);
      continue;
    }
    const evaluate = (split: Split, rows?: number): SplitEvaluation =>
      evaluateSplit(
        model,
        { params, state },
        split,
        {
          task,
          inputShape,
          loss,
          keepPredictions: false,
          ...(rows === undefined ? {} : { rows }),
          ...(options.metrics ? { metrics: options.metrics } : {}),
          ...(options.transformX ? { transformX: options.transformX } : {}),
        },
        `train (epoch ${epoch})`,
      );
    const onTrain = evaluate(data.train, options.trainSample ?? 5000);
    const onTrainDev = data.trainDev ? evaluate(data.trainDev) : undefined;
    const onDev = evaluate(data.dev);
    const record = epochRecord(epoch, schedule?.(epoch), onTrain, onTrainDev, onDev, started);
    history.push(record);
    progress?.endEpoch(record);
    options.onEpochEnd?.(record);
    const stop = options.earlyStopping?.update(monitored(record), params).stop ?? false;
    const every = options.snapshotEvery ?? 1;
    if (options.onSnapshot && (epoch % every === 0 || epoch === epochs || stop))
      await options.onSnapshot(takeSnapshot(epoch, params, state, optimizer.state, rng, history));
    if (stop) {
      const stopper = options.earlyStopping!;
      if (stopper.restoresBest) stopper.restore(params);
      stoppedEarly = { epoch, bestEpoch: stopper.bestEpoch };
      break;
    }
  }
  progress?.stop();
  optimizer.dispose();
  options.earlyStopping?.dispose();
  return { params, state, history, ...(stoppedEarly ? { stoppedEarly } : {}) };
}

function checkOptions(options: TrainOptions): void {
  const { data, epochs, batchSize, inputShape } = options;
  if (!(Number.isInteger(epochs) && epochs >= 1))
    throw new PipelineError(`train: epochs must be a positive integer, got ${epochs}`);
  if (!(Number.isInteger(batchSize) && batchSize >= 1))
    throw new PipelineError(`train: batchSize must be a positive integer, got ${batchSize}`);
  for (const key of ['evaluateEvery', 'snapshotEvery', 'snapshotEveryBatches'] as const) {
    const every = options[key];
    if (every !== undefined && !(Number.isInteger(every) && every >= 1))
      throw new PipelineError(`train: ${key} must be a positive integer, got ${every}`);
  }
  if (data?.train === undefined || data.train.y.shape[0] === 0)
    throw new PipelineError('train: the training set is empty; give data.train');
  if (data.dev === undefined || data.dev.y.shape[0] === 0)
    throw new PipelineError('train: the dev set is empty; give data.dev');
  if (typeof options.optimizer === 'function' && options.schedule === undefined)
    throw new PipelineError('train: optimizer is a function of the learning rate, so give a schedule too');
  if (typeof options.optimizer !== 'function' && options.schedule !== undefined) {
    throw new PipelineError(
      'train: with a schedule, pass optimizer as a function of the learning rate: (learningRate) => adam({ learningRate })',
    );
  }
  const width = inputShape.reduce((a, b) => a * b, 1);
  for (const [name, split] of Object.entries(data)) {
    if (split === undefined) continue;
    const rows = split.x.shape[0];
    const rowWidth = split.x.shape.slice(1).reduce((a: number, b: number) => a * b, 1);
    if (rowWidth !== width) {
      throw new PipelineError(
        `train: data.${name} rows have ${rowWidth} values but the model's input shape [${inputShape}] needs ${width}`,
      );
    }
    if (split.y.shape[0] !== rows)
      throw new PipelineError(`train: data.${name} has ${rows} rows of x but ${split.y.shape[0]} of y`);
  }
}

/** Columns of the model's output for one row (classes, tasks or targets). */
function outputColumns(
  model: Model,
  params: Record<string, tf.Variable>,
  state: Record<string, tf.Variable>,
  inputShape: readonly number[],
): number {
  return tf.tidy(() => {
    const out = model.apply(params, tf.zeros([1, ...inputShape]), { training: false, state });
    return out.size;
  });
}

function epochRecord(
  epoch: number,
  learningRate: number | undefined,
  onTrain: SplitEvaluation,
  onTrainDev: SplitEvaluation | undefined,
  onDev: SplitEvaluation,
  started: number,
): EpochRecord {
  const hasMetrics = Object.keys(onDev.metrics).length > 0;
  return {
    epoch,
    ...(learningRate === undefined ? {} : { learningRate }),
    trainLoss: onTrain.loss!,
    trainError: onTrain.error,
    ...(onTrainDev ? { trainDevLoss: onTrainDev.loss!, trainDevError: onTrainDev.error } : {}),
    devLoss: onDev.loss!,
    devError: onDev.error,
    ...(onDev.perTaskError
      ? {
          perTaskError: {
            train: [...onTrain.perTaskError!],
            ...(onTrainDev ? { trainDev: [...onTrainDev.perTaskError!] } : {}),
            dev: [...onDev.perTaskError],
          },
        }
      : {}),
    ...(hasMetrics
      ? {
          metrics: {
            train: { ...onTrain.metrics },
            ...(onTrainDev ? { trainDev: { ...onTrainDev.metrics } } : {}),
            dev: { ...onDev.metrics },
          },
        }
      : {}),
    seconds: (performance.now() - started) / 1000,
  };
}

/** The values early stopping can monitor. */
function monitored(record: EpochRecord): Record<string, number> {
  const values: Record<string, number> = {
    trainLoss: record.trainLoss,
    trainError: record.trainError,
    devLoss: record.devLoss,
    devError: record.devError,
  };
  if (record.trainDevError !== undefined) values.trainDevError = record.trainDevError;
  for (const [name, value] of Object.entries(record.metrics?.dev ?? {})) values[`dev_${name}`] = value;
  return values;
}
