import { InvalidArgumentError } from '@mlrecipe/core';

/** A search space or study was configured wrongly. */
export class TuneError extends InvalidArgumentError {}
