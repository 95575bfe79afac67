import { InvalidArgumentError, ShapeError } from '@mlrecipe/tensor/errors';

/** An optimizer or schedule was configured or fed wrongly (rates, betas, names, NaN gradients). */
export class OptimError extends InvalidArgumentError {}

/** A gradient's shape differs from its parameter's. */
export class OptimShapeError extends ShapeError {}
