import { FASHION_MNIST_DIR } from '@mlrecipe/data/node';
import { countTensors, tf, useBackend } from '@mlrecipe/tensor';
import { systemResource } from '@mlrecipe/tensor/testing';
import { expect, it } from 'vitest';
import { fashionTrack } from '../src/fashion_track.js';
import { syntheticTrack } from '../src/synthetic_track.js';
import { trainSource, transferStudy } from '../src/transfer_study.js';

const fashion = systemResource(FASHION_MNIST_DIR, 'dataset-fashion-mnist', 'cat-classifier fashion track');

it('tags synthetic pictures for error analysis from their ground truth', () => {
  const data = syntheticTrack({ web: 200, app: 200, seed: 4, labelNoise: 0.1, hardDogShare: 0.5 });
  const generated = data.tags;
  expect(generated.filter((t) => t.includes('mislabeled')).length).toBeGreaterThan(0);
  expect(generated.slice(0, 200).some((t) => t.includes('blurry'))).toBe(false); // web pictures are sharp
  expect(generated.slice(200).some((t) => t.includes('blurry'))).toBe(true);
  expect(data.notes[0]).toMatch(/^All pictures are SYNTHETIC, drawn by .* v1\.1\.0/);
  expect(data.humanLevel.value).toBeCloseTo(0.1 + 0.8 * 0.25 * 0.5, 12);
});

it.runIf(fashion)(
  'builds the real-photo track: half shirts, app photos degraded and tagged, honest task name',
  async () => {
    const data = await fashionTrack({ web: 400, app: 100, seed: 2 });
    expect(data.taskName).toBe('shirt vs not-shirt (real Fashion-MNIST photos)');
    expect(data.images.shape).toEqual([500, 28, 28, 3]);
    expect(data.labels.slice(0, 400).reduce((s, v) => s + v, 0)).toBe(200);
    expect(data.labels.slice(400).reduce((s, v) => s + v, 0)).toBe(50);
    expect(data.tags.slice(0, 400).every((t) => t.length === 1)).toBe(true); // only the class name
    expect(data.tags.slice(400).some((t) => t.length > 1)).toBe(true);
    for (const [i, t] of data.tags.entries()) expect(t[0] === 'Shirt').toBe(data.labels[i] === 1);
  },
);

it.runIf(fashion)(
  'measures transfer at each size: frozen head, fine-tuned and from scratch, on the same subsets',
  async () => {
    await useBackend('wasm');
    const before = countTensors();
    const source = await trainSource(syntheticTrack({ size: 28, web: 600, app: 0, seed: 7 }), { epochs: 1, seed: 7 });
    const target = await fashionTrack({ web: 700, app: 0, seed: 3 });
    const { takeRows } = await import('@mlrecipe/data');
    const part = (from: number, count: number) => {
      const rows = Uint32Array.from({ length: count }, (_, i) => from + i);
      return {
        x: takeRows(target.images, rows),
        y: { values: Int32Array.from(rows, (r) => target.labels[r]!), shape: [count] },
      };
    };
    const comparison = await transferStudy(
      source,
      { train: part(0, 400), dev: part(400, 100), test: part(500, 200) },
      { sizes: [20, 100], seeds: [1], stepsPerRun: 60 },
    );
    expect(comparison.curves.map((c) => c.approach)).toEqual([
      'new head on frozen source layers',
      'all layers fine-tuned from the source',
      'from scratch',
    ]);
    for (const c of comparison.curves) {
      expect(c.points.map((p) => p.size)).toEqual([20, 100]);
      // Every approach learns something: better than chance (half the photos are shirts) at 100 examples.
      expect(c.points[1]!.testError.mean).toBeLessThan(0.45);
    }
    tf.dispose([...Object.values(source.params), ...Object.values(source.state)]);
    expect(countTensors()).toBe(before);
  },
  120_000,
);
