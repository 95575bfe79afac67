import { MlrecipeError } from '@mlrecipe/tensor/errors';

/**
 * A command line the app cannot run: an unknown flag, a missing or malformed value, a value out of
 * range. Its message names the flag, the value received and what would be accepted; the app prints
 * it with a pointer to `--help` and exits with status 2, before doing any work.
 *
 * @example
 * try { parseCommandLine(command, ['--epochs', 'abc']); } catch (e) { if (e instanceof UsageError) … }
 */
export class UsageError extends MlrecipeError {
  constructor(message: string) {
    super('USAGE', message);
  }
}
