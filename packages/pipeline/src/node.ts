// @mlrecipe/pipeline/node: checkpoints on disk, written atomically and checked on load.

import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { MlrecipeWarning, warn } from '@mlrecipe/core';
import { removeStaleTemporaries } from '@mlrecipe/nn/node';
import { MlrecipeError, type RngState, restoreRng } from '@mlrecipe/tensor';
import { checkDirectory, checkOptionsObject, checkPositiveInteger, checkStartFresh } from './checkpoint_arguments.js';
import { PipelineError } from './errors.js';
import type { Report } from './report/report.js';
import type { TrainingSnapshot } from './train.js';

// checkpoint-<epochs done>.json at an epoch's end, checkpoint-<epochs done>-b<batches>.json within one.
const NAME = /^checkpoint-(\d+)(?:-b(\d+))?\.json$/;
const fileOf = (epoch: number, batch = 0) => `checkpoint-${epoch}${batch > 0 ? `-b${batch}` : ''}.json`;
/** Checkpoint files, newest first. */
function checkpointsIn(files: readonly string[]): { file: string; epoch: number; batch: number }[] {
  return files
    .flatMap((f) => {
      const m = NAME.exec(f);
      return m ? [{ file: f, epoch: Number(m[1]), batch: Number(m[2] ?? 0) }] : [];
    })
    .sort((a, b) => b.epoch - a.epoch || b.batch - a.batch);
}

/**
 * Writes a snapshot as `checkpoint-<epochs done>.json` (`-b<batches>` within an epoch) with a SHA-256 checksum: written to a temporary
 * file, fsynced, then renamed, so a crash at any moment leaves either the old or the new file whole.
 * Keeps the newest `keep` checkpoints (default 2).
 */
export async function saveCheckpoint(
  dir: string,
  snapshot: TrainingSnapshot,
  options: { keep?: number } = {},
): Promise<string> {
  checkDirectory(dir, 'saveCheckpoint');
  checkOptionsObject(options, 'saveCheckpoint');
  const { keep = 2 } = options;
  checkPositiveInteger(keep, 'keep', 'saveCheckpoint');
  const body = JSON.stringify(snapshot) ?? 'undefined';
  // The checks resume applies on load, applied before writing: a file that could never be
  // resumed from is refused here, where the mistake is made, not found later.
  const problem = snapshotProblem(body === 'undefined' ? undefined : JSON.parse(body));
  if (problem !== null) {
    throw new PipelineError(
      `saveCheckpoint: not a training snapshot (${problem}); pass what train hands to onSnapshot`,
    );
  }
  await mkdir(dir, { recursive: true });
  const file = join(dir, fileOf(snapshot.epoch, snapshot.batch));
  await writeAtomically(file, JSON.stringify({ sha256: createHash('sha256').update(body).digest('hex'), body }));
  for (const old of checkpointsIn(await readdir(dir)).slice(keep)) await rm(join(dir, old.file), { force: true });
  return file;
}

/** Why one checkpoint file was not used. */
export interface RejectedCheckpoint {
  readonly file: string;
  readonly reason: string;
}

/**
 * Checkpoint files were found in a directory but none could be used. `rejected` lists each file
 * and why; pass `{ startFresh: true }` to `resume`/`checkpoint` to start a new run there anyway.
 */
export class CheckpointError extends MlrecipeError {
  readonly dir: string;
  readonly rejected: readonly RejectedCheckpoint[];

  constructor(dir: string, rejected: readonly RejectedCheckpoint[]) {
    super(
      'CHECKPOINT_CORRUPT',
      `resume: ${rejected.length} checkpoint file(s) in ${dir} and none is usable:\n` +
        rejected.map((r) => `  ${r.file}: ${r.reason}`).join('\n') +
        '\nRestore a good copy, or pass { startFresh: true } to start a new run in this directory (the bad files are then replaced)',
    );
    this.dir = dir;
    this.rejected = rejected;
  }
}

/**
 * The newest checkpoint that passes every check, or null when the directory holds none at all.
 * Each file is checked before anything is loaded: its SHA-256, then the snapshot's schema (epoch
 * and batch counters, every saved tensor's shape, dtype and finite values — a null where a weight
 * was must never load as 0 — the generator state and the history). Unknown extra fields are
 * kept. Files that fail are reported in `skipped` and the previous good one is used; when every
 * file fails, `CheckpointError` lists them (or, with `startFresh`, null is returned). Temporary
 * files left by a writer that died (`*.tmp-<pid>` of a process no longer running) are removed.
 */
