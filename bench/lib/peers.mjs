// Peers and conditions shared by the training benchmarks: PyTorch in a subprocess, a competing busy
// process, and medians over repeated child-process measurements.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const python = '/usr/bin/python3'; // Debian's interpreter, where python3-torch is installed

/** Why the PyTorch column cannot run here, or null. */
export function torchProblem() {
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error !== undefined) return `${python} not found`;
  return probe.status === 0 ? null : 'python3-torch is not installed (apt-get install python3-torch)';
}

/** PyTorch 1.13 training the same network and batches on `threads` CPU threads (bench/torch_side.py). */
export function torchSide(model, { threads, samples, batchSize }) {
  const out = execFileSync(
    python,
    [join(import.meta.dirname, '..', 'torch_side.py'), model, String(threads), String(samples), String(batchSize)],
    { encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').pop());
}

/**
 * Runs `fn` while another process keeps one core busy (a spin loop), as other work on a shared
 * machine does; the busy process is stopped afterwards, also when `fn` throws.
 */
export function underLoad(fn) {
  const busy = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  try {
    return fn();
  } finally {
    busy.kill('SIGKILL');
  }
}

/** The run with the median samples/s of `repeats` runs of `measure`. */
export function median(repeats, measure) {
  const runs = Array.from({ length: repeats }, () => measure());
  runs.sort((a, b) => a.samplesPerSecond - b.samplesPerSecond);
  return { ...runs[Math.floor(runs.length / 2)], all: runs.map((r) => Math.round(r.samplesPerSecond)) };
}
