// The checkpoint corruption matrix: every kind of damage gives a fallback with a warning or a
// typed error listing each file and why; never a silent fresh start or a silent load.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureWarnings } from '@mlrecipe/core';
import { dense, sequential, softmaxCrossEntropy } from '@mlrecipe/nn';
import { sgd } from '@mlrecipe/optim';
import { tf, useBackend } from '@mlrecipe/tensor';
import { beforeAll, expect, it } from 'vitest';
import { train } from '../src/index.js';
import { CheckpointError, checkpoint, loadCheckpoint, resume } from '../src/node.js';
import { blobs } from './helpers/blobs.js';

await useBackend('cpu');

let original = '';
beforeAll(async () => {
  original = mkdtempSync(join(tmpdir(), 'ckpt-matrix-'));
  const result = await train({
    model: sequential([dense({ units: 4, activation: 'relu' }), dense({ units: 2 })]),
    inputShape: [2],
    data: { train: blobs(64, 1), dev: blobs(32, 2) },
    loss: softmaxCrossEntropy,
    optimizer: sgd({ learningRate: 0.1 }),
    batchSize: 32,
    epochs: 3,
    seed: 1,
    progress: 'none',
    ...(await checkpoint(original, { every: 1, keep: 2 })),
  });
  tf.dispose(Object.values(result.params));
  expect(readdirSync(original).sort()).toEqual(['checkpoint-2.json', 'checkpoint-3.json']);
});

/** A copy of the two good checkpoints (epochs 2 and 3). */
function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ckpt-case-'));
  cpSync(original, dir, { recursive: true });
  return dir;
}

/** Rewrites a checkpoint's body with `edit` and a checksum that holds for the new body. */
interface SnapshotJson {
  params: Record<string, { values: unknown[]; shape: number[] }>;
  [field: string]: unknown;
}
function rewriteBody(file: string, edit: (snapshot: SnapshotJson) => void): void {
  const { body } = JSON.parse(readFileSync(file, 'utf8'));
  const snapshot = JSON.parse(body);
  edit(snapshot);
  const next = JSON.stringify(snapshot);
  writeFileSync(file, JSON.stringify({ sha256: createHash('sha256').update(next).digest('hex'), body: next }));
}

const newest = (dir: string) => join(dir, 'checkpoint-3.json');
const older = (dir: string) => join(dir, 'checkpoint-2.json');

const damages: Array<[string, (dir: string) => void, RegExp]> = [
  [
    'truncated to half',
    (d) => writeFileSync(newest(d), readFileSync(newest(d), 'utf8').slice(0, 400)),
    /not JSON \(truncated or overwritten; 400 bytes\)/,
  ],
  ['0 bytes', (d) => writeFileSync(newest(d), ''), /empty file \(0 bytes\)/],
  [
    'a flipped byte',
    (d) => {
      const bytes = readFileSync(newest(d));
      const at = bytes.indexOf('"values":[') + 12; // inside the first weight's digits
      bytes[at] = bytes[at] === 0x31 ? 0x32 : 0x31;
      writeFileSync(newest(d), bytes);
    },
    /checksum mismatch/,
  ],
  [
    'a checksum-valid but malformed body',
    (d) => rewriteBody(newest(d), (s) => (s.params['dense_1/kernel'] = 'oops' as never)),
    /malformed snapshot: params\['dense_1\/kernel'\] is not a saved tensor, got "oops"/,
  ],
  [
    'null weights (NaN written by JSON)',
    (d) => rewriteBody(newest(d), (s) => (s.params['dense_2/kernel']!.values[3] = null)),
    /params\['dense_2\/kernel'\] holds null at index 3 \(weights must be finite numbers\)/,
  ],
  [
    'a weight with the wrong shape for its values',
    (d) => rewriteBody(newest(d), (s) => (s.params['dense_1/kernel']!.shape = [3, 4])),
    /params\['dense_1\/kernel'\] holds 8 values for shape \[3,4\] \(12\)/,
  ],
  [
    'a missing generator state',
    (d) => rewriteBody(newest(d), (s) => delete s.rng),
    /malformed snapshot: rng: rng.setState: not a saved/,
  ],
  [
    'an optimizer state tensor with a null',
    (d) =>
      rewriteBody(newest(d), (s) => {
        s.optimizerState = [{ __tensor: true, shape: [1], dtype: 'float32', values: [null] }];
      }),
    /optimizerState\[0\] holds null at index 0/,
  ],
];

