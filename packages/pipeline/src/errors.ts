import { InvalidArgumentError, MlrecipeError } from '@mlrecipe/tensor/errors';

/** Training was configured wrongly (epochs, shapes, empty dev set, a checkpoint of another model). */
export class PipelineError extends InvalidArgumentError {}

/**
 * The loss (or, after an epoch's last batch, a parameter) became NaN or infinite. Variables passed
 * to train are set back to the last finished epoch (parameters and batch-norm state); variables
 * train made itself are freed.
 */
export class TrainingDivergedError extends MlrecipeError {
  readonly epoch: number;
  readonly batch: number;

  constructor(
    epoch: number,
    batch: number,
    loss: number,
    {
      keptCallersVariables = false,
      inParameters = false,
    }: { keptCallersVariables?: boolean; inParameters?: boolean } = {},
  ) {
    super(
      'TRAINING_DIVERGED',
      `train: ${inParameters ? 'a parameter is not finite after' : `the loss is ${loss} at`} epoch ${epoch}, batch ${batch}; ` +
        (keptCallersVariables
          ? 'your variables were set back to the last finished epoch (parameters and batch-norm state). '
          : 'the run’s variables were freed. ') +
        'Lower the learning rate, clip gradients (optim’s clipByGlobalNorm), or check the inputs for NaN',
    );
    this.epoch = epoch;
    this.batch = batch;
  }
}
