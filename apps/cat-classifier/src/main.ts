#!/usr/bin/env node
// pnpm --filter cat-classifier start [--track synthetic|fashion] [--full] [--backend wasm] …
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { report } from '@mlrecipe/pipeline';
import { writeReport } from '@mlrecipe/pipeline/node';
import { type BackendName, tf, useBackend } from '@mlrecipe/tensor';
import { CANDIDATES, TINY } from './candidates.js';
import { catProbabilityOfChelsea } from './chelsea.js';
import { fashionTrack } from './fashion_track.js';
import { DEFAULT_SETTINGS, FULL_SIZES } from './generator/generate.js';
import type { MismatchData } from './mismatch_data.js';
import { runRecipe } from './recipe.js';
import { reportInput } from './report_input.js';
import { syntheticTrack } from './synthetic_track.js';

const HELP = `cat-classifier: one turn of the ML recipe on web vs mobile-app pictures.

  --track synthetic|fashion   synthetic cat pictures (default) or real Fashion-MNIST photos (shirt vs not-shirt)
  --web N --app N             pictures from the web and from the app (default 20000 and 1000)
  --scale F                   multiply the default sizes (0.1: 2000 web + 100 app; 10: the course's sizes)
  --full                      the course's sizes: 200000 web, 10000 app (slow)
  --hard-dog-share F          share of dogs that look exactly like cats (default 0.1)
  --label-noise F             share of flipped labels (default 0.02)
  --app-severity F            how badly the app degrades pictures, 0–1 (default 0.6)
  --no-app-in-train           keep app pictures out of training (data mismatch at its worst)
  --models a,b                candidates among ${[...CANDIDATES, TINY].map((c) => c.name).join(', ')} (default: all but tiny-linear)
  --epochs N                  epochs per candidate (default 4)
  --human-level F             human-level error (default: the data's own estimate, explained in the output)
  --max-latency-ms F          satisficing bound per picture (default 20: a phone app's budget for one picture)
  --backend NAME              auto (default: wasm here), wasm, cpu, webgl, cuda, …
  --seed N  --out DIR         seed (default 1); reports directory (default ./reports)
`;

