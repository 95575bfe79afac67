import { batches } from '@mlrecipe/data/batches';
import type { InputShape, Model } from '@mlrecipe/nn';
import {
  type EpochSchedule,
  type GradientTransformation,
  type Optimizer,
  type StepSchedule,
  stateFromJSON,
  stateToJSON,
} from '@mlrecipe/optim';
import { createRng, tf } from '@mlrecipe/tensor';
import { PipelineError, TrainingDivergedError } from './errors.js';
import { evaluateSplitAsync, type Split, type SplitEvaluation } from './evaluate.js';
import { type Inputs, packed, unpacked, zerosFor } from './inputs.js';
import { progressFor } from './progress.js';
import { type LoopState, restoreEarlyStopping, takeSnapshot } from './snapshot.js';
import { checkFeatures, checkLabels, checkTask, type Task } from './task.js';
import { HealthMonitor } from './train/health.js';
import { LossReader, type PendingLoss } from './train/loss_reader.js';
import type { Callback, ScheduledOptimizer, TrainingRun, TrainOptions } from './train/options.js';
import { type EpochRecord, epochRecord, monitored } from './train/record.js';
import {
  allFinite,
  batchesPerEpoch as countBatches,
  frozenParts,
  optimizerFor,
  type RunVariables,
  trainSampleFor,
  transformationFor,
  variablesFor,
} from './train/setup.js';
import { type StepContext, trainStep } from './train/step.js';
import { checkOptions } from './train/validate.js';
import { checkLossTakesWeights, checkWeightOptions, rowWeightsFor } from './train/weights.js';

export type { Split } from './evaluate.js';
export type { TrainingSnapshot } from './snapshot.js';
export type { EpochHealth, HealthOptions } from './train/health.js';
export type {
  Awaitable,
  BatchEvent,
  Callback,
  MonitorKey,
  ScheduledOptimizer,
  TrainingRun,
  TrainOptions,
} from './train/options.js';
export type { EpochRecord } from './train/record.js';

export interface TrainResult {
  readonly params: Record<string, tf.Variable>;
  readonly state: Record<string, tf.Variable>;
  readonly history: EpochRecord[];
  /** Set when early stopping (or a callback) ended the run: the epoch it stopped after and the best epoch restored. */
  readonly stoppedEarly?: { readonly epoch: number; readonly bestEpoch: number };
  /** The rows of train whose error `history` reports (a seeded sample; see trainSample). */
  readonly trainSample: Uint32Array;
  /**
   * The optimizer's final state as JSON-safe data (optim's stateToJSON: no tensors to dispose): save
   * it with the model (nn's `saveModel(…, { optimizerState })`) and pass it back as train's
   * `optimizerState` to continue training where this run stopped.
   */
  readonly optimizerState: unknown;
}

/**
 * Pairs an optimizer with a learning-rate schedule (an epoch schedule such as the course's
 * inverseTimeDecay, or a step schedule such as cosineDecay): train calls `build` with a step
 * schedule and records the rate of each epoch in history.
 * @example scheduled(inverseTimeDecay({ initial: 0.2, decayRate: 1 }), (learningRate) => adam({ learningRate }))
 */
export function scheduled(
  schedule: EpochSchedule | StepSchedule,
  build: (learningRate: StepSchedule) => GradientTransformation<unknown>,
): ScheduledOptimizer {
  if (typeof schedule !== 'function' || typeof build !== 'function') {
    throw new PipelineError(
      `scheduled: pass a schedule (epoch or step) => rate and a build (learningRate) => optimizer, got ${typeof schedule} and ${typeof build}`,
    );
  }
  return { schedule, build };
}

