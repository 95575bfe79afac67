// Runs a browser entry file in Debian's Chromium (apt-get install chromium), headless, driven by
// playwright-core: never a browser downloaded by a test tool. The entry sets `window.result` to a
// promise; its value comes back here.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BrowserRun<T> {
  readonly result: T;
  /** Uncaught page errors. */
  readonly errors: readonly string[];
}

/** Options of `runInChromium`. */
export interface RunOptions {
  /**
   * Files the page may fetch, by URL path: `{ '/centernet.bin': '/abs/path/centernet.bin' }` (model
   * weights too large to bundle). Served as bytes, read when requested.
   */
  readonly files?: Readonly<Record<string, string>>;
  /** Modules left out of the bundle (imported only on paths the page never takes, e.g. 'cli-progress'). */
  readonly external?: readonly string[];
}

/** Bundles `entry` for the browser, serves it on 127.0.0.1 and returns what `window.result` resolves to. */
export async function runInChromium<T>(
  entry: string,
  { files = {}, external = [] }: RunOptions = {},
): Promise<BrowserRun<T>> {
  const bundle = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'error',
    conditions: ['browser'],
    external: [...external],
  });
  const script = bundle.outputFiles[0]!.text;
  const server = createServer((request, response) => {
    const file = request.url === undefined ? undefined : files[request.url];
    if (request.url === '/entry.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(script);
    } else if (file !== undefined) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(readFileSync(file));
    } else {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!doctype html><meta charset="utf-8"><script src="/entry.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${port}/`);
    const result = (await page.evaluate(() => (window as unknown as { result: Promise<unknown> }).result)) as T;
    return { result, errors };
  } finally {
    await browser.close();
    server.close();
  }
}

function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
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
}

/**
 * Opens `url` (e.g. a file:// report) in headless Chromium and hands the page to `inspect`, for DOM
 * assertions and screenshots. Page errors are collected.
 */
export async function withPage<T>(
  url: string,
  inspect: (page: Page, errors: readonly string[]) => Promise<T>,
  { width = 1100, height = 900 }: { width?: number; height?: number } = {},
): Promise<T> {
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width, height } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    return await inspect(page, errors);
  } finally {
    await browser.close();
  }
}
