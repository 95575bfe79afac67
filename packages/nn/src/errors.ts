import { InvalidArgumentError, ShapeError } from '@mlrecipe/tensor/errors';

/** A layer, model or loss was configured or called wrongly. */
export class NnError extends InvalidArgumentError {}

/** An input's shape does not fit the layer or loss. */
export class NnShapeError extends ShapeError {}