const { values: args } = parseArgs({
  options: {
    track: { type: 'string', default: 'synthetic' },
    web: { type: 'string' },
    app: { type: 'string' },
    scale: { type: 'string' },
    full: { type: 'boolean', default: false },
    'hard-dog-share': { type: 'string' },
    'label-noise': { type: 'string' },
    'app-severity': { type: 'string' },
    'no-app-in-train': { type: 'boolean', default: false },
    models: { type: 'string' },
    epochs: { type: 'string', default: '4' },
    'human-level': { type: 'string' },
    'max-latency-ms': { type: 'string', default: '20' },
    backend: { type: 'string', default: 'auto' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: 'reports' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(HELP);
  process.exit(0);
}
const number = (name: string, value: string | undefined) => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) {
    console.error(`--${name} must be a number, got '${value}'\n\n${HELP}`);
    process.exit(2);
  }
  return n;
};
const started = performance.now();
const selection = await useBackend(args.backend as BackendName | 'auto');
console.log(`backend: ${selection.name} (${selection.reason})`);

const seed = number('seed', args.seed)!;
const sizes = args.full
  ? FULL_SIZES
  : { web: number('web', args.web) ?? DEFAULT_SETTINGS.web, app: number('app', args.app) ?? DEFAULT_SETTINGS.app };
const severity = number('app-severity', args['app-severity']);
let data: MismatchData;
if (args.track === 'fashion') {
  data = await fashionTrack({
    ...(args.web || args.full ? { web: sizes.web } : {}),
    ...(args.app ? { app: sizes.app } : {}),
    ...(severity === undefined ? {} : { appSeverity: severity }),
    seed,
  });
} else if (args.track === 'synthetic') {
  const t = performance.now();
  data = syntheticTrack(
    {
      ...sizes,
      seed,
      ...(severity === undefined ? {} : { appSeverity: severity }),
      ...(args['hard-dog-share'] ? { hardDogShare: number('hard-dog-share', args['hard-dog-share'])! } : {}),
      ...(args['label-noise'] ? { labelNoise: number('label-noise', args['label-noise'])! } : {}),
    },
    (done, total) => {
      if (done % 5000 === 0 || done === total) process.stdout.write(`generating pictures: ${done}/${total}\r`);
    },
  );
  console.log(
    `\ngenerated ${data.webCount} web + ${data.appCount} app SYNTHETIC pictures in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
} else {
  console.error(`--track must be synthetic or fashion, got '${args.track}'\n\n${HELP}`);
  process.exit(2);
}
const names = (args.models ?? CANDIDATES.map((c) => c.name).join(',')).split(',');
const all = [...CANDIDATES, TINY];
const candidates = names.map((name) => {
  const found = all.find((c) => c.name === name);
  if (!found) {
    console.error(`unknown model '${name}'; choose among ${all.map((c) => c.name).join(', ')}`);
    process.exit(2);
  }
  return found;
});
const humanLevel = number('human-level', args['human-level']);
const result = await runRecipe(data, {
  candidates,
  epochs: number('epochs', args.epochs)!,
  seed,
  maxLatencyMs: number('max-latency-ms', args['max-latency-ms'])!,
  noAppInTrain: args['no-app-in-train'],
  ...(humanLevel === undefined ? {} : { humanLevel }),
  onCandidate: (name, i, total) => console.log(`\n— training candidate ${i + 1}/${total}: ${name}`),
});

const pct = (v: number) => `${(100 * v).toFixed(2)} %`;
const { chosen } = result;
const turn = chosen.iteration;
console.log('\nModel choice (optimise dev F1, satisfice latency ≤', args['max-latency-ms'], 'ms per picture):');
for (const c of result.candidates) {
  const rejected = result.rejected.find((r) => r.name === c.name);
  console.log(
    `  ${c === chosen ? '→' : ' '} ${c.name.padEnd(18)} dev F1 ${c.devF1.toFixed(3)} [${c.devF1Interval.low.toFixed(3)}, ${c.devF1Interval.high.toFixed(3)}]  dev error ${pct(c.devError)}  latency ${c.latencyMs.toFixed(2)} ms${rejected ? `  (rejected: ${rejected.reasons.join('; ')})` : ''}`,
  );
}
for (const reason of result.choice) console.log(`  ${reason}`);
const e = turn.evaluation;
// Each error with its 95 % interval: a difference smaller than the intervals' width is not a finding.
const withInterval = (s: typeof e.train) =>
  `${pct(s!.error)} [${pct(s!.errorInterval!.low)}, ${pct(s!.errorInterval!.high)}]`;
console.log(
  `\nErrors of ${chosen.name} (95 % intervals): train ${withInterval(e.train)}, train-dev ${withInterval(e.trainDev)}, dev ${withInterval(e.dev)}, test ${withInterval(e.test)}`,
);
console.log(
  `Dev ${result.split.dev} pictures resolve about ${pct(result.resolvable)} of error rate (95 % confidence, 80 % power).`,
);
console.log(`Human level ${pct(result.humanLevel.value)}: ${result.humanLevel.reason}.`);
console.log(`\nDiagnosis: ${turn.diagnosis.summary}`);
console.log('Next steps:');
for (const [i, step] of turn.nextSteps.entries()) console.log(`  ${i + 1}. ${step}`);
if (turn.errorAnalysis) {
  console.log(
    `\nError analysis of ${turn.errorAnalysis.reviewed} misclassified dev pictures (ground-truth tags; they overlap):`,
  );
  for (const row of turn.errorAnalysis.rows.slice(0, 8))
    console.log(
      `  ${row.tag.padEnd(16)} ${String(row.count).padStart(3)}  ${pct(row.share).padStart(8)} of errors [${pct(row.shareInterval.low)}, ${pct(row.shareInterval.high)}]; dev error if all fixed ${pct(row.ceiling)}`,
    );
  console.log(`Labels: ${turn.labelNoise!.advice[0]}`);
}
const extraNotes: string[] = [];
if (args.track === 'synthetic') {
  const p = await catProbabilityOfChelsea(
    candidates.find((c) => c.name === chosen.name)!.build(),
    turn,
    data.images.shape[1],
  );
  const line = `One real photo (Chelsea, a cat, CC0): the model trained on synthetic pictures says P(cat) = ${p.toFixed(3)}. One photo measures nothing; synthetic cats are cartoons, so do not expect this to transfer.`;
  console.log(`\n${line}`);
  extraNotes.push(line);
}
const dir = resolve(args.out, `${args.track}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
mkdirSync(dir, { recursive: true });
const written = await writeReport(dir, await report(reportInput(data, result, extraNotes)));
// What the data were, beside the report: generator, version, settings (or the real-photo source).
writeFileSync(
  join(dir, 'dataset.json'),
  `${JSON.stringify({ task: data.taskName, webCount: data.webCount, appCount: data.appCount, humanLevel: data.humanLevel, notes: data.notes }, null, 2)}\n`,
);
tf.dispose([...Object.values(turn.params), ...Object.values(turn.state)]);
console.log(`\nreport: ${written.html}`);
console.log(`time: ${((performance.now() - started) / 1000).toFixed(0)} s on ${selection.name}`);
