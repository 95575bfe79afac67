import { existsSync } from 'node:fs';
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

/**
 * For tests that read files a Debian package installs (Fashion-MNIST, Chromium, redis-server):
 * true when `path` exists. When it does not, CI (CI set) must fail — it installs them — while a
 * developer machine gets a printed "NOT RUN" instead of a false pass or a confusing failure.
 */
export function systemResource(path: string, aptPackage: string, what: string): boolean {
  if (existsSync(path)) return true;
  const ci = process.env.CI;
  if (ci !== undefined && ci !== '' && ci !== '0') {
    throw new Error(`${what}: ${path} is missing; CI must install it (apt-get install -y ${aptPackage})`);
  }
  console.warn(`${what} NOT RUN: ${path} is missing (apt-get install ${aptPackage}); CI runs it`);
  return false;
}

export {
  badBoolean,
  badInRange,
  badName,
  badNonNegativeInteger,
  badOptions,
  badPositiveInteger,
  nonFinite,
  notANumber,
} from './bad_values.js';
export type { BadInputCase, BadInputOutcome, FuzzReport } from './fuzz.js';
export { badInput, formatFuzzTable, fuzzCaseCount, runBadInputs } from './fuzz.js';

// Backend parity (also at '@mlrecipe/tensor/parity', which needs no test framework)
export type { ParityCase, ParityResult, Tolerance } from './parity.js';
export { compareToCpu, seededTensor } from './parity.js';
export { MAX_POOL_TIES_CASE, PARITY_CASES } from './parity_cases.js';