/**
 * Trains a model and evaluates it on train (a seeded sample), train-dev and dev after every epoch.
 * Deterministic for a seed on a backend: the initial parameters, every epoch's batch order and every
 * dropout mask come from forks of one generator, and every piece of state that shapes the rest of
 * the run (parameters, batch-norm statistics, optimizer state and schedule position, the train
 * sample, early stopping's memory) is in each snapshot, so a run resumed from any snapshot ends
 * with the same parameters and history, bit for bit, as an uninterrupted one. The loop reads losses
 * in groups and yields to the event loop, so a page stays responsive while it trains.
 *
 * If it throws, every tensor it made is freed; variables passed in stay the caller's (set back to
 * the last finished epoch when the loss diverged).
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  checkOptions(options);
  const task = checkTask(options.task === undefined ? 'multiclass' : options.task, 'train');
  checkWeightOptions(options, task);
  const rng = createRng(options.seed);
  const variables = variablesFor(options, rng);
  const cleanup: Cleanup = {};
  const reader = new LossReader();
  try {
    return await run(options, task, rng, variables, reader, cleanup);
  } catch (error) {
    if (variables.owned) tf.dispose([...Object.values(variables.params), ...Object.values(variables.state)]);
    throw error;
  } finally {
    cleanup.stopProgress?.();
    reader.dispose();
    cleanup.optimizer?.dispose();
    cleanup.health?.dispose();
    if (cleanup.lastGood) tf.dispose(Object.values(cleanup.lastGood));
    options.earlyStopping?.dispose();
  }
}

async function run(
  options: TrainOptions,
  task: Task,
  rng: ReturnType<typeof createRng>,
  { params, state, owned }: RunVariables,
  reader: LossReader,
  cleanup: Cleanup,
): Promise<TrainResult> {
  const { model, inputShape, data, epochs } = options;
  const outputs = outputColumns(model, params, state, inputShape);
  for (const [name, split] of Object.entries(data))
    if (split) {
      checkLabels(split.y, task, outputs, `train: data.${name}`);
      // A NaN in train's features surfaces as a TrainingDivergedError naming the batch; in the splits
      // that are only evaluated it would become NaN in the history, so those are checked here.
      if (name !== 'train') checkFeatures(split.x, `train: data.${name}`);
    }
  const rowWeights = rowWeightsFor(options, task, outputs);
  if (rowWeights) probeWeightedLoss(options, params, state);
  const { transformation, learningRate } = transformationFor(options);
  // Continued from a saved optimizer state, the schedule's position is inside that state and this
  // run's epoch count does not say it: the history then leaves the learning rate out rather than misstate it.
  const recordedRate = options.optimizerState === undefined ? learningRate : undefined;
  const { learning, frozenLayers } = frozenParts(transformation, params);
  const optimizer = optimizerFor(transformation, learning, options);
  cleanup.optimizer = optimizer;
  const trainSample = trainSampleFor(options, rng);
  const health = options.health === false ? undefined : new HealthMonitor(learning, options.health?.everySteps ?? 25);
  cleanup.health = health;
  const stopper = options.earlyStopping;
  const resumed = options.resumeFrom;
  if (resumed && stopper) restoreEarlyStopping(resumed, stopper);
  if (health && resumed?.health !== undefined) health.setState(stateFromJSON(resumed.health));
  const history: EpochRecord[] = [...(resumed?.history ?? [])];
  const loop: LoopState = {
    params,
    state,
    get optimizerState() {
      return optimizer.state;
    },
    rng,
    history,
    trainSample,
    ...(stopper ? { earlyStopping: stopper } : {}),
    ...(health ? { health } : {}),
  };
  const perEpoch = countBatches(options);
  const runView: TrainingRun = { model, inputShape, task, params, state, epochs, batchesPerEpoch: perEpoch, history };
  const callbacks: Callback[] = [...(await progressCallbacks(options, task, cleanup)), ...(options.callbacks ?? [])];
  const result = (stoppedEarly?: TrainResult['stoppedEarly']): TrainResult => ({
    params,
    state,
    history,
    trainSample,
    optimizerState: stateToJSON(optimizer.state),
    ...(stoppedEarly ? { stoppedEarly } : {}),
  });

  if (resumed?.stopped) {
    // The snapshot was taken as early stopping ended the run: finish it the same way.
    if (stopper?.restoresBest) stopper.restore({ params, state });
    return result(resumed.stopped);
  }
  const step: StepContext = {
    model,
    inputShape,
    loss: options.loss,
    penalties: options.regularizers ?? [],
    params,
    state,
    learning,
    frozenLayers,
    optimizer,
    rng,
    ...(health ? { health } : {}),
    ...(options.augment ? { augment: options.augment } : {}),
    ...(rowWeights ? { rowWeights } : {}),
  };
  for (const c of callbacks) await c.onTrainBegin?.(runView);
  let skipBatches = resumed?.batch ?? 0;
  let stoppedEarly: TrainResult['stoppedEarly'];
  for (let epoch = (resumed?.epoch ?? 0) + 1; epoch <= epochs; epoch++) {
    const started = performance.now();
    // The last finished epoch's variables: put back if the loss diverges.
    if (cleanup.lastGood) tf.dispose(Object.values(cleanup.lastGood));
    cleanup.lastGood = copyOf({ ...prefixed('params', params), ...prefixed('state', state) });
    for (const c of callbacks) await c.onEpochBegin?.(epoch, runView);
    const deliver = async (losses: PendingLoss[]) => {
      for (const l of losses) {
        if (!Number.isFinite(l.loss)) diverge(l.epoch, l.batch, l.loss);
        health?.loss(l.epoch, l.loss);
        for (const c of callbacks) await c.onBatchEnd?.(l, runView);
      }
    };
    const diverge = (atEpoch: number, atBatch: number, loss: number, inParameters = false): never => {
      restore(cleanup.lastGood!, params, state);
      throw new TrainingDivergedError(atEpoch, atBatch, loss, { keptCallersVariables: !owned, inParameters });
    };
    let batch = 0;
    for (const b of batches(
      { x: packed(data.train.x, inputShape), y: data.train.y },
      { batchSize: options.batchSize, seed: `${options.seed}`, epoch, ...transformOption(options) },
    )) {
      batch++;
      try {
        if (batch <= skipBatches) continue;
        const t = (epoch - 1) * perEpoch + batch;
        reader.push(
          epoch,
          batch,
          trainStep(step, { x: b.x, y: b.y!, rows: b.indices.length, indices: b.indices }, epoch, batch, t),
        );
      } finally {
        b.dispose();
      }
      if (reader.due) await deliver(await reader.read());
      const everyBatches = options.snapshotEveryBatches;
      if (options.onSnapshot && everyBatches && batch % everyBatches === 0 && batch < perEpoch) {
        await deliver(await reader.read()); // nothing diverged is saved
        await options.onSnapshot(takeSnapshot(loop, epoch - 1, batch));
      }
    }
    skipBatches = 0;
    await deliver(await reader.read());
    // A non-finite gradient in the epoch's last batch shows only in the parameters.
    if (!(await allFinite(params))) diverge(epoch, batch, Number.NaN, true);
    const evaluated = epoch % (options.evaluateEvery ?? 1) === 0 || epoch === epochs;
    const evaluation = evaluated
      ? await evaluateEpoch(options, task, { params, state }, data.train, trainSample, epoch, recordedRate, started)
      : undefined;
    const epochHealth = evaluation ? await health?.endEpoch() : undefined;
    const record = evaluation && epochHealth ? { ...evaluation, health: epochHealth } : evaluation;
    if (record) history.push(record);
    let stop = record && stopper?.update(epoch, monitored(record), { params, state }).stop;
    for (const c of callbacks) {
      const said = await c.onEpochEnd?.(epoch, record, runView);
      if (said && typeof said === 'object' && said.stop === true) stop = true;
    }
    if (stop) stoppedEarly = { epoch, bestEpoch: stopper?.bestEpoch ?? epoch };
    const every = options.snapshotEvery ?? 1;
    if (options.onSnapshot && (epoch % every === 0 || epoch === epochs || stop))
      await options.onSnapshot(takeSnapshot(loop, epoch, 0, stoppedEarly));
    if (stop) {
      if (stopper?.restoresBest) stopper.restore({ params, state });
      break;
    }
  }
  for (const c of callbacks) await c.onTrainEnd?.(runView);
  return result(stoppedEarly);
}

/** What train must release however it ends (filled in as the run sets itself up). */
interface Cleanup {
  stopProgress?: () => void;
  optimizer?: Optimizer<unknown>;
  lastGood?: Record<string, tf.Tensor>;
  health?: HealthMonitor;
}

