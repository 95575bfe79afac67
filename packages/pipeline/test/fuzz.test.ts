// Generated bad inputs at pipeline's public entries (seeded): train's options, evaluate, scheduled,
// progress, and the checkpoint entries of '@mlrecipe/pipeline/node'. Each must give a typed
// MlrecipeError before any work: no raw error, NaN, hang or leaked tensor. `pnpm fuzz` runs 1,000+.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dense, sequential, softmaxCrossEntropy } from '@mlrecipe/nn';
import { sgd } from '@mlrecipe/optim';
import { createRng, useBackend } from '@mlrecipe/tensor';
import {
  type BadInputCase,
  badInput,
  badName,
  badOptions,
  badPositiveInteger,
  fuzzCaseCount,
  nonFinite,
  notANumber,
  runBadInputs,
} from '@mlrecipe/tensor/testing';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { evaluate, lineProgress, progressFor, scheduled, train } from '../src/index.js';
import { checkpoint, loadCheckpoint, resume, saveCheckpoint } from '../src/node.js';
import { blobs } from './helpers/blobs.js';

await useBackend('cpu');

const entry = badInput;
const model = sequential([dense({ units: 3, activation: 'tanh' }), dense({ units: 2 })]);
const variables = model.init([2], createRng(1));
const base = {
  model,
  inputShape: [2],
  data: { train: blobs(16, 1), dev: blobs(8, 2) },
  loss: softmaxCrossEntropy,
  optimizer: sgd({ learningRate: 0.1 }),
  epochs: 1,
  batchSize: 8,
  seed: 1,
  progress: 'none' as const,
};
const corrupt = mkdtempSync(join(tmpdir(), 'mlrecipe-fuzz-ckpt-'));
writeFileSync(join(corrupt, 'checkpoint-1.json'), 'garbage');
const notAFunction = notANumber.filter((v) => typeof v !== 'function');
const badSplit: fc.Arbitrary<unknown> = fc.oneof(
  notANumber,
  fc.constant({ x: blobs(8, 3).x }),
  fc.constant({ x: { values: new Float32Array(6), shape: [3, 2] }, y: { values: new Int32Array(4), shape: [4] } }),
  fc.constant({ x: { values: new Float32Array(6), shape: [2, 3] }, y: { values: new Int32Array(2), shape: [2] } }),
  fc.constant({
    x: { values: Float32Array.of(1, Number.NaN), shape: [1, 2] },
    y: { values: Int32Array.of(0), shape: [1] },
  }),
  fc.constant({ x: { values: new Float32Array(2), shape: [1, 2] }, y: { values: Int32Array.of(5), shape: [1] } }),
  fc.constant({ x: { values: new Float32Array(2), shape: [1, 2] }, y: { values: Float32Array.of(0.5), shape: [1] } }),
);