export async function loadCheckpoint(
  dir: string,
  options: { startFresh?: boolean } = {},
): Promise<{ snapshot: TrainingSnapshot; file: string; skipped: string[] } | null> {
  checkDirectory(dir, 'loadCheckpoint');
  checkOptionsObject(options, 'loadCheckpoint');
  const { startFresh = false } = options;
  checkStartFresh(startFresh, 'loadCheckpoint');
  let files: string[];
  try {
    files = await readdir(dir);
  } catch {
    return null;
  }
  await removeStaleTemporaries(dir);
  const rejected: RejectedCheckpoint[] = [];
  for (const found of checkpointsIn(files)) {
    const file = join(dir, found.file);
    try {
      const snapshot = await readCheckpoint(file, found);
      return { snapshot, file, skipped: rejected.map((r) => `${r.file}: ${r.reason}`) };
    } catch (error) {
      rejected.push({ file, reason: (error as Error).message });
    }
  }
  if (rejected.length === 0 || startFresh) return null;
  throw new CheckpointError(dir, rejected);
}

async function readCheckpoint(file: string, name: { epoch: number; batch: number }): Promise<TrainingSnapshot> {
  const text = await readFile(file, 'utf8');
  if (text.length === 0) throw new Error('empty file (0 bytes)');
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch {
    throw new Error(`not JSON (truncated or overwritten; ${text.length} bytes)`);
  }
  const { sha256, body } = (envelope ?? {}) as { sha256?: unknown; body?: unknown };
  if (typeof sha256 !== 'string' || typeof body !== 'string') throw new Error('no { sha256, body } envelope');
  if (createHash('sha256').update(body).digest('hex') !== sha256) throw new Error('checksum mismatch');
  let snapshot: unknown;
  try {
    snapshot = JSON.parse(body);
  } catch {
    throw new Error('the checksum holds but the body is not JSON');
  }
  const problem = snapshotProblem(snapshot);
  if (problem !== null) throw new Error(`malformed snapshot: ${problem}`);
  const s = snapshot as TrainingSnapshot;
  if (s.epoch !== name.epoch || (s.batch ?? 0) !== name.batch) {
    throw new Error(
      `the file name says epoch ${name.epoch} batch ${name.batch}, the snapshot epoch ${s.epoch} batch ${s.batch ?? 0}`,
    );
  }
  return s;
}

const DTYPES = ['float32', 'int32', 'bool'];

/** What is wrong with a parsed snapshot, or null. Required fields only: extra fields are fine. */
function snapshotProblem(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not an object';
  const s = value as Record<string, unknown>;
  if (!(Number.isInteger(s.epoch) && (s.epoch as number) >= 0))
    return `epoch must be an integer ≥ 0, got ${short(s.epoch)}`;
  if (s.batch !== undefined && !(Number.isInteger(s.batch) && (s.batch as number) >= 0)) {
    return `batch must be an integer ≥ 0, got ${short(s.batch)}`;
  }
  for (const tree of ['params', 'state'] as const) {
    const t = s[tree];
    if (t === null || typeof t !== 'object' || Array.isArray(t))
      return `${tree} must be an object of named tensors, got ${short(t)}`;
    for (const [name, v] of Object.entries(t)) {
      const p = tensorProblem(v);
      if (p !== null) return `${tree}['${name}'] ${p}`;
    }
  }
  if (Object.keys(s.params as object).length === 0) return 'params is empty';
  if (!('optimizerState' in s)) return 'optimizerState is missing';
  const optimizerProblem = nestedTensorProblem(s.optimizerState, 'optimizerState', 0);
  if (optimizerProblem !== null) return optimizerProblem;
  try {
    restoreRng(s.rng as RngState);
  } catch (error) {
    return `rng: ${(error as Error).message}`;
  }
  if (!Array.isArray(s.history)) return `history must be an array, got ${short(s.history)}`;
  const badRecord = s.history.findIndex(
    (r) => r === null || typeof r !== 'object' || !Number.isInteger((r as { epoch?: unknown }).epoch),
  );
  if (badRecord >= 0) return `history[${badRecord}] is not an epoch record`;
  return null;
}

function tensorProblem(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || (value as { __tensor?: unknown }).__tensor !== true) {
    return `is not a saved tensor, got ${short(value)}`;
  }
  const { shape, dtype, values } = value as { shape?: unknown; dtype?: unknown; values?: unknown };
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0))
    return `has a bad shape ${short(shape)}`;
  if (!DTYPES.includes(dtype as string)) return `has a bad dtype ${short(dtype)}`;
  if (!Array.isArray(values)) return 'has no values';
  const size = shape.reduce((a: number, b: number) => a * b, 1);
  if (values.length !== size) return `holds ${values.length} values for shape [${shape}] (${size})`;
  // JSON writes NaN and ±Infinity as null: a null here must never become a 0 weight.
  const bad = values.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (bad >= 0) return `holds ${short(values[bad])} at index ${bad} (weights must be finite numbers)`;
  return null;
}