/** Rows per evaluation batch: smaller in a browser, where each batch holds the page until it finishes. */
const EVALUATION_BATCH = typeof (globalThis as { window?: unknown }).window === 'undefined' ? 1000 : 128;

async function evaluateEpoch(
  options: TrainOptions,
  task: Task,
  variables: { params: Record<string, tf.Variable>; state: Record<string, tf.Variable> },
  train: Split<Inputs>,
  trainSample: Uint32Array,
  epoch: number,
  learningRate: StepSchedule | undefined,
  started: number,
): Promise<EpochRecord> {
  const evaluate = (split: Split<Inputs>, indices?: Uint32Array): Promise<SplitEvaluation> =>
    evaluateSplitAsync(
      options.model,
      variables,
      split,
      {
        task,
        inputShape: options.inputShape,
        loss: options.loss,
        keepPredictions: false,
        intervals: false,
        batchSize: EVALUATION_BATCH,
        ...(indices === undefined ? {} : { indices }),
        ...(options.metrics ? { metrics: options.metrics } : {}),
        ...transformOption(options),
      },
      `train (epoch ${epoch})`,
    );
  const onTrain = await evaluate(train, trainSample);
  const onTrainDev = options.data.trainDev ? await evaluate(options.data.trainDev) : undefined;
  const onDev = await evaluate(options.data.dev);
  const rate = learningRate?.(epoch * countBatches(options));
  return epochRecord(epoch, rate, onTrain, onTrainDev, onDev, (performance.now() - started) / 1000);
}

