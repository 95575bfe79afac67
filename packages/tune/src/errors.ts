import { InvalidArgumentError } from '@mlrecipe/tensor/errors';

/** A search space or study was configured wrongly. */
export class TuneError extends InvalidArgumentError {}
