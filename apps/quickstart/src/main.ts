// The first thing to run: select the best backend here, train a tiny seeded model, say what happened.
import { readCommandLine } from '@mlrecipe/app-cli';
import { countTensors, createRng, useBackend } from '@mlrecipe/tensor';
import { quickstartCommand } from './cli.js';
import { makeBlobs, trainLogisticRegression } from './train_logistic_regression.js';

const args = readCommandLine(quickstartCommand);
const selection = await useBackend(args.backend);
console.log(`backend: ${selection.name} (${selection.reason})`);
if (selection.threads !== undefined)
  console.log(`  threads: ${selection.threads}${selection.threadsNote ? ` (${selection.threadsNote})` : ''}`);
for (const skipped of selection.skipped) console.log(`  skipped ${skipped.name}: ${skipped.reason}`);

const { seed, epochs } = args;
const data = makeBlobs(createRng(seed), 1000);
const started = performance.now();
const result = trainLogisticRegression(data, { steps: epochs, learningRate: 0.5, logEvery: 50 });
const elapsedMs = performance.now() - started;

console.log(
  `\ntrained logistic regression on 1,000 points of two Gaussian blobs (seed ${seed}), ${epochs} full-batch steps:`,
);
console.log(`  loss every 50 steps: ${result.losses.map((l) => l.toFixed(4)).join(' → ')}`);
console.log(`  train accuracy: ${(100 * result.accuracy).toFixed(1)} %`);
console.log(`  weights: [${result.weights.map((v) => v.toFixed(3)).join(', ')}], bias ${result.bias.toFixed(3)}`);
console.log(`  time: ${elapsedMs.toFixed(0)} ms on ${selection.name}; live tensors afterwards: ${countTensors()}`);
