import { PipelineError } from './errors.js';

/**
 * The arguments of the checkpoint entries ('@mlrecipe/pipeline/node'), checked before any file is
 * touched: a directory that is not a non-empty string used to read as "no checkpoint here" (a
 * silent fresh start), and `startFresh: 'yes'` or `keep: 0.5` were taken as given.
 */
export function checkDirectory(dir: unknown, caller: string): void {
  if (typeof dir !== 'string' || dir === '') {
    throw new PipelineError(
      `${caller}: dir must be a directory path (a non-empty string), got ${JSON.stringify(dir) ?? typeof dir}`,
    );
  }
}

/** An options argument: absent or a plain object. */
export function checkOptionsObject(options: unknown, caller: string): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new PipelineError(`${caller}: options must be an object, got ${JSON.stringify(options) ?? typeof options}`);
  }
}

/** A field that must be a positive integer when given. */
export function checkPositiveInteger(value: unknown, name: string, caller: string): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) >= 1)) {
    throw new PipelineError(
      `${caller}: ${name} must be a positive integer, got ${JSON.stringify(value) ?? String(value)}`,
    );
  }
}

/** `startFresh` is a boolean when given: 'yes' or 1 is a mistake, not a yes. */
export function checkStartFresh(value: unknown, caller: string): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new PipelineError(`${caller}: startFresh must be true or false, got ${JSON.stringify(value)}`);
  }
}
