/** Where the code runs: Node (or Bun/Deno with Node APIs) or a browser (page or worker). */
export type Runtime = 'node' | 'browser';

/** Detects the runtime once; browsers include web workers. */
export function detectRuntime(): Runtime {
  const g = globalThis as { process?: { versions?: { node?: string } }; window?: unknown; importScripts?: unknown };
  const isBrowserLike = typeof g.window !== 'undefined' || typeof g.importScripts === 'function';
  if (!isBrowserLike && typeof g.process?.versions?.node === 'string') return 'node';
  return 'browser';
}
