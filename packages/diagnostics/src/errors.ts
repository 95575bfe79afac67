import { InvalidArgumentError } from '@mlrecipe/tensor/errors';

/** Error rates, examples or histories a diagnosis cannot use. */
export class DiagnosticsError extends InvalidArgumentError {}
