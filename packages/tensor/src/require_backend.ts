import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError, InvalidArgumentError } from './errors.js';

/**
 * Throws a typed error when no backend is registered, so an entry that computes with tensors
 * fails at its own boundary with the fix (call `useBackend()`) instead of tfjs' bare
 * "No backend found in registry." from deep inside an op.
 *
 * @example
 * export function init(...) { requireBackend('sequential.init'); … }
 */
export function requireBackend(caller: string): void {
  if (typeof caller !== 'string' || caller === '') {
    throw new InvalidArgumentError(
      `requireBackend: caller must name the function that needs a backend, got ${JSON.stringify(caller)}`,
    );
  }
  // Reading engine().backend initialises the best registered backend when none was chosen; with
  // nothing registered (or one still initialising) tfjs throws: that case becomes a typed error.
  let backend: unknown;
  try {
    backend = tf.engine().backend;
  } catch (error) {
    throw noBackend(caller, error);
  }
  if (backend == null) throw noBackend(caller);
}

function noBackend(caller: string, cause?: unknown): BackendUnavailableError {
  return new BackendUnavailableError(
    'none',
    `${caller}: no tensor backend is selected; call \`await useBackend('auto')\` (or 'cpu', 'wasm', …) from @mlrecipe/tensor first`,
    cause === undefined ? undefined : { cause },
  );
}