it.each(damages)(
  'newest checkpoint %s: falls back to the previous one, with a warning naming the file and why',
  async (_, damage, why) => {
    const dir = copy();
    damage(dir);
    const { value: snapshot, warnings } = await captureWarnings(() => resume(dir));
    expect(snapshot?.epoch).toBe(2);
    expect(warnings.map((w) => w.code)).toEqual(['CHECKPOINT_SKIPPED']);
    expect(warnings[0]!.message).toContain(`resume: skipped a bad checkpoint, ${newest(dir)}: `);
    expect(warnings[0]!.message).toMatch(why);
    expect(warnings[0]!.details).toMatchObject({ dir, used: older(dir) });
  },
);

it('every file corrupt: a typed error listing each file and why, never a silent fresh start', async () => {
  const dir = copy();
  writeFileSync(newest(dir), '');
  rewriteBody(older(dir), (s) => (s.params['dense_1/bias']!.values[0] = null));
  const error = await resume(dir).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CheckpointError);
  const { rejected, message, code } = error as CheckpointError;
  expect(code).toBe('CHECKPOINT_CORRUPT');
  expect(rejected.map((r) => r.file)).toEqual([newest(dir), older(dir)]);
  expect(rejected[0]!.reason).toBe('empty file (0 bytes)');
  expect(rejected[1]!.reason).toMatch(/params\['dense_1\/bias'\] holds null at index 0/);
  expect(message).toMatch(/^resume: 2 checkpoint file\(s\) in .* and none is usable:/);
  expect(message).toMatch(/pass \{ startFresh: true \}/);
  // checkpoint() (what train uses) refuses in the same way.
  await expect(checkpoint(dir)).rejects.toBeInstanceOf(CheckpointError);
});

it('every file corrupt with startFresh: starts over, and says so', async () => {
  const dir = copy();
  writeFileSync(newest(dir), '');
  writeFileSync(older(dir), 'garbage');
  const { value, warnings } = await captureWarnings(() => resume(dir, { startFresh: true }));
  expect(value).toBeUndefined();
  expect(warnings.map((w) => w.code)).toEqual(['CHECKPOINT_START_FRESH']);
  // The old warn callback is refused with a typed error that says where warnings go now.
  await expect(resume(dir, (() => {}) as never)).rejects.toThrow(/resume: the warn callback .* was removed/);
  expect(warnings[0]!.message).toMatch(
    /none is usable:[\s\S]*checkpoint-3\.json: empty file[\s\S]*starting a new run as asked \(startFresh\)/,
  );
  const options = await checkpoint(dir, { startFresh: true });
  expect(options.resumeFrom).toBeUndefined();
  expect(await loadCheckpoint(join(dir, 'never-written'))).toBeNull(); // no directory: a plain fresh start
});

it('removes temporary files left by a writer that died, keeps those of a running one, and tolerates unknown fields', async () => {
  const dir = copy();
  const dead = spawnSync(process.execPath, ['-e', '']).pid!;
  const stale = join(dir, `checkpoint-4.json.tmp-${dead}`);
  const live = join(dir, `checkpoint-4.json.tmp-${process.pid}`);
  writeFileSync(stale, '{"sha256":"half a');
  writeFileSync(live, '{"sha256":"being written');
  rewriteBody(newest(dir), (s) => (s.earlyStopping = { best: 0.1, wait: 2 })); // a field a later version adds
  const loaded = await loadCheckpoint(dir);
  expect(loaded?.snapshot.epoch).toBe(3);
  expect(loaded?.skipped).toEqual([]);
  expect((loaded!.snapshot as unknown as { earlyStopping: unknown }).earlyStopping).toEqual({ best: 0.1, wait: 2 });
  expect(existsSync(stale)).toBe(false);
  expect(existsSync(live)).toBe(true);
});