function nestedTensorProblem(value: unknown, path: string, depth: number): string | null {
  if (depth > 32) return `${path} is nested too deeply`;
  if (value !== null && typeof value === 'object' && (value as { __tensor?: unknown }).__tensor === true) {
    const p = tensorProblem(value);
    return p === null ? null : `${path} ${p}`;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const p = nestedTensorProblem(v, `${path}[${i}]`, depth + 1);
      if (p !== null) return p;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = nestedTensorProblem(v, `${path}.${k}`, depth + 1);
      if (p !== null) return p;
    }
  }
  return null;
}

const short = (v: unknown) => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/** Writes to a temporary file, fsyncs and renames, so readers see the old file or the new one, whole. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}

/**
 * The newest good checkpoint in `dir` to pass as train's `resumeFrom`, or undefined when the
 * directory holds no checkpoint (a fresh start). Corrupt or partial checkpoints are skipped with a
 * `CHECKPOINT_SKIPPED` warning (through `@mlrecipe/core`'s channel: `captureWarnings`, `onWarning`);
 * when every one is bad, `CheckpointError` lists them, unless `startFresh` is given, which starts
 * over with a `CHECKPOINT_START_FRESH` warning.
 */
export async function resume(
  dir: string,
  options: { startFresh?: boolean } = {},
): Promise<TrainingSnapshot | undefined> {
  if (typeof options === 'function') {
    throw new PipelineError(
      "resume: the warn callback (second argument) was removed: warnings go through @mlrecipe/core's one channel (onWarning, setWarningHandler, captureWarnings); pass { startFresh } as the second argument",
    );
  }
  if (options === null || typeof options !== 'object') {
    throw new PipelineError(`resume: options must be { startFresh?: boolean }, got ${String(options)}`);
  }
  const { startFresh = false } = options;
  checkDirectory(dir, 'resume');
  checkStartFresh(startFresh, 'resume');
  let found: Awaited<ReturnType<typeof loadCheckpoint>>;
  try {
    found = await loadCheckpoint(dir);
  } catch (error) {
    if (!(error instanceof CheckpointError) || !startFresh) throw error;
    warn(
      new MlrecipeWarning(
        'CHECKPOINT_START_FRESH',
        `${error.message.split('\nRestore')[0]}\nresume: starting a new run as asked (startFresh)`,
        { dir, rejected: error.rejected },
      ),
    );
    return undefined;
  }
  for (const skipped of found?.skipped ?? []) {
    warn(
      new MlrecipeWarning('CHECKPOINT_SKIPPED', `resume: skipped a bad checkpoint, ${skipped}`, {
        dir,
        skipped,
        used: found?.file,
      }),
    );
  }
  return found?.snapshot;
}

/**
 * train() options that checkpoint into `dir` every `every` epochs (and every `everyBatches` batches
 * within one, if given) and continue from the newest good
 * checkpoint there: `await train({ ...options, ...(await checkpoint('runs/a', { every: 1 })) })`.
 * A run killed at any moment and started again ends with the same parameters, bit for bit.
 * When checkpoints are there but none is usable it throws `CheckpointError`; `startFresh: true`
 * starts a new run instead (with a warning).
 */
export async function checkpoint(
  dir: string,
  options: { every?: number; everyBatches?: number; keep?: number; startFresh?: boolean } = {},
): Promise<{
  /** Writes each snapshot train hands over as a checkpoint in `dir`, keeping the last `keep`. */
  onSnapshot: (snapshot: TrainingSnapshot) => Promise<void>;
  snapshotEvery: number;
  snapshotEveryBatches?: number;
  resumeFrom?: TrainingSnapshot;
}> {
  checkDirectory(dir, 'checkpoint');
  checkOptionsObject(options, 'checkpoint');
  const { every = 1, everyBatches, keep = 2, startFresh = false } = options;
  checkPositiveInteger(every, 'every', 'checkpoint');
  checkPositiveInteger(everyBatches, 'everyBatches', 'checkpoint');
  checkPositiveInteger(keep, 'keep', 'checkpoint');
  checkStartFresh(startFresh, 'checkpoint');
  const resumeFrom = await resume(dir, { startFresh });
  return {
    onSnapshot: async (snapshot) => {
      await saveCheckpoint(dir, snapshot, { keep });
    },
    snapshotEvery: every,
    ...(everyBatches ? { snapshotEveryBatches: everyBatches } : {}),
    ...(resumeFrom ? { resumeFrom } : {}),
  };
}

/**
 * Writes a report as `index.html` (self-contained), `report.md` and `plots/*.svg` under `dir`,
 * each atomically. Returns the paths.
 */
export async function writeReport(dir: string, r: Report): Promise<{ html: string; markdown: string }> {
  await mkdir(join(dir, 'plots'), { recursive: true });
  for (const [name, svg] of Object.entries(r.plots)) await writeAtomically(join(dir, 'plots', `${name}.svg`), svg);
  const html = join(dir, 'index.html');
  const markdown = join(dir, 'report.md');
  await writeAtomically(html, r.html);
  await writeAtomically(markdown, r.markdown);
  return { html, markdown };
}
