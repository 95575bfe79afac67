import type { InputShape, Model } from '@mlrecipe/nn';
import type { EpochSchedule, GradientTransformation, StepSchedule } from '@mlrecipe/optim';
import type { EarlyStopper, Penalty } from '@mlrecipe/regularizers';
import type { Rng, tf } from '@mlrecipe/tensor';
import type { Metric, Split } from '../evaluate.js';
import type { Inputs } from '../inputs.js';
import type { ProgressMode } from '../progress.js';
import type { TrainingSnapshot } from '../snapshot.js';
import type { Task } from '../task.js';
import type { HealthOptions } from './health.js';
import type { EpochRecord } from './record.js';

/**
 * What early stopping may watch: the losses and errors of each evaluated split, and `dev_<name>`
 * for each entry of train's `metrics` option (e.g. `dev_f1`).
 */
export type MonitorKey =
  | 'trainLoss'
  | 'trainError'
  | 'trainDevLoss'
  | 'trainDevError'
  | 'devLoss'
  | 'devError'
  | `dev_${string}`;

/**
 * An optimizer whose learning rate follows a schedule: built by `scheduled(schedule, build)`. train
 * turns an epoch schedule into a step schedule (perStep) knowing the batches per epoch, and gives
 * it to `build`; the schedule's position is the optimizer's own step count, so it is checkpointed
 * with the optimizer state and a resumed run continues the same decay.
 */
export interface ScheduledOptimizer {
  readonly schedule: EpochSchedule | StepSchedule;
  /** Builds the optimizer from the learning rate as a step schedule. */
  readonly build: (learningRate: StepSchedule) => GradientTransformation<unknown>;
}

/** The run as callbacks see it (read-only: change the run through callback return values). */
export interface TrainingRun {
  readonly model: Model;
  readonly inputShape: InputShape;
  readonly task: Task;
  readonly params: Readonly<Record<string, tf.Variable>>;
  readonly state: Readonly<Record<string, tf.Variable>>;
  readonly epochs: number;
  readonly batchesPerEpoch: number;
  readonly history: readonly EpochRecord[];
}

/** A finished mini-batch, as `onBatchEnd` receives it. */
export interface BatchEvent {
  readonly epoch: number;
  /** 1-based within the epoch. */
  readonly batch: number;
  /** The mini-batch loss (with penalties). Read in groups, so it may arrive a few batches late. */
  readonly loss: number;
}

/** A value or a promise of it: every callback hook may be async. */
export type Awaitable<T> = T | Promise<T>;

/**
 * Hooks into train, as Keras callbacks: every method is optional and may be async. `onEpochEnd`
 * receives the epoch's record when the epoch was evaluated (see `evaluateEvery`) and may stop the
 * run by returning `{ stop: true }`. A callback with memory that must survive a resume keeps it
 * itself (train checkpoints its own parts: parameters, state, optimizer, rng, early stopping).
 */
export interface Callback {
  /** Before the first batch (after a resume: before the first batch still to train). */
  onTrainBegin?(run: TrainingRun): Awaitable<void>;
  /** Before an epoch's first batch. */
  onEpochBegin?(epoch: number, run: TrainingRun): Awaitable<void>;
  /** After each mini-batch, with its loss (losses are read in groups, so this may come a few batches late). */
  onBatchEnd?(event: BatchEvent, run: TrainingRun): Awaitable<void>;
  /** After each epoch, with its record when it was evaluated; return `{ stop: true }` to end the run. */
  onEpochEnd?(
    epoch: number,
    record: EpochRecord | undefined,
    run: TrainingRun,
    // biome-ignore lint/suspicious/noConfusingVoidType: void lets hooks that return nothing (the usual case) type-check
  ): Awaitable<void | { stop?: boolean }>;
  /** After the last epoch (not when the run throws). */
  onTrainEnd?(run: TrainingRun): Awaitable<void>;
}

