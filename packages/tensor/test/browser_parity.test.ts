// The parity suite on WebGL in a real browser: Debian's Chromium (apt-get install chromium),
// driven headless by playwright-core. CI installs Chromium, so there a missing browser fails the
// test; on a developer machine without it the test says so and passes nothing off as checked.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { expect, it } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const required = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== '0';

interface BrowserParity {
  backend: string;
  selected: string;
  renderer: string;
  float32: boolean;
  webglVersion: number;
  tensorsLeft: number;
  results: Array<{ family: string; name: string; ok: boolean; maxAbsError: number; detail?: string }>;
}

it('every parity case matches cpu on WebGL in headless Chromium', async () => {
  if (!existsSync(CHROMIUM)) {
    if (required) throw new Error(`${CHROMIUM} is missing: CI must install it (apt-get install -y chromium)`);
    console.warn(`browser parity NOT RUN: ${CHROMIUM} is missing (apt-get install chromium); CI runs it`);
    return;
  }
  const bundle = await build({
    entryPoints: [join(import.meta.dirname, 'browser/parity_entry.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'error',
    conditions: ['browser'],
  });
  const script = bundle.outputFiles[0]!.text;
  const server = createServer((request, response) => {
    if (request.url === '/parity.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(script);
    } else {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!doctype html><meta charset="utf-8"><script src="/parity.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${port}/`);
    const report = (await page.evaluate(
      () => (window as unknown as { parity: Promise<unknown> }).parity,
    )) as BrowserParity;
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
  } finally {
    await browser.close();
    server.close();
  }
}, 180_000);
