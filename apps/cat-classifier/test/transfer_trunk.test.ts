// The pretrained MobileNetV3 trunk in the transfer study (needs the optional dependency
// @vladmandic/human, which the workspace installs; elsewhere the tests are reported NOT RUN).

import { readFile } from 'node:fs/promises';
import { decodeImage, takeRows } from '@mlrecipe/data';
import { PipelineError } from '@mlrecipe/pipeline';
import { countTensors, tf, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { CENTERNET_MISSING, loadCenterNet, loadCenterNetTrunk } from '../src/centernet_trunk.js';
import { CHELSEA } from '../src/chelsea.js';
import { featureBank } from '../src/feature_bank.js';
import { syntheticTrack } from '../src/synthetic_track.js';
import { TRUNK_APPROACH, trainSource, transferStudy } from '../src/transfer_study.js';

await useBackend('wasm');
const trunk = await loadCenterNetTrunk(64);
if (trunk === null && process.env.CI)
  throw new Error(`CI must install the workspace's optional dependencies: ${CENTERNET_MISSING}`);
if (trunk === null) console.warn(`cat-classifier transfer trunk tests NOT RUN: ${CENTERNET_MISSING}`);
const ready = trunk !== null;

const cats = syntheticTrack({ size: 28, web: 0, app: 260, seed: 8 });
const part = (from: number, count: number) => {
  const rows = Uint32Array.from({ length: count }, (_, i) => from + i);
  return {
    x: takeRows(cats.images, rows),
    y: { values: Int32Array.from(rows, (r) => cats.labels[r]!), shape: [count] },
  };
};
const target = { train: part(0, 60), dev: part(60, 100), test: part(160, 100) };

it.runIf(ready)(
  'caches 120 MobileNetV3 features per picture once, and finds them again by the picture',
  async () => {
    const before = countTensors();
    const bank = await featureBank(trunk!, [target.train, target.dev], [28, 28, 3]);
    expect(bank.featureShape).toEqual([120]);
    const features = bank.features(target.dev);
    expect(features.x.shape).toEqual([100, 120]);
    expect(features.y).toBe(target.dev.y);
    // A subset (copies of rows, reordered) gets the same features as the rows it copies.
    const subset = { x: takeRows(target.dev.x, Uint32Array.from([5, 2])), y: target.dev.y };
    const picked = Array.from(bank.features(subset).x.values);
    expect(picked.slice(0, 120)).toEqual(Array.from(features.x.values).slice(5 * 120, 6 * 120));
    expect(() => bank.features(target.test)).toThrow(PipelineError);
    expect(countTensors()).toBe(before);
  },
  120_000,
);

it.runIf(ready)(
  'the study adds a head on the frozen MobileNetV3 features beside the three CNN starting points, seeded and repeatable',
  async () => {
    const before = countTensors();
    const source = await trainSource(syntheticTrack({ size: 28, web: 300, app: 0, seed: 7 }), { epochs: 1, seed: 7 });
    const bank = await featureBank(trunk!, [target.train, target.dev, target.test], [28, 28, 3]);
    const options = { sizes: [20, 60], seeds: [1], stepsPerRun: 20, trunk: bank };
    const first = await transferStudy(source, target, options);
    expect(first.curves.map((c) => c.approach)).toEqual([
      'new head on frozen source layers',
      'all layers fine-tuned from the source',
      'from scratch',
      TRUNK_APPROACH,
    ]);
    const onTrunk = (c: typeof first) =>
      c.curves.find((k) => k.approach === TRUNK_APPROACH)!.points.map((p) => p.testError.mean);
    const again = await transferStudy(source, target, options);
    expect(onTrunk(again)).toEqual(onTrunk(first));
    for (const e of onTrunk(first)) expect(e).toBeLessThan(0.5 + 0.1); // trained, not diverged: near or under chance on 100 pictures
    tf.dispose([...Object.values(source.params), ...Object.values(source.state)]);
    expect(countTensors()).toBe(before);
  },
  300_000,
);

it.runIf(ready)(
  'the loaded weights are the detector they claim to be: on the one real cat photo, its top detection is COCO class 15, cat',
  async () => {
    const graph = (await loadCenterNet())!;
    const photo = decodeImage(new Uint8Array(await readFile(CHELSEA)), { channels: 3 });
    const before = countTensors();
    const top = tf.tidy(() => {
      // As @vladmandic/human feeds it: RGB 0–255, padded to a square (not stretched), 512 px.
      const x = tf.tensor(Float32Array.from(photo.values), [1, photo.height, photo.width, 3]);
      const side = Math.max(photo.width, photo.height);
      const padded = tf.pad(x, [
        [0, 0],
        [0, side - photo.height],
        [0, side - photo.width],
        [0, 0],
      ]);
      const input = tf.image.resizeBilinear(padded as tf.Tensor4D, [512, 512]);
      // Rows of [1, 100, 6]: box (4), score, class; sorted by score.
      const detections = (graph.execute(input, 'tower_0/detections') as tf.Tensor).arraySync() as number[][][];
      return detections[0]!.reduce((best, d) => (d[4]! > best[4]! ? d : best));
    });
    console.log(`CenterNet on chelsea.png: class ${top[5]}, score ${top[4]!.toFixed(2)}`);
    expect(top[5]).toBe(15);
    expect(top[4]).toBeGreaterThan(0.3);
    expect(countTensors()).toBe(before);
  },
  120_000,
);
