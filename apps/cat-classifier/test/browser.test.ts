// The browser page trains on WebGL in Debian's headless Chromium: the backend is webgl, the page
// answers clicks while training (the median within 200 ms, every one within 1 s), the live loss
// curve (with axes) grows during training, the loss goes down, and the diagnosis and error analysis are shown. Screenshots (one
// mid-training, one at the end) are kept in test-results/.
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
    const midTraining = join(root, 'test-results', 'browser-webgl-training.png');
    try {
      const seen = await withPage(`http://127.0.0.1:${port}/?web=1000&app=300&epochs=3`, async (page, errors) => {
        type AppState = { batchLosses: number[]; epochs: unknown[]; done: boolean; pings: number[] };
        // Training has started and the chart has been drawn at least once.
        await page.waitForFunction(
          () => (window as unknown as { appState: AppState }).appState.batchLosses.length >= 10,
          undefined,
          {
            timeout: 240_000,
            polling: 100,
          },
        );
        const answers: number[] = [];
        const pointsDuring: number[] = [];
        // A real mouse click (input event through the browser) and a poll for the handler's effect.
        // Not page.click: its actionability checks wait for animation frames, which software GL
        // delays while it computes; the question here is whether the page's thread answers.
        const box = (await page.locator('#ping').boundingBox())!;
        const answered = (n: number) =>
          page.waitForFunction((k) => (window as unknown as { appState: AppState }).appState.pings.length >= k, n, {
            polling: 10,
          });
        for (let i = 0; i < 5; i++) {
          const started = performance.now();
          await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
          await answered(i + 1);
          answers.push(performance.now() - started);
          pointsDuring.push((await page.getAttribute('#loss-line', 'points'))!.split(' ').length);
          await page.waitForTimeout(300);
        }
        // The curve is live: it grows while training goes on (each batch takes a second or more on software GL).
        await page.waitForFunction(
          (n) => (document.getElementById('loss-line')?.getAttribute('points') ?? '').split(' ').length > n,
          pointsDuring[0]!,
          { timeout: 120_000, polling: 100 },
        );
        pointsDuring.push((await page.getAttribute('#loss-line', 'points'))!.split(' ').length);
        const stillTraining = await page.evaluate(() => !(window as unknown as { appState: AppState }).appState.done);
        await page.screenshot({ path: midTraining, fullPage: false });
        const axisText = await page.$$eval('#loss-axes text', (nodes) => nodes.map((n) => n.textContent));
        await page.waitForFunction(
          () => {
            const s = (window as unknown as { appState?: { done: boolean; error: string } }).appState;
            return s !== undefined && (s.done || s.error !== '');
          },
          undefined,
          { timeout: 240_000, polling: 500 },
        );
        await page.screenshot({ path: screenshot, fullPage: true });
        // The same click on the idle page: the machine's own answer time, for comparison.
        const idleStarted = performance.now();
        await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
        await answered(6);
        const idleAnswer = performance.now() - idleStarted;
        return {
          idleAnswer,
          answers,
          pointsDuring,
          stillTraining,
          axisText,
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
      console.log(
        'answers while training (ms)',
        seen.answers.map(Math.round),
        'idle',
        Math.round(seen.idleAnswer),
        'points',
        seen.pointsDuring,
      );
      expect(state.error).toBe('');
      // Responsive while training, and the curve grew between clicks. A page that trained on its own
      // thread would answer no click before its batch ends (a second or more on software GL), so
      // every click within 1 s rules that out; most (the median) within 200 ms is the experience.
      // Not every click within 200 ms: with the other test processes on the machine's two cores one
      // click was answered in 273 ms (the others in 11–21 ms, the idle page in 12 ms).
      expect(seen.stillTraining).toBe(true);
      for (const ms of seen.answers) expect(ms).toBeLessThan(1000);
      expect([...seen.answers].sort((a, b) => a - b)[Math.floor(seen.answers.length / 2)]!).toBeLessThan(200);
      expect(seen.pointsDuring.at(-1)!).toBeGreaterThan(seen.pointsDuring[0]!);
      expect(seen.axisText).toContain('training loss');
      expect(seen.axisText).toContain('mini-batch');
      expect(statSync(midTraining).size).toBeGreaterThan(10_000);
      expect(seen.errors).toEqual([]);
      expect(state.backend).toBe('webgl');
      // The loss went down: the last epoch's train loss is below the mean of the first five batches.
      const firstBatches = state.batchLosses.slice(0, 5).reduce((a, b) => a + b, 0) / 5;
      expect(state.epochs).toHaveLength(3);
      expect(state.epochs.at(-1)!.trainLoss).toBeLessThan(firstBatches);
      expect(seen.diagnosisVisible).toBe(true);
      expect(seen.diagnosis).toMatch(/Bayes proxy .* Gaps \(95 % intervals\): avoidable-bias/);
      expect(seen.errorRows).toBeGreaterThan(0);
      expect(seen.lossPoints!.split(' ').length).toBe(state.batchLosses.length);
      expect(statSync(screenshot).size).toBeGreaterThan(20_000);
    } finally {
      server.close();
    }
  },
  300_000,
);
