// @mlrecipe/pipeline/node: checkpoints on disk, written atomically and checked on load.
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrainingSnapshot } from './train.js';

const NAME = /^checkpoint-(\d+)\.json$/;

/**
 * Writes a snapshot as `checkpoint-<epoch>.json` with a SHA-256 checksum: written to a temporary
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
  const file = join(dir, `checkpoint-${snapshot.epoch}.json`);
  const temporary = `${file}.tmp-${process.pid}`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(JSON.stringify({ sha256: createHash('sha256').update(body).digest('hex'), body }));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  const epochs = (await readdir(dir))
    .flatMap((f) => (NAME.test(f) ? [Number(NAME.exec(f)![1])] : []))
    .sort((a, b) => b - a);
  for (const old of epochs.slice(keep)) await rm(join(dir, `checkpoint-${old}.json`), { force: true });
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
  const epochs = files.flatMap((f) => (NAME.test(f) ? [Number(NAME.exec(f)![1])] : [])).sort((a, b) => b - a);
  for (const epoch of epochs) {
    const file = join(dir, `checkpoint-${epoch}.json`);
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
