// nn in a real browser: Debian's Chromium, headless (CI installs it; elsewhere a missing browser is reported).
import { join } from 'node:path';
import { CHROMIUM_PATH, runInChromium } from '@mlrecipe/browser-runner';
import { systemResource } from '@mlrecipe/tensor/testing';
import { expect, it } from 'vitest';

const ready = systemResource(CHROMIUM_PATH, 'chromium', 'nn browser test');

it.runIf(ready)(
  'trains on WebGL in Chromium and round-trips the model through IndexedDB exactly',
  async () => {
    const { result, errors } = await runInChromium<{
      backend: string;
      firstLoss: number;
      lastLoss: number;
      paramsEqual: boolean;
      stateEqual: boolean;
      outputsEqual: boolean;
    }>(join(import.meta.dirname, 'browser/indexeddb_entry.ts'));
    console.log(`nn in Chromium: ${JSON.stringify(result)}`);
    expect(errors).toEqual([]);
    expect(result.backend).toBe('webgl');
    expect(result.lastLoss).toBeLessThan(result.firstLoss * 0.5);
    expect([result.paramsEqual, result.stateEqual, result.outputsEqual]).toEqual([true, true, true]);
  },
  180_000,
);
