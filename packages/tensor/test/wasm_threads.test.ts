import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { expect, it } from 'vitest';
import { availableBackends, tf, useBackend } from '../src/index.js';

it('runs wasm on the threads asked for, never leaving Worker or os.cpus changed across an await', async () => {
  const realCpus = os.cpus;
  const workerBefore = Object.getOwnPropertyDescriptor(globalThis, 'Worker');
  // Code elsewhere in the process runs between the awaits of useBackend: it must see the real globals.
  const seen: string[] = [];
  let turns = 0;
  let watching = true;
  const watch = (): void => {
    turns++;
    if (os.cpus !== realCpus) seen.push('os.cpus');
    const worker = Object.getOwnPropertyDescriptor(globalThis, 'Worker');
    if (worker?.value !== workerBefore?.value || worker?.get !== workerBefore?.get) seen.push('Worker');
    if (watching) setImmediate(watch);
  };
  watch();
  const selection = await useBackend('wasm', { threads: 2 });
  watching = false;
  expect(turns).toBeGreaterThan(3); // the start took several event-loop turns, each one checked
  expect(seen).toEqual([]);
  expect(Object.getOwnPropertyDescriptor(globalThis, 'Worker')).toEqual(workerBefore);
  expect(selection.threads).toBe(2);
  expect(selection.threadsNote).toBeUndefined();
  expect(selection.missingKernels).toEqual([]);
  // XNNPACK's pool started its one other thread on the single pthread worker node.ts preallocates.
  const { PThread } = (
    tf.backend() as unknown as { wasm: { PThread: { unusedWorkers: unknown[]; runningWorkers: unknown[] } } }
  ).wasm;
  expect([PThread.unusedWorkers.length, PThread.runningWorkers.length]).toEqual([0, 1]);
  // A product big enough for XNNPACK to split across threads, against a float64 reference.
  const n = 96;
  const a = Float32Array.from({ length: n * n }, (_, i) => ((i * 37) % 19) / 19 - 0.5);
  const b = Float32Array.from({ length: n * n }, (_, i) => ((i * 11) % 23) / 23 - 0.5);
  const c = tf.tidy(() => tf.matMul(tf.tensor2d(a, [n, n]), tf.tensor2d(b, [n, n]), true, false).dataSync());
  for (const [i, j] of [
    [0, 0],
    [17, 63],
    [95, 95],
  ] as const) {
    let reference = 0;
    for (let k = 0; k < n; k++) reference += a[k * n + i]! * b[k * n + j]!;
    expect(Math.abs(c[i * n + j]! - reference)).toBeLessThan(1e-4);
  }
  // Asking again for another count cannot change a running backend: the selection says so.
  const again = await useBackend('wasm', { threads: 1 });
  expect(again.threads).toBe(2);
  expect(again.threadsNote).toMatch(/already runs with 2 thread\(s\) in this process/);
  expect(tf.getBackend()).toBe('wasm');
});

it('rejects a nonsensical thread count', async () => {
  await expect(useBackend('wasm', { threads: 0 })).rejects.toThrow(/threads must be 'auto' or an integer in \[1, 64\]/);
});

it('lets a Node process that used threaded wasm exit by itself', () => {
  const script =
    "import('@mlrecipe/tensor').then(async ({ tf, useBackend }) => {" +
    "  const s = await useBackend('wasm', { threads: 2 });" +
    '  const y = tf.matMul(tf.ones([64, 64]), tf.ones([64, 64]));' +
    '  console.log(s.threads, y.dataSync()[0]);' +
    '});';
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: import.meta.dirname,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.signal).toBeNull(); // not killed by the timeout
  expect(run.status).toBe(0);
  expect(run.stdout.trim()).toBe('2 64');
});

it('says wasm runs single-threaded where SharedArrayBuffer is missing', async () => {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'SharedArrayBuffer')!;
  delete (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer;
  try {
    const wasm = (await availableBackends()).find((b) => b.name === 'wasm');
    expect(wasm?.note).toBe('single-threaded: SharedArrayBuffer is not available');
  } finally {
    Object.defineProperty(globalThis, 'SharedArrayBuffer', saved);
  }
});
