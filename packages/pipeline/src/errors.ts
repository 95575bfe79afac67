import { InvalidArgumentError, MlrecipeError } from '@mlrecipe/tensor/errors';

/** Training was configured wrongly (epochs, shapes, empty dev set, a checkpoint of another model). */
export class PipelineError extends InvalidArgumentError {}

/** The loss became NaN or infinite; the parameters of the last finished epoch were put back. */
export class TrainingDivergedError extends MlrecipeError {
  readonly epoch: number;
  readonly batch: number;

  constructor(epoch: number, batch: number, loss: number) {
    super(
      'TRAINING_DIVERGED',
      `train: the loss is ${loss} at epoch ${epoch}, batch ${batch}; the parameters of the last finished epoch were kept. ` +
        'Lower the learning rate, clip gradients, or check the inputs for NaN',
    );
    this.epoch = epoch;
    this.batch = batch;
  }
}
