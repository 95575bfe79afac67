import { beforeAll, expect, it } from 'vitest';
import { expectNoLeaks, useBackend } from '../../src/index.js';
import { describeOnBackends } from '../../src/testing/index.js';
import { compareToCpu, type Tolerance } from '../../src/testing/parity.js';
import { PARITY_CASES } from '../../src/testing/parity_cases.js';

// wasm and cpu both compute in IEEE float32, but wasm's libm (exp, log, tanh) and XNNPACK's
// summation order differ from cpu's JavaScript: 1e-5 relative is about 80 float32 ulps, far below
// any error a model would notice and far above those differences. Sums state their own (parity_cases.ts).
export const WASM_TOLERANCE: Tolerance = { rtol: 1e-5, atol: 1e-6 };

/** Runs every case of one op family on wasm with 2 threads against cpu (single_thread_wasm.test.ts runs 1). */
export function parityTests(family: string): void {
  const cases = PARITY_CASES.filter((c) => c.family === family);
  // wasm's thread count is fixed at its first start in a process (Node's default is 1 thread).
  beforeAll(async () => {
    const { threads } = await useBackend('wasm', { threads: 2 });
    if (threads !== 2) throw new Error(`parity: wasm started with ${threads} thread(s), not 2`);
  });
  describeOnBackends(['wasm'], `${family} parity with cpu`, (backend) => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
      const result = await expectNoLeaks(() => compareToCpu(c, backend, WASM_TOLERANCE));
      expect(result.detail).toBeUndefined();
      expect(result.ok).toBe(true);
    });
  });
  it(`has ${family} cases`, () => expect(cases.length).toBeGreaterThan(0));
}
