// @mlrecipe/nn/node: a file-system IO handler (tfjs' own lives in tfjs-node, which cannot install offline).
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tf } from '@mlrecipe/tensor';

/**
 * Saves to / loads from `dir/model.json` and `dir/weights.bin` (loads also read the weight shards a
 * model.json lists, e.g. `group1-shard1of2.bin`, as the Keras converter writes them). Each file is written to a temporary
 * name and renamed, so a crash never leaves a half-written model behind.
 */
export function fileHandler(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts) {
      await mkdir(dir, { recursive: true });
      await removeStaleTemporaries(dir);
      const weights =
        artifacts.weightData instanceof ArrayBuffer
          ? new Uint8Array(artifacts.weightData)
          : new Uint8Array(tf.io.concatenateArrayBuffers(artifacts.weightData as ArrayBuffer[]));
      const json = JSON.stringify({
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      });
      await atomicWrite(join(dir, 'weights.bin'), weights);
      await atomicWrite(join(dir, 'model.json'), json);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load() {
      const manifest = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as {
        modelTopology: object;
        format?: string;
        weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
      };
      // Every shard of every group, in order: converted Keras models split their weights in several files.
      const shards: Buffer[] = [];
      for (const group of manifest.weightsManifest)
        for (const path of group.paths) shards.push(await readFile(join(dir, path)));
      const bytes = Buffer.concat(shards);
      return {
        modelTopology: manifest.modelTopology,
        ...(manifest.format === undefined ? {} : { format: manifest.format }),
        weightSpecs: manifest.weightsManifest.flatMap((m) => m.weights),
        weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      };
    },
  };
}

/**
 * Removes `<file>.tmp-<pid>` files that a writer killed mid-write left in `dir` (those of
 * processes still running, this one included, are kept: they may be writing). Atomic writers in
 * mlrecipe (fileHandler, pipeline's checkpoints) call it before writing or reading.
 */
export async function removeStaleTemporaries(dir: string): Promise<string[]> {
  let files: string[];
  try {
    files = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const f of files) {
    const m = /\.tmp-(\d+)$/.exec(f);
    if (m === null) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || isRunning(pid)) continue;
    await rm(join(dir, f), { force: true });
    removed.push(f);
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function atomicWrite(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, data, { flush: true });
  await rename(temporary, path);
}
