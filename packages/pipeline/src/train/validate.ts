import { isEpochSchedule, isStepSchedule } from '@mlrecipe/optim';
import { PipelineError } from '../errors.js';
import { checkInputs, rowsOf } from '../inputs.js';
import { checkProgressMode } from '../progress.js';
import type { ScheduledOptimizer, TrainOptions } from './options.js';
import { monitorKeys } from './record.js';

const positiveInteger = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 1;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Whether `optimizer` is a `scheduled(...)` pair rather than a plain gradient transformation. */
export function isScheduled(optimizer: unknown): optimizer is ScheduledOptimizer {
  return isObject(optimizer) && 'schedule' in optimizer && 'build' in optimizer;
}

/** Every option train reads, checked before any tensor is made: a mistake costs no time and leaks nothing. */
export function checkOptions(options: TrainOptions): void {
  if (!isObject(options)) throw new PipelineError(`train: expected an options object, got ${String(options)}`);
  const { data, epochs, batchSize, inputShape } = options;
  // 2^31 epochs is an integer but a run that never ends: a million is far beyond any real schedule.
  if (!positiveInteger(epochs) || epochs > 1_000_000)
    throw new PipelineError(`train: epochs must be a positive integer, got ${epochs} (at most 1,000,000)`);
  if (!positiveInteger(batchSize))
    throw new PipelineError(`train: batchSize must be a positive integer, got ${batchSize}`);
  for (const key of ['evaluateEvery', 'snapshotEvery', 'snapshotEveryBatches'] as const) {
    const every = options[key];
    if (every !== undefined && !positiveInteger(every))
      throw new PipelineError(`train: ${key} must be a positive integer, got ${every}`);
  }
  const sample = options.trainSample;
  if (sample !== undefined && !(positiveInteger(sample) || sample === Number.POSITIVE_INFINITY)) {
    throw new PipelineError(
      `train: trainSample must be a positive integer (rows of train evaluated each epoch) or Infinity for all, got ${sample}`,
    );
  }
  const strata = options.trainStrata;
  if (
    strata !== undefined &&
    (typeof strata !== 'object' || strata === null || strata.length !== options.data?.train?.y?.shape?.[0])
  ) {
    throw new PipelineError(
      `train: trainStrata must give one source per training row (${options.data?.train?.y?.shape?.[0]} rows), got ${strata === null || typeof strata !== 'object' ? String(strata) : `${strata.length} entries`}`,
    );
  }
  if (typeof options.loss !== 'function')
    throw new PipelineError('train: loss must be a function of (labels, outputs), e.g. nn’s softmaxCrossEntropy');
  if (!isObject(options.model) || typeof options.model.apply !== 'function')
    throw new PipelineError('train: model must be an nn model (sequential([...]))');
  const shapes = Array.isArray(inputShape) ? [inputShape] : isObject(inputShape) ? Object.values(inputShape) : [];
  if (shapes.length === 0 || !shapes.every((s) => Array.isArray(s) && s.length > 0 && s.every(positiveInteger)))
    throw new PipelineError(
      `train: inputShape must be positive integers such as [784] (or { name: shape } per input of a graph model), got ${JSON.stringify(inputShape)}`,
    );
  if (!Array.isArray(inputShape)) {
    for (const key of ['transformX', 'augment'] as const)
      if (options[key] !== undefined)
        throw new PipelineError(
          `train: ${key} works on a model with one input, but this one has named inputs (${Object.keys(inputShape).join(', ')}); transform each input before training`,
        );
  }
  checkOptimizer(options);
  checkProgressMode(options.progress, 'train');
  const { metrics } = options;
  if (
    metrics !== undefined &&
    (metrics === null ||
      typeof metrics !== 'object' ||
      Array.isArray(metrics) ||
      Object.values(metrics).some((m) => typeof m !== 'function'))
  ) {
    throw new PipelineError(
      `train: metrics must name metric functions, e.g. { f1: f1Score } from @mlrecipe/metrics, got ${JSON.stringify(metrics)}`,
    );
  }
  if (options.augment !== undefined && typeof options.augment !== 'function')
    throw new PipelineError(
      'train: augment must be a function (x, rng) => x, e.g. composeAugmentations(flipHorizontal())',
    );
  if ('schedule' in options) {
    throw new PipelineError(
      'train: the schedule option is gone; pass optimizer: scheduled(schedule, (learningRate) => adam({ learningRate }))',
    );
  }
  if ('trainable' in options) {
    throw new PipelineError(
      'train: the trainable option is gone; freeze with the optimizer: optimizer: freeze(adam({ learningRate }), transferred.frozen)',
    );
  }
  checkData(options);
  checkCallbacks(options);
  const stopper = options.earlyStopping;
  if (stopper !== undefined) {
    if (!isObject(stopper) || typeof stopper.update !== 'function')
      throw new PipelineError('train: earlyStopping must come from @mlrecipe/regularizers’ earlyStopping({ monitor })');
    const keys = monitorKeys(data.trainDev !== undefined, Object.keys(options.metrics ?? {}));
    if (!keys.includes(stopper.monitor)) {
      throw new PipelineError(
        `train: earlyStopping monitors '${stopper.monitor}', which this run does not record; it records ${keys.join(', ')}`,
      );
    }
  }
}

