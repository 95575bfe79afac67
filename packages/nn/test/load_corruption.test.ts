// loadModel on damaged files: every kind of damage is an NnError that says what is wrong, and no
// variable is made (no tensor left behind).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countTensors, createRng, tf, useBackend } from '@mlrecipe/tensor';
import { beforeAll, expect, it } from 'vitest';
import { batchNorm, dense, loadModel, NnError, saveModel, sequential } from '../src/index.js';
import { fileHandler } from '../src/node.js';

await useBackend('wasm');

let good = '';
beforeAll(async () => {
  const model = sequential([dense({ units: 3, activation: 'relu' }), batchNorm(), dense({ units: 2 })]);
  const variables = model.init([4], createRng(3));
  good = mkdtempSync(join(tmpdir(), 'mlrecipe-corrupt-'));
  await saveModel(model, variables, [4], fileHandler(good));
  tf.dispose([...Object.values(variables.params), ...Object.values(variables.state)]);
});

/** A copy of the good model with `damage` applied to its files. */
function damaged(damage: (files: { json: string; bin: Buffer }) => { json?: string; bin?: Buffer }): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlrecipe-corrupt-'));
  const files = { json: readFileSync(join(good, 'model.json'), 'utf8'), bin: readFileSync(join(good, 'weights.bin')) };
  const out = { ...files, ...damage(files) };
  writeFileSync(join(dir, 'model.json'), out.json);
  writeFileSync(join(dir, 'weights.bin'), out.bin);
  return dir;
}

interface Manifest {
  modelTopology: { layers: Array<{ kind: string; config: Record<string, unknown> }>; weightsSha256?: string };
  weightsManifest: Array<{ weights: Array<{ shape: number[] }> }>;
}
const editJson = (json: string, edit: (m: Manifest) => void) => {
  const manifest = JSON.parse(json) as Manifest;
  edit(manifest);
  return JSON.stringify(manifest);
};

type Damage = Parameters<typeof damaged>[0];
const cases: Array<[string, Damage, RegExp]> = [
  [
    'weights.bin empty',
    () => ({ bin: Buffer.alloc(0) }),
    /weights hold 0 bytes but their specs describe 140; .*truncated/,
  ],
  [
    'weights.bin cut in half',
    ({ bin }) => ({ bin: bin.subarray(0, 70) }),
    /weights hold 70 bytes but their specs describe 140/,
  ],
  ['model.json empty', () => ({ json: '' }), /cannot read the saved model: .*JSON/],
  ['model.json cut short', ({ json }) => ({ json: json.slice(0, json.length / 2) }), /cannot read the saved model/],
  [
    'a flipped byte in weights.bin',
    ({ bin }) => {
      const copy = Buffer.from(bin);
      copy[7]! ^= 0x10;
      return { bin: copy };
    },
    /the weights' SHA-256 is [0-9a-f]{64}, the model says [0-9a-f]{64}; the weights file is corrupt/,
  ],
  [
    'a layer config edited (units 3 → 5)',
    ({ json }) => ({ json: editJson(json, (m) => (m.modelTopology.layers[0]!.config.units = 5)) }),
    /weights do not fit the saved layers: 'dense_1\/kernel' is saved as \[4,3\] but the layers make it \[4,5\]/,
  ],
  [
    'a weight spec with another shape',
    ({ json }) => ({ json: editJson(json, (m) => (m.weightsManifest[0]!.weights[0]!.shape = [3, 4])) }),
    /'dense_1\/kernel' is saved as \[3,4\] but the layers make it \[4,3\]/,
  ],
  [
    'NaN weights in a file without a checksum',
    ({ json, bin }) => {
      const copy = Buffer.from(bin);
      copy.writeFloatLE(Number.NaN, 8);
      return { json: editJson(json, (m) => delete m.modelTopology.weightsSha256), bin: copy };
    },
    /weight value NaN at byte 8; the saved weights are not finite/,
  ],
  [
    'an unknown layer kind',
    ({ json }) => ({ json: editJson(json, (m) => (m.modelTopology.layers[1]!.kind = 'transformerBlock')) }),
    /layer 1 has an unknown kind "transformerBlock"/,
  ],
  [
    'a bad layer config',
    ({ json }) => ({ json: editJson(json, (m) => (m.modelTopology.layers[1]!.config.momentum = 7)) }),
    /layer 1 \(batchNorm\) has a bad config: batchNorm: momentum must be a number in \[0, 1\), got 7/,
  ],
  [
    'a missing weight',
    ({ json, bin }) => ({
      json: editJson(json, (m) => {
        m.weightsManifest[0]!.weights.pop();
        delete m.modelTopology.weightsSha256;
      }),
      bin: bin.subarray(0, bin.length - 12),
    }),
    /missing 'state:batchNorm_1\/movingVariance'/,
  ],
];

it.each(cases)('%s: a typed error that says what is wrong, and no tensor made', async (_, damage, message) => {
  const dir = damaged(damage);
  const before = countTensors();
  const error = await loadModel(fileHandler(dir)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NnError);
  expect((error as Error).message).toMatch(/^loadModel: /);
  expect((error as Error).message).toMatch(message);
  expect(countTensors()).toBe(before);
});

it('a missing directory is a typed error too, and the untouched copy still loads', async () => {
  await expect(loadModel(fileHandler(join(good, 'nowhere')))).rejects.toThrow(
    /loadModel: cannot read the saved model: ENOENT/,
  );
  const loaded = await loadModel(fileHandler(good));
  expect(loaded.model.names).toEqual(['dense_1', 'batchNorm_1', 'dense_2']);
  tf.dispose([...Object.values(loaded.params), ...Object.values(loaded.state)]);
});

it('saving removes temporary files a killed writer left, and keeps those of a running one', async () => {
  const dir = damaged(() => ({}));
  const dead = spawnSync(process.execPath, ['-e', '']).pid!;
  writeFileSync(join(dir, `weights.bin.tmp-${dead}`), 'half');
  writeFileSync(join(dir, `model.json.tmp-${process.ppid}`), 'being written'); // the parent runner: alive
  const loaded = await loadModel(fileHandler(dir));
  await saveModel(loaded.model, loaded, loaded.inputShape, fileHandler(dir));
  tf.dispose([...Object.values(loaded.params), ...Object.values(loaded.state)]);
  expect(readdirSync(dir).sort()).toEqual([`model.json.tmp-${process.ppid}`, 'model.json', 'weights.bin'].sort());
});