const arbitraries: fc.Arbitrary<BadInputCase>[] = [
  fc
    .oneof(
      fc.record({ epochs: badPositiveInteger }),
      fc.record({ batchSize: badPositiveInteger }),
      fc.record({ seed: fc.oneof(fc.constant(-1), fc.constant(1.5), nonFinite, fc.constant(null), fc.constant({})) }),
      fc.record({ inputShape: fc.constantFrom([], [3], [2, 0], [-2], null, 'x', [1.5]) }),
      fc.record({ task: badName(['multiclass', 'binary', 'multilabel', 'regression']) }),
      fc.record({ loss: notAFunction }),
      fc.record({ model: notANumber }),
      fc.record({ optimizer: notANumber }),
      fc.record({ evaluateEvery: badPositiveInteger.filter((v) => !(Number.isInteger(v) && (v as number) > 0)) }),
      fc.record({ trainSample: fc.constantFrom(0, -1, 1.5, Number.NaN, null, '5') }),
      fc.record({ progress: badName(['none', 'line', 'bar', 'auto']).filter((v) => typeof v !== 'function') }),
      fc.record({ metrics: fc.constantFrom(3, 'f1', [1], { f1: 3 }) }),
      fc.record({ data: fc.oneof(notANumber, fc.constant({ train: blobs(8, 1) })) }),
      badSplit.map((train) => ({ data: { train, dev: blobs(8, 2) } })),
      badSplit.map((dev) => ({ data: { train: blobs(16, 1), dev } })),
    )
    .map((o) => entry('train options', o, () => train({ ...base, ...(o as object) } as never))),
  badOptions.map((o) => entry('train', o, () => train(o as never))),
  fc
    .oneof(
      fc.tuple(badSplit, fc.constant({ inputShape: [2] })),
      fc.tuple(
        fc.constant(blobs(8, 3)),
        fc.oneof(
          badOptions,
          fc.constant({ inputShape: null }),
          fc.record({
            inputShape: fc.constant([2]),
            task: badName(['multiclass', 'binary', 'multilabel', 'regression']),
          }),
        ),
      ),
    )
    .map(([split, o]) =>
      entry('evaluate', [split, o], () => evaluate(model, variables, { dev: split } as never, o as never)),
    ),
  fc
    .oneof(
      fc.tuple(
        notAFunction,
        fc.constant((learningRate: unknown) => sgd({ learningRate: learningRate as number })),
      ),
      fc.tuple(
        fc.constant((step: number) => 0.1 / (1 + step)),
        notAFunction,
      ),
    )
    .map(([s, b]) => entry('scheduled', [s, b], () => scheduled(s as never, b as never))),
  badName(['none', 'line', 'bar', 'auto']).map((m) => entry('progressFor', m, () => progressFor(m as never))),
  fc
    .oneof(
      badName(['multiclass', 'binary', 'multilabel', 'regression']).map((t) => [t, undefined] as const),
      notAFunction.filter((v) => v !== undefined).map((w) => ['multiclass', w] as const),
    )
    .map(([t, w]) => entry('lineProgress', [w, t], () => lineProgress(w as never, t as never))),
  fc
    .oneof(
      notANumber.filter((v) => typeof v !== 'string'),
      fc.constant(''),
    )
    .chain((dir) =>
      fc.constantFrom(
        entry('resume dir', dir, () => resume(dir as string)),
        entry('loadCheckpoint dir', dir, () => loadCheckpoint(dir as string)),
        entry('checkpoint dir', dir, () => checkpoint(dir as string)),
      ),
    ),
  fc
    .oneof(
      fc.record({ every: badPositiveInteger }),
      fc.record({ everyBatches: badPositiveInteger.filter((v) => v !== undefined) }),
      fc.record({ keep: badPositiveInteger }),
      fc.record({ startFresh: fc.constantFrom('yes', 1, null) }),
      badOptions.filter((o) => o !== undefined),
    )
    .map((o) => entry('checkpoint options', o, () => checkpoint(corrupt, o as never))),
  fc
    .oneof(
      fc.record({ startFresh: fc.constantFrom('yes', 1, null) }),
      badOptions.filter((o) => o !== undefined),
    )
    .chain((o) =>
      fc.constantFrom(
        entry('resume options', o, () => resume(corrupt, o as never)),
        entry('loadCheckpoint options', o, () => loadCheckpoint(corrupt, o as never)),
      ),
    ),
  fc
    .oneof(
      fc.tuple(fc.constant(join(corrupt, 'out')), notANumber),
      fc.tuple(fc.constant(join(corrupt, 'out')), fc.constant({ epoch: 1 })),
      fc.tuple(
        fc.oneof(
          notANumber.filter((v) => typeof v !== 'string'),
          fc.constant(''),
        ),
        fc.constant({}),
      ),
    )
    .map(([dir, s]) => entry('saveCheckpoint', [dir, s], () => saveCheckpoint(dir as string, s as never))),
  // Every checkpoint in the directory is corrupt: a typed CheckpointError, never a silent fresh start.
  fc.constant(entry('resume every file corrupt', corrupt, () => resume(corrupt))),
];

it('every generated bad input to pipeline gives a typed error: no raw error, NaN, hang or leak', async () => {
  const cases = fc.sample(fc.oneof(...arbitraries), { seed: 16, numRuns: fuzzCaseCount(300) });
  const report = await runBadInputs('@mlrecipe/pipeline', cases, { timeoutMs: 20_000 });
  console.log(`pipeline fuzz: ${report.cases} cases, ${report.typedErrors} typed errors, ${report.passes} passes`);
  expect(report.failures).toEqual([]);
  expect(report.passes).toBe(report.cases);
});