function checkOptimizer(options: TrainOptions): void {
  const { optimizer } = options;
  if (isScheduled(optimizer)) {
    if (!isEpochSchedule(optimizer.schedule) && !isStepSchedule(optimizer.schedule))
      throw new PipelineError('train: scheduled() needs an optim schedule (inverseTimeDecay, cosineDecay, …)');
    if (typeof optimizer.build !== 'function')
      throw new PipelineError('train: scheduled() needs a function (learningRate) => optimizer');
    return;
  }
  if (typeof optimizer === 'function') {
    throw new PipelineError(
      'train: optimizer is a function; with a learning-rate schedule pass scheduled(schedule, (learningRate) => adam({ learningRate }))',
    );
  }
  if (!isObject(optimizer) || typeof optimizer.init !== 'function' || typeof optimizer.update !== 'function')
    throw new PipelineError(
      'train: optimizer must be an optim gradient transformation, e.g. adam({ learningRate: 1e-3 })',
    );
}

function checkData({ data, inputShape }: TrainOptions): void {
  if (!isObject(data)) throw new PipelineError('train: give data: { train, dev } (and trainDev if you have one)');
  if (data.train?.y?.shape?.[0] === undefined || data.train.y.shape[0] === 0)
    throw new PipelineError('train: the training set is empty; give data.train');
  if (data.dev?.y?.shape?.[0] === undefined || data.dev.y.shape[0] === 0)
    throw new PipelineError('train: the dev set is empty; give data.dev');
  for (const [name, split] of Object.entries(data)) {
    if (split === undefined) continue;
    if (!isObject(split.x) || !isObject(split.y))
      throw new PipelineError(`train: data.${name} must be { x, y } of { values, shape }`);
    checkInputs(split.x, inputShape, `train: data.${name}`);
    const rows = rowsOf(split.x);
    if (split.y.shape[0] !== rows)
      throw new PipelineError(`train: data.${name} has ${rows} rows of x but ${split.y.shape[0]} of y`);
  }
}

function checkCallbacks({ callbacks }: TrainOptions): void {
  if (callbacks === undefined) return;
  if (!Array.isArray(callbacks)) throw new PipelineError('train: callbacks must be an array of callback objects');
  const hooks = ['onTrainBegin', 'onEpochBegin', 'onBatchEnd', 'onEpochEnd', 'onTrainEnd'];
  callbacks.forEach((callback, i) => {
    if (!isObject(callback)) throw new PipelineError(`train: callbacks[${i}] must be an object of hooks`);
    for (const [key, value] of Object.entries(callback)) {
      if (hooks.includes(key) && typeof value !== 'function')
        throw new PipelineError(`train: callbacks[${i}].${key} must be a function, got ${typeof value}`);
    }
  });
}
