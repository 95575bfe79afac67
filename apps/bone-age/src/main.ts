#!/usr/bin/env node
// pnpm --filter bone-age start [--sizes 100,300,1000,3000] [--seeds 1,2] [--full] [--fov fixed|fitted] [--machine-shift] (--help lists all)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readCommandLine } from '@mlrecipe/app-cli';
import { takeRows } from '@mlrecipe/data';
import { diagnose, NEXT_STEPS } from '@mlrecipe/diagnostics';
import { type CurvePoint, compareApproaches, type Leader, report } from '@mlrecipe/pipeline';
import { writeReport } from '@mlrecipe/pipeline/node';
import { tf, useBackend } from '@mlrecipe/tensor';
import { endToEnd, fromLocator, oracleStepTwo, targets, trainLocator, twoStep } from './approaches.js';
import { boneAgeCommand, boneAgeSizes } from './cli.js';
import { generateHands } from './generator/dataset.js';

const args = readCommandLine(boneAgeCommand);
const sizes = boneAgeSizes(args);
const seeds = [...args.seeds];
const started = performance.now();
const backend = await useBackend(args.backend);
console.log(`backend: ${backend.name}`);
const settings = {
  fov: args.fov,
  jitter: args.jitter,
  raterNoise: args['rater-noise'],
};
const largest = Math.max(...sizes);
// The recipe's sets: training pool, train-dev (training distribution, never trained on), dev (choices
// and the diagnosis), test (final figures only).
const SETS = { trainDev: 500, dev: 500, test: 1000 } as const;
const t = performance.now();
const data = generateHands({ ...settings, count: largest + SETS.trainDev + SETS.dev + SETS.test, seed: 1 });
const size = data.images.shape[1];
console.log(
  `generated ${data.labels.length} SYNTHETIC hand radiographs (${size} px) in ${((performance.now() - t) / 1000).toFixed(0)} s`,
);
const floor = data.meta.bayesFloor;
console.log(
  `Bayes floor (every bone's maturity read perfectly): MAE ${floor.toFixed(3)} years — the human-level proxy`,
);

const y = targets(data.labels, data.truth.keypoints, size);
const rows = (from: number, n: number) => Uint32Array.from({ length: n }, (_, i) => from + i);
const part = (r: Uint32Array, source = data, target = y) => ({ x: takeRows(source.images, r), y: takeRows(target, r) });
const trainPool = part(rows(0, largest));
const trainDev = part(rows(largest, SETS.trainDev));
const dev = part(rows(largest + SETS.trainDev, SETS.dev));
const test = part(rows(largest + SETS.trainDev + SETS.dev, SETS.test));
const ORACLE = 'oracle: step 2 at true keypoints (upper bound)';
const approaches = [endToEnd(), twoStep(size), oracleStepTwo(size)];
let locator: Awaited<ReturnType<typeof trainLocator>> | undefined;
if (args.transfer) {
  // Task A: locate bones, trained once on the whole pool's keypoints; task B: age, at each size.
  locator = await trainLocator(trainPool, dev, size, 11);
  approaches.push(fromLocator(locator, size, 'all-but-head'), fromLocator(locator, size, 'none'));
  console.log(`transfer source: the bone locator trained on ${largest} pictures' keypoints`);
}
const comparison = await compareApproaches({
  approaches,
  references: [ORACLE],
  data: { train: trainPool, trainDev, dev, test },
  sizes,
  seeds,
  onRun: (r) =>
    console.log(
      `${r.approach.padEnd(48)} ${String(r.size).padStart(6)} examples, seed ${r.seed}: MAE train ${r.trainError.toFixed(2)}, dev ${r.devError!.toFixed(2)} years (${r.seconds.toFixed(0)} s)`,
    ),
});

type Interval = NonNullable<CurvePoint['intervals']>['dev'];
const withInterval = (i: Interval) =>
  i === undefined ? '' : `${i.value.toFixed(2)} [${i.low.toFixed(2)}, ${i.high.toFixed(2)}]`;
console.log(
  `\nDev MAE in years, mean over seeds ${seeds.join(', ')} [95 % bootstrap interval over the ${SETS.dev} dev pictures]; Bayes floor ${floor.toFixed(2)}:`,
);
console.log(`${'training examples'.padEnd(48)}${sizes.map((s) => String(s).padStart(20)).join('')}`);
for (const c of comparison.curves)
  console.log(`${c.approach.padEnd(48)}${c.points.map((p) => withInterval(p.intervals?.dev).padStart(20)).join('')}`);
const choice = (l: Leader) =>
  `${l.size}: ${l.approach}${l.margin ? ` by ${l.margin.value.toFixed(2)} [${l.margin.low.toFixed(2)}, ${l.margin.high.toFixed(2)}] years over ${l.runnerUp}` : ''} — ${l.decided ? 'the data support it' : 'the data cannot tell them apart'}`;
const choices = comparison.leaders.map(choice);
console.log(`Chosen on dev at each size (the oracle is a reference, never chosen):\n  ${choices.join('\n  ')}`);
const crossings = comparison.crossovers.map((c) => `${c.to} overtakes ${c.from} at ${c.size}`);
const where =
  crossings.length > 0
    ? crossings.join('; ')
    : `no crossover: ${comparison.leaders[0]!.approach} leads on dev at every size run (${sizes.join(', ')})`;
