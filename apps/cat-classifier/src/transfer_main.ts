#!/usr/bin/env node
// pnpm --filter cat-classifier transfer [--sizes 20,100,500,2000] [--seeds 1,2] (--help lists all)
// Source task: cat vs not-cat on SYNTHETIC pictures (28 px). Target task: shirt vs not-shirt on real
// Fashion-MNIST photos. Measures whether the cat classifier's layers help the new task at each size.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { readCommandLine } from '@mlrecipe/app-cli';
import { takeRows } from '@mlrecipe/data';
import { report } from '@mlrecipe/pipeline';
import { writeReport } from '@mlrecipe/pipeline/node';
import { tf, useBackend } from '@mlrecipe/tensor';
import { transferCommand } from './cli_transfer.js';
import { fashionTrack } from './fashion_track.js';
import { syntheticTrack } from './synthetic_track.js';
import { trainSource, transferStudy } from './transfer_study.js';

const args = readCommandLine(transferCommand);
const { sizes, seeds } = args;
const started = performance.now();
const backend = await useBackend(args.backend);
console.log(`backend: ${backend.name}`);

const sourceData = syntheticTrack({ size: 28, web: args['source-pictures'], app: 0, seed: 7 });
const source = await trainSource(sourceData, { epochs: 3, seed: 7 });
console.log(
  `source: cnn-8-16 on ${sourceData.labels.length} SYNTHETIC cat pictures (28 px), dev error ${(100 * source.devError).toFixed(1)} %`,
);

// Target rows: the web (undegraded) Fashion-MNIST photos; train pool, dev and test do not overlap.
const fashion = await fashionTrack({ web: Math.max(...sizes) + 1500, app: 0, seed: 3 });
const rows = (from: number, count: number) => Uint32Array.from({ length: count }, (_, i) => from + i);
const part = (r: Uint32Array) => ({
  x: takeRows(fashion.images, r),
  y: { values: Int32Array.from(r, (i) => fashion.labels[i]!), shape: [r.length] },
});
const poolSize = fashion.labels.length - 1500;
const target = {
  train: part(rows(0, poolSize)),
  dev: part(rows(poolSize, 500)),
  test: part(rows(poolSize + 500, 1000)),
};
const comparison = await transferStudy(source, target, { sizes, seeds, onRun: (line) => console.log(line) });

console.log('\nTest error (mean ± sd over seeds) on 1,000 real photos, shirt vs not-shirt:');
console.log(`${'examples'.padEnd(40)} ${sizes.map((s) => String(s).padStart(14)).join('')}`);
for (const curve of comparison.curves) {
  const cells = curve.points.map((p) =>
    `${(100 * p.testError.mean).toFixed(1)} ± ${(100 * p.testError.std).toFixed(1)} %`.padStart(14),
  );
  console.log(`${curve.approach.padEnd(40)} ${cells.join('')}`);
}
const crossings = comparison.crossovers.map((c) => `${c.to} overtakes ${c.from} at ${c.size}`);
console.log(`Best at each size: ${comparison.leaders.map((l) => `${l.size}: ${l.approach}`).join('; ')}`);
console.log(crossings.length ? `Crossovers: ${crossings.join('; ')}` : 'No crossover at these sizes.');
const dir = resolve(args.out, `transfer-${new Date().toISOString().replace(/[:.]/g, '-')}`);
mkdirSync(dir, { recursive: true });
const written = await writeReport(
  dir,
  await report({
    title: 'Transfer learning: cat-classifier layers for shirt vs not-shirt',
    comparison,
    notes: [
      `Source: cnn-8-16 trained on ${sourceData.labels.length} SYNTHETIC cat pictures (28 px). Target: real Fashion-MNIST photos, shirt vs not-shirt; test set of 1,000 photos.`,
      'Measured, not assumed: cartoon cats and clothing photos share only low-level features (edges, blobs), so the gain may be small or negative.',
    ],
  }),
);
tf.dispose([...Object.values(source.params), ...Object.values(source.state)]);
console.log(`\nreport: ${written.html}\ntime: ${((performance.now() - started) / 1000).toFixed(0)} s`);
