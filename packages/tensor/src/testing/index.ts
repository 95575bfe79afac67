import { afterAll, beforeAll, describe } from 'vitest';
import type { BackendName } from '../backend_specs.js';
import { currentBackend, useBackend } from '../backends.js';

export { countTensors, expectNoLeaks } from '../memory.js';

/**
 * Runs the same tests once per backend, as tfjs does for its ops: each block switches to its
 * backend before its tests and back to the previous one after.
 *
 * @example
 * describeOnBackends(['cpu', 'wasm'], 'matMul', (backend) => {
 *   it('multiplies', () => { … });
 * });
 */
export function describeOnBackends(
  backends: readonly BackendName[],
  title: string,
  body: (backend: BackendName) => void,
): void {
  for (const backend of backends) {
    describe(`${title} [${backend}]`, () => {
      let previous: BackendName | null = null;
      beforeAll(async () => {
        previous = currentBackend();
        await useBackend(backend);
      });
      afterAll(async () => {
        if (previous !== null && previous !== backend) await useBackend(previous);
      });
      body(backend);
    });
  }
}
