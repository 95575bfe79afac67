import { InvalidArgumentError, ShapeError } from '@mlrecipe/core';

/** A metric was given inputs it cannot score (lengths, labels, NaN, empty, unknown mode). */
export class MetricInputError extends InvalidArgumentError {}

/** `yTrue` and `yPred` (or scores) disagree in length or shape. */
export class MetricShapeError extends ShapeError {}
