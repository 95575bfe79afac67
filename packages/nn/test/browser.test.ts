// nn in a real browser: Debian's Chromium, headless (CI installs it; elsewhere a missing browser is reported).
import { join } from 'node:path';
import { CHROMIUM_PATH, chromiumAvailable, chromiumRequired, runInChromium } from '@mlrecipe/browser-runner';
import { expect, it } from 'vitest';

it('trains on WebGL in Chromium and round-trips the model through IndexedDB exactly', async () => {
  if (!chromiumAvailable() && !chromiumRequired()) {
    console.warn(`nn browser test NOT RUN: ${CHROMIUM_PATH} is missing (apt-get install chromium); CI runs it`);
    return;
  }
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
}, 180_000);
