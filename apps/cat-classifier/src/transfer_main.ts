#!/usr/bin/env node
// pnpm --filter cat-classifier transfer [--sizes 20,100,500] [--seeds 1,2] (--help lists all)
// Three starting points, measured on two target tasks at several training sizes and seeds:
//   a real pretrained network (MobileNetV3 from a COCO CenterNet detector, frozen, head only),
//   the cat classifier's CNN trained on SYNTHETIC web cats (head only, and all layers fine-tuned),
//   and the same CNN from scratch.
// Targets: (a) SYNTHETIC cats as the phone app takes them (web → app), (b) shirt vs not-shirt on real
// Fashion-MNIST photos (28 px, upscaled for the MobileNetV3 trunk).
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { readCommandLine } from '@mlrecipe/app-cli';
import { takeRows } from '@mlrecipe/data';
import { FASHION_MNIST_DIR } from '@mlrecipe/data/node';
import { rateInterval } from '@mlrecipe/metrics';
import type { Layer } from '@mlrecipe/nn';
import { type Comparison, report, type Split } from '@mlrecipe/pipeline';
import { writeReport } from '@mlrecipe/pipeline/node';
import { tf, useBackend } from '@mlrecipe/tensor';
import { CENTERNET_MISSING, CENTERNET_PROVENANCE, loadCenterNetTrunk } from './centernet_trunk.js';
import { transferCommand } from './cli_transfer.js';
import { fashionTrack } from './fashion_track.js';
import { featureBank } from './feature_bank.js';
import type { MismatchData } from './mismatch_data.js';
import { syntheticTrack } from './synthetic_track.js';
import { TRUNK_APPROACH, trainSource, transferStudy } from './transfer_study.js';

const args = readCommandLine(transferCommand);
const { sizes, seeds } = args;
const started = performance.now();
const backend = await useBackend(args.backend);
console.log(`backend: ${backend.name} (${backend.reason})`);
const DEV = 500;
const TEST = 1000;

const sourceData = syntheticTrack({ size: 28, web: args['source-pictures'], app: 0, seed: 7 });
const source = await trainSource(sourceData, { epochs: 3, seed: 7 });
console.log(
  `source CNN: cnn-8-16 on ${sourceData.labels.length} SYNTHETIC web cat pictures (28 px), dev error ${(100 * source.devError).toFixed(1)} %`,
);
const trunk: Layer | null = args['trunk-size'] === 0 ? null : await loadCenterNetTrunk(args['trunk-size']);
console.log(
  trunk === null
    ? `pretrained trunk: NOT RUN: ${args['trunk-size'] === 0 ? '--trunk-size 0' : CENTERNET_MISSING}`
    : `pretrained trunk: ${CENTERNET_PROVENANCE}; pictures upscaled to ${args['trunk-size']} px`,
);

/** Train pool (the largest size), dev and test rows of a track, in that order and without overlap. */
function splitsOf(data: MismatchData, first: number) {
  const part = (from: number, count: number): Split => {
    const rows = Uint32Array.from({ length: count }, (_, i) => first + from + i);
    return {
      x: takeRows(data.images, rows),
      y: { values: Int32Array.from(rows, (i) => data.labels[i]!), shape: [count] },
    };
  };
  const pool = Math.max(...sizes);
  return { train: part(0, pool), dev: part(pool, DEV), test: part(pool + DEV, TEST) };
}

/**
 * Mean test error over seeds with the 95 % Wilson interval of a rate measured on the test set's
 * pictures: its sampling error. The seeds share those pictures, so they are not pooled into a
 * larger n (that would claim a precision the test set does not have); their spread is in the curves.
 */
function cell(values: readonly number[]): string {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const r = rateInterval(Math.round(mean * TEST), TEST);
  return `${(100 * r.value).toFixed(1)} [${(100 * r.low).toFixed(1)}–${(100 * r.high).toFixed(1)}]`;
}

/** Each curve's points as one line with their intervals, for the report. */
function intervalLines(comparison: Comparison): string[] {
  return comparison.curves.map(
    (c) =>
      `${c.approach}, test error % [95 % interval]: ${c.points.map((p) => `${p.size} examples ${cell(p.testError.values)}`).join('; ')}`,
  );
}