export interface TrainOptions {
  model: Model;
  /**
   * The model's input shape without the batch dimension. A graph model with several inputs takes
   * `{ name: shape }`, and every split's `x` is then `{ name: { values, shape } }`, row-aligned with `y`.
   */
  inputShape: InputShape;
  data: { train: Split<Inputs>; trainDev?: Split<Inputs>; dev: Split<Inputs> };
  /** Default 'multiclass' (see Task). */
  task?: Task;
  /**
   * Loss of labels and model outputs: nn's softmaxCrossEntropy, maskedSigmoidCrossEntropy,
   * meanSquaredError. With `classWeights` or `sampleWeights`, train passes each batch's row weights
   * as a third argument `{ sampleWeights }` [rows], so the loss must apply them: nn's
   * weightedSoftmaxCrossEntropy (checked before training: all-zero weights must give a zero loss).
   */
  loss: (labels: tf.Tensor, outputs: tf.Tensor) => tf.Scalar;
  /**
   * A weight per class for the training loss, as Keras' `class_weight`: a row of class c counts
   * classWeights[c] times (multiclass; or [w0, w1] for a binary model with one sigmoid output, task
   * 'multilabel', whose loss is `(y, z, w) => weightedBinaryCrossEntropy(y, z, { ...w, fromLogits: true })`). For imbalanced data, "balanced" weights
   * rows / (classes · count_c) make every class weigh the same in total, so the rare class is not
   * ignored. Evaluation losses stay unweighted (as Keras' validation loss).
   */
  classWeights?: ArrayLike<number>;
  /**
   * A weight per training row, as Keras' `sample_weight` / scikit-learn's `sample_weight` (e.g. lower
   * for rows with doubtful labels); multiplied with `classWeights`. A batch's loss is
   * Σ wᵢ·lossᵢ / rows (Keras' sum over batch size).
   */
  sampleWeights?: ArrayLike<number>;
  /**
   * A gradient transformation, e.g. optim's `adam({ learningRate: 1e-3 })`; with learning-rate decay,
   * `scheduled(inverseTimeDecay({ initial: 0.2, decayRate: 1 }), (learningRate) => adam({ learningRate }))`;
   * for transfer learning, `freeze(adam(…), transferred.frozen)` (frozen parameters get no gradient,
   * frozen batch-norm layers keep their statistics).
   */
  optimizer: GradientTransformation<unknown> | ScheduledOptimizer;
  /** Penalties added to the training loss (l2, l1 from @mlrecipe/regularizers). Dropout is a layer. */
  regularizers?: readonly Penalty[];
  /**
   * Stops when it says so and restores the best parameters and batch-norm state. Patience counts
   * epochs. Its memory is checkpointed, so a resumed run stops where the uninterrupted one would.
   */
  earlyStopping?: EarlyStopper<MonitorKey>;
  epochs: number;
  batchSize: number;
  seed: number | string;
  /** Metrics evaluated on every split each epoch (@mlrecipe/metrics functions); monitor them as `dev_<name>`. */
  metrics?: Readonly<Record<string, Metric>>;
  /**
   * Evaluate (and record history, snapshot, check early stopping) every this many epochs and after
   * the last, as Keras' validation_freq. Default 1.
   */
  evaluateEvery?: number;
  /**
   * Rows of train evaluated each epoch: a seeded random sample drawn once per run (so the train
   * error is unbiased even when rows are grouped by class or source), kept in checkpoints. Default
   * 5,000; `Infinity` for every row.
   */
  trainSample?: number;
  /**
   * The source (or any group) of each training row, e.g. 'web' / 'app': the train-error sample then
   * takes every source in its share of train (proportional allocation), so a source that fills only
   * the last rows is measured like the rest.
   */
  trainStrata?: ArrayLike<number | string>;
  /** Input scaling applied to each batch (e.g. v => v / 255). */
  transformX?: (values: Float32Array, rows: number) => Float32Array;
  /**
   * Data augmentation applied to each training batch (after transformX, shaped [rows, ...inputShape])
   * with the step's own generator, so a resumed run draws the same augmentations: e.g.
   * regularizers' `composeAugmentations(flipHorizontal(), randomCrop(…), colorShift(…))`. Evaluation
   * (train error included) sees the data unaugmented.
   */
  augment?: (x: tf.Tensor4D, rng: Rng) => tf.Tensor4D;
  /**
   * The course's training-health checks (on by default; `false` turns them off): per-layer gradient
   * norms and update/parameter ratios sampled every `everySteps` steps (default 25), and at each
   * evaluated epoch gradientHealth's verdict (vanishing / exploding across depth) and, for the first
   * epoch, lossCurveCheck's (a cost that does not decrease), in `history[i].health` and the progress output.
   */
  health?: false | HealthOptions;
  /** Hooks: progress charts, logging, custom stopping rules. */
  callbacks?: readonly Callback[];
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
  /**
   * Start from these variables (e.g. from transfer() or loadModel) instead of model.init. They stay
   * the caller's: train updates them in place and never disposes them, even when it throws.
   */
  variables?: { params: Record<string, tf.Variable>; state: Record<string, tf.Variable> };
  /**
   * Start the optimizer from this state instead of fresh: nn's `loadModel(…).optimizerState` (saved
   * with `saveModel(…, { optimizerState })`) or a previous run's `TrainResult.optimizerState`, so
   * Adam's moments and step count (and a schedule's position) continue. Not with `resumeFrom`, whose
   * snapshot holds its own. The caller's tensors are copied, not taken. The history of such a run
   * has no `learningRate` (a schedule's position is in the state, not in this run's epochs).
   */
  optimizerState?: unknown;
}