/** The progress display as a callback (bar, lines, or nothing; see ProgressMode). */
async function progressCallbacks(options: TrainOptions, task: Task, cleanup: Cleanup): Promise<Callback[]> {
  const progress = await progressFor(options.progress ?? 'auto', task);
  if (!progress) return [];
  cleanup.stopProgress = () => progress.stop();
  return [
    {
      onEpochBegin: (epoch, run) => progress.startEpoch(epoch, run.epochs, run.batchesPerEpoch),
      onBatchEnd: ({ batch, loss }) => progress.batch(batch, loss),
      onEpochEnd: (_epoch, record) => progress.endEpoch(record),
    },
  ];
}

const transformOption = (options: TrainOptions) => (options.transformX ? { transformX: options.transformX } : {});

const prefixed = (prefix: string, tree: Record<string, tf.Variable>) =>
  Object.fromEntries(Object.entries(tree).map(([name, v]) => [`${prefix}:${name}`, v]));

const copyOf = (tree: Record<string, tf.Tensor>) =>
  Object.fromEntries(Object.entries(tree).map(([name, t]) => [name, tf.clone(t)]));

function restore(
  saved: Record<string, tf.Tensor>,
  params: Record<string, tf.Variable>,
  state: Record<string, tf.Variable>,
): void {
  for (const [name, p] of Object.entries(params)) p.assign(saved[`params:${name}`]!);
  for (const [name, s] of Object.entries(state)) s.assign(saved[`state:${name}`]!);
}

/** The loss on train's first rows with every weight 0 must be 0: it applies the weights train gives it. */
function probeWeightedLoss(
  options: TrainOptions,
  params: Record<string, tf.Variable>,
  state: Record<string, tf.Variable>,
): void {
  const rows = Math.min(2, options.data.train.y.shape[0]!);
  const indices = Uint32Array.from({ length: rows }, (_, i) => i);
  for (const b of batches(
    { x: packed(options.data.train.x, options.inputShape), y: options.data.train.y },
    { batchSize: rows, shuffle: false, indices, ...transformOption(options) },
  )) {
    const input = unpacked(b.x, options.inputShape);
    try {
      const outputs = options.model.apply(params, input.input, { training: false, state });
      try {
        checkLossTakesWeights(options.loss, outputs, b.y!);
      } finally {
        outputs.dispose();
      }
    } finally {
      input.dispose();
      b.dispose();
    }
  }
}

/** Columns of the model's output for one row (classes, tasks or targets). */
function outputColumns(
  model: Model,
  params: Record<string, tf.Variable>,
  state: Record<string, tf.Variable>,
  inputShape: InputShape,
): number {
  return tf.tidy(() => model.apply(params, zerosFor(inputShape), { training: false, state }).size);
}
