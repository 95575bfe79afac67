import { InvalidArgumentError, ShapeError } from '@mlrecipe/core';

/** A split cannot be made as asked: fractions, sizes, stratification or groups are off. */
export class SplitError extends InvalidArgumentError {}

/** Data given to a scaler, batcher or loader has the wrong shape or values. */
export class DataShapeError extends ShapeError {}

/** A file is not in the format its loader reads (bad magic number, truncated, unknown type). */
export class DataFormatError extends InvalidArgumentError {}
