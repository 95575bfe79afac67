// The parity suite on WebGL in a real browser: Debian's Chromium, headless, via playwright-core.
// CI installs Chromium, so there a missing browser fails the test; on a developer machine without
// it the test says so and passes nothing off as checked.
import { join } from 'node:path';
import { CHROMIUM_PATH, runInChromium } from '@mlrecipe/browser-runner';
import { expect, it } from 'vitest';
import { systemResource } from '../src/testing/index.js';

interface BrowserParity {
  backend: string;
  selected: string;
  renderer: string;
  float32: boolean;
  webglVersion: number;
  tensorsLeft: number;
  results: Array<{ family: string; name: string; ok: boolean; maxAbsError: number; detail?: string }>;
}

const ready = systemResource(CHROMIUM_PATH, 'chromium', 'browser parity');

it.runIf(ready)(
  'every parity case matches cpu on WebGL in headless Chromium',
  async () => {
    const { result: report, errors } = await runInChromium<BrowserParity>(
      join(import.meta.dirname, 'browser/parity_entry.ts'),
    );
    console.log(
      `browser parity: backend ${report.backend} (WebGL ${report.webglVersion}, float32 textures ${report.float32}), renderer "${report.renderer}", ${report.results.length} cases`,
    );
    for (const r of report.results) {
      console.log(
        `  ${r.ok ? 'ok  ' : 'FAIL'} ${r.family}: ${r.name} (max abs error ${r.maxAbsError.toExponential(2)})${r.detail ? ` ${r.detail}` : ''}`,
      );
    }
    expect(errors).toEqual([]);
    expect(report.backend).toBe('webgl');
    expect(report.results.filter((r) => !r.ok)).toEqual([]);
    expect(report.tensorsLeft).toBe(0);
  },
  180_000,
);
