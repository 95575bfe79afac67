// Optimizer state through IndexedDB in a real browser: Debian's Chromium, headless (CI installs it).
import { join } from 'node:path';
import { CHROMIUM_PATH, runInChromium } from '@mlrecipe/browser-runner';
import { systemResource } from '@mlrecipe/tensor/testing';
import { expect, it } from 'vitest';

const ready = systemResource(CHROMIUM_PATH, 'chromium', 'nn optimizer-state browser test');

it.runIf(ready)(
  'a model saved to IndexedDB with its Adam state continues training on WebGL exactly as a run that never stopped',
  async () => {
    const { result, errors } = await runInChromium<{ backend: string; hasState: boolean; maxGap: number }>(
      join(import.meta.dirname, 'browser/optimizer_indexeddb_entry.ts'),
    );
    console.log(`optimizer state in Chromium: ${JSON.stringify(result)}`);
    expect(errors).toEqual([]);
    expect(result.backend).toBe('webgl');
    expect(result.hasState).toBe(true);
    // Same backend, same ops, same state: the continued run equals the straight one bit for bit.
    expect(result.maxGap).toBe(0);
  },
  180_000,
);
