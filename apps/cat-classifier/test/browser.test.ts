// The browser page trains on WebGL in Debian's headless Chromium: the backend is webgl, the loss
// goes down, and the diagnosis and error analysis are shown. A screenshot is kept in test-results/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { CHROMIUM_PATH, withPage } from '@mlrecipe/browser-runner';
import { systemResource } from '@mlrecipe/tensor/testing';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const ready = systemResource(CHROMIUM_PATH, 'chromium', 'cat-classifier browser test');

it.runIf(ready)(
  'trains in Chromium on WebGL, the loss goes down, and the diagnosis is shown',
  async () => {
    execFileSync(process.execPath, [join(root, 'scripts/build-web.mjs')]);
    const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };
    const server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      const file = join(root, 'dist-web', path === '/' ? 'index.html' : path);
      try {
        const body = readFileSync(file);
        response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
        response.end(body);
      } catch {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    mkdirSync(join(root, 'test-results'), { recursive: true });
    const screenshot = join(root, 'test-results', 'browser-webgl.png');
    try {
      const seen = await withPage(`http://127.0.0.1:${port}/?web=1000&app=300&epochs=3`, async (page, errors) => {
        await page.waitForFunction(
          () => {
            const s = (window as unknown as { appState?: { done: boolean; error: string } }).appState;
            return s !== undefined && (s.done || s.error !== '');
          },
          undefined,
          { timeout: 240_000, polling: 500 },
        );
        await page.screenshot({ path: screenshot, fullPage: true });
        return {
          errors: [...errors],
          state: await page.evaluate(() => (window as unknown as { appState: unknown }).appState),
          diagnosisVisible: await page.isVisible('#diagnosis'),
          diagnosis: await page.textContent('#diagnosis-text'),
          errorRows: await page.$$eval('#error-table tbody tr', (rows) => rows.length),
          lossPoints: await page.getAttribute('#loss-line', 'points'),
        };
      });
      const state = seen.state as {
        backend: string;
        error: string;
        batchLosses: number[];
        epochs: { trainLoss: number }[];
      };
      expect(state.error).toBe('');
      expect(seen.errors).toEqual([]);
      expect(state.backend).toBe('webgl');
      // The loss went down: the last epoch's train loss is below the mean of the first five batches.
      const firstBatches = state.batchLosses.slice(0, 5).reduce((a, b) => a + b, 0) / 5;
      expect(state.epochs).toHaveLength(3);
      expect(state.epochs.at(-1)!.trainLoss).toBeLessThan(firstBatches);
      expect(seen.diagnosisVisible).toBe(true);
      expect(seen.diagnosis).toMatch(/Bayes proxy .* Gaps: avoidable-bias/);
      expect(seen.errorRows).toBeGreaterThan(0);
      expect(seen.lossPoints!.split(' ').length).toBe(state.batchLosses.length);
      expect(statSync(screenshot).size).toBeGreaterThan(20_000);
    } finally {
      server.close();
    }
  },
  300_000,
);