console.log(`Between the systems: ${where}.`);
const measured = (p: CurvePoint, set: 'train' | 'trainDev' | 'dev' | 'test') => {
  const i = p.intervals![set]!;
  return { value: i.value, standardError: i.standardError, n: i.n };
};
const diagnosisRows = comparison.curves.flatMap((c) =>
  c.points.map((p) => {
    const d = diagnose({
      humanLevel: floor,
      train: measured(p, 'train'),
      trainDev: measured(p, 'trainDev'),
      dev: measured(p, 'dev'),
      unit: 'years',
    });
    return [
      c.approach,
      String(p.size),
      withInterval(p.intervals?.train),
      withInterval(p.intervals?.trainDev),
      withInterval(p.intervals?.dev),
      d.focus === 'none'
        ? 'nothing stands out'
        : d.tiedWith.length > 0
          ? `${d.focus} or ${d.tiedWith.join(' or ')}`
          : d.focus,
      // The focus's own first step (nextSteps lists every problem's steps, avoidable bias first).
      d.focus === 'none' ? '' : (NEXT_STEPS[d.focus][0] ?? ''),
    ];
  }),
);
const finalRows = comparison.curves.map((c) => [c.approach, ...c.points.map((p) => withInterval(p.intervals?.test))]);
console.log(
  `\nFinal figures, test MAE in years (${SETS.test} pictures never used for a choice) [95 % interval]:\n${finalRows
    .map(
      (r) =>
        `  ${r[0]!.padEnd(48)}${r
          .slice(1)
          .map((v) => v.padStart(20))
          .join('')}`,
    )
    .join('\n')}`,
);
const notes = [
  `All radiographs are SYNTHETIC, drawn by ${data.meta.generator} v${data.meta.version} with ${JSON.stringify(data.meta.settings)}; ages and growth timings are approximate textbook figures. Not medical data.`,
  `The Bayes floor, ${floor.toFixed(3)} years MAE, is what reading every bone's maturity perfectly would leave (per-bone jitter ${settings.jitter} y over 21 bones, rater noise ${settings.raterNoise} y): the human-level proxy of the diagnoses.`,
  `Annotation cost: the two-step pipeline needs ${data.meta.keypointNames.length} keypoints per training picture besides the age; end-to-end needs the age only.`,
  `Sets: a training pool of ${largest} (nested subsets per size), a train-dev set of ${SETS.trainDev} from the same pictures' distribution (never trained on), a dev set of ${SETS.dev} for the choices and the diagnoses, and a test set of ${SETS.test} for the final figures only. Intervals are 95 % percentile bootstraps over each set's pictures (each picture's error averaged over seeds); they say how sure a figure is given the pictures measured, the ± over seeds how much it is luck.`,
  `Chosen on dev at each size: ${choices.join('; ')}. The oracle uses true keypoints on every set: an upper bound for step 2, not a system, so it is never chosen.`,
];
if (args['machine-shift']) {
  const shifted = generateHands({ ...settings, count: 1000, seed: 99, machine: 'shifted' });
  const shiftedTest = part(rows(0, 1000), shifted, targets(shifted.labels, shifted.truth.keypoints, size));
  const onShift = await compareApproaches({
    approaches: approaches.slice(0, 2),
    data: { train: trainPool, dev, test: shiftedTest },
    sizes: [largest],
    seeds: [seeds[0]!],
  });
  for (const c of onShift.curves) {
    const usual = comparison.curves.find((u) => u.approach === c.approach)!.points.at(-1)!.testError.values[0]!;
    const line = `Different X-ray machine: ${c.approach} at ${largest} examples, test MAE ${usual.toFixed(2)} → ${withInterval(c.points[0]!.intervals?.test)} years (data mismatch).`;
    console.log(line);
    notes.push(line);
  }
}
const dir = resolve(args.out, `bone-age-${new Date().toISOString().replace(/[:.]/g, '-')}`);
mkdirSync(dir, { recursive: true });
const written = await writeReport(
  dir,
  await report({
    title: 'Bone age: two-step pipeline vs end-to-end, on learning curves',
    task: 'regression',
    comparison,
    humanLevel: floor,
    notes,
    tables: [
      {
        title: 'Diagnosis per approach and size (MAE in years, 95 % intervals)',
        head: ['approach', 'examples', 'train', 'train-dev', 'dev', 'focus', 'next step'],
        rows: diagnosisRows,
      },
      {
        title: 'Final figures: test MAE in years (95 % intervals)',
        head: ['approach', ...sizes.map((n) => `${n} examples`)],
        rows: finalRows,
      },
    ],
  }),
);
if (locator) tf.dispose([...Object.values(locator.params), ...Object.values(locator.state)]);
writeFileSync(join(dir, 'dataset.json'), `${JSON.stringify(data.meta, null, 2)}\n`);
console.log(
  `\nreport: ${written.html}\ntime: ${((performance.now() - started) / 1000).toFixed(0)} s on ${backend.name}`,
);
