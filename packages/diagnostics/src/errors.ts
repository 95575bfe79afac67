import { InvalidArgumentError } from '@mlrecipe/core';

/** Error rates, examples or histories a diagnosis cannot use. */
export class DiagnosticsError extends InvalidArgumentError {}
