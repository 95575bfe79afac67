// Options interact: a property test draws combinations of batch norm, dropout, L2, schedules (epoch
// or step), early stopping, evaluateEvery, snapshots within epochs, freezing, multi-task heads, class
// weights and graph models (a skip join, or two named inputs),
// and checks for each that a run resumed from any of its snapshots ends bit-identical to the
// uninterrupted run, that early stopping's restored model is the recorded best, that frozen
// parameters and statistics do not move, and that nothing leaks — also when a run throws.
import {
  batchNorm,
  concatenate,
  connect,
  dense,
  dropout,
  graphModel,
  input,
  type Layer,
  type Model,
  maskedSigmoidCrossEntropy,
  type SymbolicTensor,
  sequential,
  softmaxCrossEntropy,
  weightedSoftmaxCrossEntropy,
} from '@mlrecipe/nn';
import { adam, cosineDecay, freeze, type GradientTransformation, inverseTimeDecay } from '@mlrecipe/optim';
import { earlyStopping, l2 } from '@mlrecipe/regularizers';
import { countTensors, createRng, tf, useBackend } from '@mlrecipe/tensor';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { evaluate, scheduled, type TrainingSnapshot, type TrainOptions, train } from '../src/index.js';
import { blobs } from './helpers/blobs.js';

await useBackend('wasm');

interface Combination {
  batchNorm: boolean;
  dropout: boolean;
  l2: boolean;
  schedule: 'none' | 'epoch' | 'step';
  patience: number | null;
  evaluateEvery: number;
  snapshotEveryBatches: number | null;
  freeze: boolean;
  multitask: boolean;
  epochs: number;
  batchSize: number;
  trainDev: boolean;
  graph: 'none' | 'skip' | 'two-inputs';
  classWeights: boolean;
}

const combination: fc.Arbitrary<Combination> = fc.record({
  batchNorm: fc.boolean(),
  dropout: fc.boolean(),
  l2: fc.boolean(),
  schedule: fc.constantFrom('none', 'epoch', 'step'),
  patience: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
  evaluateEvery: fc.integer({ min: 1, max: 3 }),
  snapshotEveryBatches: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
  freeze: fc.boolean(),
  multitask: fc.boolean(),
  epochs: fc.integer({ min: 2, max: 6 }),
  batchSize: fc.constantFrom(12, 16, 24),
  trainDev: fc.boolean(),
  graph: fc.constantFrom('none', 'skip', 'two-inputs'),
  classWeights: fc.boolean(),
});

/** Two blobs; the multi-task version adds a second label (the sign of the first feature) with some labels missing. */
function dataFor(c: Combination) {
  const split = (rows: number, seed: number) => {
    const s = blobs(rows, seed);
    if (!c.multitask) return s;
    const y = new Float32Array(rows * 2);
    for (let r = 0; r < rows; r++) {
      y[2 * r] = s.y.values[r]!;
      y[2 * r + 1] = r % 7 === 3 ? Number.NaN : s.x.values[2 * r]! > 0 ? 1 : 0;
    }
    return { x: s.x, y: { values: y, shape: [rows, 2] } };
  };
  // Two named inputs: the two features, one column each.
  const inputsOf = (split: { x: { values: Float32Array }; y: { shape: number[] } }) => {
    const column = (k: number) => ({
      values: split.x.values.filter((_, i) => i % 2 === k),
      shape: [split.y.shape[0]!, 1],
    });
    return { ...split, x: { a: column(0), b: column(1) } };
  };
  if (c.graph === 'two-inputs')
    return {
      train: inputsOf(split(48, 1)),
      dev: inputsOf(split(24, 2)),
      ...(c.trainDev ? { trainDev: inputsOf(split(16, 3)) } : {}),
    };
  return { train: split(48, 1), dev: split(24, 2), ...(c.trainDev ? { trainDev: split(16, 3) } : {}) };
}

function optionsFor(c: Combination): TrainOptions {
  const layers: Layer[] = [dense({ units: 6 })];
  if (c.batchNorm) layers.push(batchNorm({ momentum: 0.6 }));
  layers.push(dense({ units: 5, activation: 'tanh' }));
  if (c.dropout) layers.push(dropout({ keepProb: 0.8 }));
  layers.push(dense({ units: 2 }));
  // Freezing the first block (dense_1 and its batch norm) as transfer learning would.
  const frozen = (name: string) => c.freeze && (name.startsWith('dense_1/') || name.startsWith('batchNorm_1/'));
  const wrap = (t: GradientTransformation<unknown>) => (c.freeze ? freeze(t, frozen) : t);
  const optimizer =
    c.schedule === 'none'
      ? wrap(adam({ learningRate: 0.05 }))
      : scheduled(
          c.schedule === 'epoch'
            ? inverseTimeDecay({ initial: 0.08, decayRate: 0.5 })
            : cosineDecay({ initial: 0.08, steps: 12, alpha: 0.1 }),
          (learningRate) => wrap(adam({ learningRate })),
        );
  return {
    model: modelOf(c, layers),
    inputShape: c.graph === 'two-inputs' ? { a: [1], b: [1] } : [2],
    data: dataFor(c) as TrainOptions['data'],
    task: c.multitask ? 'multilabel' : 'multiclass',
    loss: c.multitask ? maskedSigmoidCrossEntropy : c.classWeights ? weightedSoftmaxCrossEntropy : softmaxCrossEntropy,
    ...(c.classWeights && !c.multitask ? { classWeights: [1, 3] } : {}),
    optimizer,
    ...(c.l2 ? { regularizers: [l2({ lambda: 0.5 })] } : {}),
    ...(c.patience === null ? {} : { earlyStopping: earlyStopping({ monitor: 'devLoss', patience: c.patience }) }),
    evaluateEvery: c.evaluateEvery,
    ...(c.snapshotEveryBatches === null ? {} : { snapshotEveryBatches: c.snapshotEveryBatches }),
    trainSample: 30,
    epochs: c.epochs,
    batchSize: c.batchSize,
    seed: 11,
    progress: 'none',
  };
}

