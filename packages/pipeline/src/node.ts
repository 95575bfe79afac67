// @mlrecipe/pipeline/node: checkpoints on disk, written atomically and checked on load.
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
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
  { keep = 2 }: { keep?: number } = {},
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const body = JSON.stringify(snapshot);
  const file = join(dir, fileOf(snapshot.epoch, snapshot.batch));
  await writeAtomically(file, JSON.stringify({ sha256: createHash('sha256').update(body).digest('hex'), body }));
  for (const old of checkpointsIn(await readdir(dir)).slice(keep)) await rm(join(dir, old.file), { force: true });
  return file;
}

/**
 * The newest checkpoint whose checksum holds, or null when there is none. Corrupt or partial files
 * are reported in `skipped` (and the previous good one is used).
 */
export async function loadCheckpoint(
  dir: string,
): Promise<{ snapshot: TrainingSnapshot; file: string; skipped: string[] } | null> {
  let files: string[];
  try {
    files = await readdir(dir);
  } catch {
    return null;
  }
  const skipped: string[] = [];
  for (const found of checkpointsIn(files)) {
    const file = join(dir, found.file);
    try {
      const { sha256, body } = JSON.parse(await readFile(file, 'utf8')) as { sha256: string; body: string };
      if (createHash('sha256').update(body).digest('hex') !== sha256) throw new Error('checksum mismatch');
      return { snapshot: JSON.parse(body) as TrainingSnapshot, file, skipped };
    } catch (error) {
      skipped.push(`${file}: ${(error as Error).message}`);
    }
  }
  return null;
}

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
 * The newest good checkpoint in `dir` to pass as train's `resumeFrom`, or undefined for a fresh
 * start. Corrupt or partial checkpoints are reported through `warn` and skipped.
 */
export async function resume(
  dir: string,
  warn: (message: string) => void = (message) => console.warn(message),
): Promise<TrainingSnapshot | undefined> {
  const found = await loadCheckpoint(dir);
  for (const skipped of found?.skipped ?? []) warn(`resume: skipped a bad checkpoint, ${skipped}`);
  return found?.snapshot;
}

/**
 * train() options that checkpoint into `dir` every `every` epochs (and every `everyBatches` batches
 * within one, if given) and continue from the newest good
 * checkpoint there: `await train({ ...options, ...(await checkpoint('runs/a', { every: 1 })) })`.
 * A run killed at any moment and started again ends with the same parameters, bit for bit.
 */
export async function checkpoint(
  dir: string,
  { every = 1, everyBatches, keep = 2 }: { every?: number; everyBatches?: number; keep?: number } = {},
): Promise<{
  /** Writes each snapshot train hands over as a checkpoint in `dir`, keeping the last `keep`. */
  onSnapshot: (snapshot: TrainingSnapshot) => Promise<void>;
  snapshotEvery: number;
  snapshotEveryBatches?: number;
  resumeFrom?: TrainingSnapshot;
}> {
  const resumeFrom = await resume(dir);
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
