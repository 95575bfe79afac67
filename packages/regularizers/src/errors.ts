import { InvalidArgumentError } from '@mlrecipe/tensor/errors';

/** A regulariser was configured or used wrongly (λ < 0, keepProb outside (0, 1], unknown metric). */
export class RegularizerError extends InvalidArgumentError {}
