// The nn parity cases (sequence layers, CTC) on WebGL in Debian's Chromium, headless; CI installs
// Chromium, so there a missing browser fails instead of being skipped.
import { join } from 'node:path';
import { CHROMIUM_PATH, runInChromium } from '@mlrecipe/browser-runner';
import { systemResource } from '@mlrecipe/tensor/testing';
import { expect, it } from 'vitest';
import { NN_PARITY_CASES } from './parity/nn_parity_cases.js';

interface BrowserParity {
  backend: string;
  float32: boolean;
  tensorsLeft: number;
  results: Array<{ family: string; name: string; ok: boolean; maxAbsError: number; detail?: string }>;
}

const ready = systemResource(CHROMIUM_PATH, 'chromium', 'nn browser parity');

it.runIf(ready)(
  'every nn parity case (recurrent layers, embedding, conv1d, layerNorm, CTC) matches cpu on WebGL in Chromium',
  async () => {
    const { result: report, errors } = await runInChromium<BrowserParity>(
      join(import.meta.dirname, 'browser/parity_entry.ts'),
    );
    for (const r of report.results)
      console.log(
        `  ${r.ok ? 'ok  ' : 'FAIL'} ${r.family}: ${r.name} (max abs error ${r.maxAbsError.toExponential(2)})${r.detail ? ` ${r.detail}` : ''}`,
      );
    expect(errors).toEqual([]);
    expect(report.backend).toBe('webgl');
    expect(report.results).toHaveLength(NN_PARITY_CASES.length);
    expect(report.results.filter((r) => !r.ok)).toEqual([]);
    expect(report.tensorsLeft).toBe(0);
  },
  300_000,
);
