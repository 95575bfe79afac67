#!/usr/bin/env node
// pnpm --filter cat-classifier start [--track synthetic|fashion] [--scale 0.1] [--backend wasm] … (--help lists all)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readCommandLine } from '@mlrecipe/app-cli';
import { report, wordNextSteps } from '@mlrecipe/pipeline';
import { writeReport } from '@mlrecipe/pipeline/node';
import { tf, useBackend } from '@mlrecipe/tensor';
import { CANDIDATES, TINY } from './candidates.js';
import { catProbabilityOfChelsea } from './chelsea.js';
import { catCommand, catSizes, fashionSettings, syntheticSettings } from './cli.js';
import { fashionTrack } from './fashion_track.js';
import type { MismatchData } from './mismatch_data.js';
import { runRecipe } from './recipe.js';
import { CAT_NEXT_STEPS, reportInput } from './report_input.js';
import { syntheticTrack } from './synthetic_track.js';

const args = readCommandLine(catCommand);
const sizes = catSizes(args);
if (args['dry-run']) {
  console.log(
    `would generate ${sizes.web} web + ${sizes.app} app ${args.track === 'synthetic' ? 'SYNTHETIC pictures' : 'Fashion-MNIST photos'}, ` +
      `train ${args.models.join(', ')} for ${args.epochs} epochs each (seed ${args.seed}, backend ${args.backend}), reports in ${args.out}`,
  );
  process.exit(0);
}
const started = performance.now();
const selection = await useBackend(args.backend);
console.log(`backend: ${selection.name} (${selection.reason})`);

let data: MismatchData;
if (args.track === 'fashion') {
  data = await fashionTrack(fashionSettings(args));
} else {
  const t = performance.now();
  data = syntheticTrack(syntheticSettings(args), (done, total) => {
    if (done % 5000 === 0 || done === total) process.stdout.write(`generating pictures: ${done}/${total}\r`);
  });
  console.log(
    `\ngenerated ${data.webCount} web + ${data.appCount} app SYNTHETIC pictures in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
}
const all = [...CANDIDATES, TINY];
const candidates = args.models.map((name) => all.find((c) => c.name === name)!);
const humanLevel = args['human-level'];
const result = await runRecipe(data, {
  candidates,
  epochs: args.epochs,
  seed: args.seed,
  maxLatencyMs: args['max-latency-ms'],
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
for (const [i, step] of wordNextSteps(turn.nextSteps, CAT_NEXT_STEPS).entries()) console.log(`  ${i + 1}. ${step}`);
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
