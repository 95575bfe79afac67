import * as tf from '@tensorflow/tfjs-core';
import { DuplicateTfjsCoreError } from './errors.js';

// tfjs-core keeps its engine and registries on the global object, shared by every copy, but each
// copy brings its own classes, platform and kernels. Two copies are how backends "silently register
// on another copy". Two traces betray a second copy: the global Tensor class is set by whichever copy
// loaded first, and every copy overwrites the global platform when it loads.
const platformAtLoad = tf.env().platform;

interface TfGlobals {
  _tfGlobals?: Map<string, unknown>;
}

/**
 * Throws `DuplicateTfjsCoreError` if another copy of `@tensorflow/tfjs-core` has been loaded in this
 * process or page, beside the one `@mlrecipe/tensor` uses. `useBackend` calls it for you.
 */
export function assertSingleTfjsCore(): void {
  const globalTensor = (globalThis as TfGlobals)._tfGlobals?.get('Tensor');
  const loadedBefore = globalTensor !== undefined && globalTensor !== tf.Tensor;
  const loadedAfter = tf.env().platform !== platformAtLoad;
  if (loadedBefore || loadedAfter) {
    throw new DuplicateTfjsCoreError(
      `two copies of @tensorflow/tfjs-core are loaded (another copy was loaded ${loadedBefore ? 'before' : 'after'} ` +
        `the one @mlrecipe/tensor uses, version ${tf.version_core}); backends and kernels registered on one are ` +
        'invisible to the other. Make every package resolve one copy: list @tensorflow/tfjs-core once in your app ' +
        'with the version all packages accept, then check with `npm ls @tensorflow/tfjs-core` (or `pnpm why`).',
    );
  }
}