async function study(title: string, target: ReturnType<typeof splitsOf>): Promise<Comparison> {
  console.log(`\n${title}`);
  const bank =
    trunk === null
      ? undefined
      : await featureBank(trunk, [target.train, target.dev, target.test], target.train.x.shape.slice(1));
  if (bank !== undefined) console.log(`  MobileNetV3 features cached once per picture: [${bank.featureShape}] each`);
  const comparison = await transferStudy(source, target, {
    sizes,
    seeds,
    onRun: (line) => console.log(`  ${line}`),
    ...(bank === undefined ? {} : { trunk: bank }),
  });
  console.log(`  test error %, mean of ${seeds.length} seed(s) [95 % interval of a rate on ${TEST} test pictures]:`);
  console.log(`  ${'examples'.padEnd(48)} ${sizes.map((s) => String(s).padStart(20)).join('')}`);
  for (const curve of comparison.curves)
    console.log(
      `  ${curve.approach.padEnd(48)} ${curve.points.map((p) => cell(p.testError.values).padStart(20)).join('')}`,
    );
  console.log(`  best at each size: ${comparison.leaders.map((l) => `${l.size}: ${l.approach}`).join('; ')}`);
  return comparison;
}

/** What the curves say, in numbers: each starting point against training from scratch, at each size. */
function closingNote(comparison: Comparison): string {
  const scratch = comparison.curves.find((c) => c.approach === 'from scratch')!;
  const parts = comparison.curves
    .filter((c) => c !== scratch)
    .map((c) => {
      const gaps = c.points.map((p, i) => {
        const gain = 100 * (scratch.points[i]!.testError.mean - p.testError.mean);
        return `${p.size}: ${gain >= 0 ? '−' : '+'}${Math.abs(gain).toFixed(1)} pt`;
      });
      return `${c.approach} vs from scratch (test error change) ${gaps.join(', ')}`;
    });
  return `Measured: ${parts.join('; ')}. A change smaller than the intervals' width is no evidence of a gain or a loss.`;
}

const runs: Array<{ slug: string; title: string; comparison: Comparison; notes: string[] }> = [];
const appCats = syntheticTrack({ size: 28, web: 0, app: Math.max(...sizes) + DEV + TEST, seed: 8 });
const appTitle = '(a) SYNTHETIC cats as the app takes them (source CNN trained on web pictures)';
const appComparison = await study(appTitle, splitsOf(appCats, 0));
runs.push({
  slug: 'a-synthetic-web-to-app',
  title: appTitle,
  comparison: appComparison,
  notes: [
    `Target: cat vs not-cat on SYNTHETIC app pictures (28 px, degraded framing, blur and light); test set of ${TEST} pictures, dev ${DEV}.`,
    ...intervalLines(appComparison),
    closingNote(appComparison),
  ],
});
if (existsSync(FASHION_MNIST_DIR)) {
  const fashion = await fashionTrack({ web: Math.max(...sizes) + DEV + TEST, app: 0, seed: 3 });
  const title = '(b) shirt vs not-shirt on real Fashion-MNIST photos';
  const comparison = await study(title, splitsOf(fashion, 0));
  runs.push({
    slug: 'b-fashion-shirt',
    title,
    comparison,
    notes: [
      `Target: shirt vs not-shirt on real Fashion-MNIST photos (28 px grey as RGB${trunk === null ? '' : `, upscaled to ${args['trunk-size']} px for the trunk`}); test set of ${TEST} photos, dev ${DEV}.`,
      ...intervalLines(comparison),
      closingNote(comparison),
    ],
  });
} else {
  console.log(`\n(b) Fashion-MNIST: NOT RUN: ${FASHION_MNIST_DIR} is missing (apt-get install dataset-fashion-mnist)`);
}

const dir = resolve(args.out, `transfer-${new Date().toISOString().replace(/[:.]/g, '-')}`);
const provenance = [
  `Starting points: ${trunk === null ? '' : `${TRUNK_APPROACH} (${CENTERNET_PROVENANCE}; a graph model, so head only: it cannot be fine-tuned); `}the cat classifier's CNN (cnn-8-16) trained on ${sourceData.labels.length} SYNTHETIC web cat pictures (head only, and all layers fine-tuned); the same CNN from scratch.`,
  'Learning curves: mean test error over seeds at each training size; the console table gives the 95 % Wilson interval of each mean test error on the test set (its sampling error; the seeds share the test set, so they are not pooled); the spread over seeds is in the curves.',
];
for (const run of runs) {
  const out = resolve(dir, run.slug);
  mkdirSync(out, { recursive: true });
  const written = await writeReport(
    out,
    await report({
      title: `Transfer learning: ${run.title}`,
      comparison: run.comparison,
      notes: [...provenance, ...run.notes],
    }),
  );
  console.log(`\n${run.title}\n  ${run.notes.at(-1)}\n  report: ${written.html}`);
}
tf.dispose([...Object.values(source.params), ...Object.values(source.state)]);
console.log(`\ntime: ${((performance.now() - started) / 1000).toFixed(0)} s`);