/**
 * The layers as a sequential model, or as a graph: the chain but its head, joined (concatenate) with
 * the input before the head; with two inputs, a and b are joined first. Layer names stay those of the
 * sequential model (dense_1 first), which the freezing above relies on.
 */
function modelOf(c: Combination, layers: Layer[]): Model {
  if (c.graph === 'none') return sequential(layers);
  const inputs =
    c.graph === 'two-inputs'
      ? [input({ name: 'a', shape: [1] }), input({ name: 'b', shape: [1] })]
      : [input({ name: 'x', shape: [2] })];
  const x = inputs.length === 2 ? connect(concatenate(), inputs) : inputs[0]!;
  const body = layers.slice(0, -1).reduce<SymbolicTensor>((h, layer) => connect(layer, h), x);
  return graphModel({ inputs, output: connect(layers.at(-1)!, connect(concatenate(), [body, x])) });
}

const read = (tree: Record<string, tf.Variable>) =>
  Object.fromEntries(Object.entries(tree).map(([name, v]) => [name, Array.from(v.dataSync())]));
const withoutSeconds = (history: readonly { seconds: number }[]) => history.map(({ seconds: _, ...rest }) => rest);
const release = (r: { params: Record<string, tf.Variable>; state: Record<string, tf.Variable> }) =>
  tf.dispose([...Object.values(r.params), ...Object.values(r.state)]);

it('any combination: resuming from any snapshot ends bit-identical; best model restored; frozen stays frozen; no leaks', async () => {
  await fc.assert(
    fc.asyncProperty(combination, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), async (c, pick) => {
      const before = countTensors();
      const snapshots: string[] = [];
      const first = optionsFor(c);
      const initial = first.model.init(first.inputShape, createRng(11).fork('init'));
      const initialValues = { params: read(initial.params), state: read(initial.state) };
      release(initial);
      const full = await train({ ...first, onSnapshot: (s) => void snapshots.push(JSON.stringify(s)) });
      expect(snapshots.length).toBeGreaterThan(0);

      // Resume from a random snapshot (as a file would give it back) with fresh options.
      const saved = JSON.parse(snapshots[Math.floor(pick * snapshots.length)]!) as TrainingSnapshot;
      const resumed = await train({ ...optionsFor(c), resumeFrom: saved });
      expect(read(resumed.params)).toEqual(read(full.params));
      expect(read(resumed.state)).toEqual(read(full.state));
      expect(withoutSeconds(resumed.history)).toEqual(withoutSeconds(full.history));
      expect(resumed.stoppedEarly).toEqual(full.stoppedEarly);
      expect(Array.from(resumed.trainSample)).toEqual(Array.from(full.trainSample));

      // Early stopping counts epochs and gives back the best epoch's model: it evaluates to the recorded dev loss.
      if (full.stoppedEarly) {
        const best = full.history.find((r) => r.epoch === full.stoppedEarly!.bestEpoch)!;
        const lowest = Math.min(...full.history.map((r) => r.devLoss));
        expect(best.devLoss).toBe(lowest);
        expect(full.stoppedEarly.epoch - full.stoppedEarly.bestEpoch).toBeGreaterThanOrEqual(c.patience!);
        const again = evaluate(
          first.model,
          full,
          { dev: first.data.dev },
          {
            inputShape: first.inputShape,
            task: first.task!,
            loss: first.loss,
          },
        );
        expect(again.dev.loss).toBe(best.devLoss);
      }
      if (c.freeze) {
        for (const name of ['dense_1/kernel', 'dense_1/bias'])
          expect(read(full.params)[name]).toEqual(initialValues.params[name]);
        if (c.batchNorm) expect(read(full.state)).toEqual(initialValues.state);
      }
      release(full);
      release(resumed);
      expect(countTensors()).toBe(before);
    }),
    { seed: 20261130, numRuns: 24 },
  );
});

it('any combination: a throw from a callback or a snapshot writer at a random point leaks nothing', async () => {
  await fc.assert(
    fc.asyncProperty(
      combination,
      fc.constantFrom('onBatchEnd', 'onEpochEnd', 'onSnapshot'),
      fc.integer({ min: 1, max: 8 }),
      async (c, where, after) => {
        const before = countTensors();
        let calls = 0;
        const boom = () => {
          if (++calls === after) throw new Error('injected fault');
        };
        const options = optionsFor(c);
        const outcome = await train({
          ...options,
          ...(where === 'onSnapshot'
            ? { onSnapshot: boom }
            : { callbacks: [where === 'onBatchEnd' ? { onBatchEnd: boom } : { onEpochEnd: boom }] }),
        }).then(
          (result) => {
            release(result);
            return 'finished';
          },
          (error: Error) => error.message,
        );
        // Either the fault fired (and propagated unchanged) or the run ended before it was due.
        expect(outcome === 'finished' || outcome === 'injected fault').toBe(true);
        if (outcome === 'finished') expect(calls).toBeLessThan(after);
        expect(countTensors()).toBe(before);
      },
    ),
    { seed: 7, numRuns: 24 },
  );
});
