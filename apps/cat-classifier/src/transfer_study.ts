import { takeRows } from '@mlrecipe/data';
import { dense, type Model, sequential, softmaxCrossEntropy } from '@mlrecipe/nn';
import { adam, freeze as freezeLayers } from '@mlrecipe/optim';
import {
  type Approach,
  type Comparison,
  compareApproaches,
  evaluate,
  type Split,
  train,
  transfer,
} from '@mlrecipe/pipeline';
import { createRng, tf } from '@mlrecipe/tensor';
import { CANDIDATES } from './candidates.js';
import type { FeatureBank } from './feature_bank.js';
import type { MismatchData } from './mismatch_data.js';
import { scalePixels } from './pixels.js';

type Variables = { params: Record<string, tf.Variable>; state: Record<string, tf.Variable> };
const common = { loss: softmaxCrossEntropy, progress: 'none' as const, transformX: scalePixels };

/** Trains the source model (the cat classifier's CNN) on all of the source data's pictures. */
export async function trainSource(source: MismatchData, { epochs, seed }: { epochs: number; seed: number }) {
  const [, h, w, c] = source.images.shape;
  const model = CANDIDATES.find((m) => m.name === 'cnn-8-16')!.build();
  const n = source.labels.length;
  const order = createRng(seed).fork('source').permutation(n);
  const devRows = order.subarray(0, Math.min(500, Math.floor(n / 10)));
  const trainRows = order.subarray(devRows.length);
  const part = (rows: Uint32Array) => ({
    x: takeRows(source.images, rows),
    y: { values: Int32Array.from(rows, (r) => source.labels[r]!), shape: [rows.length] },
  });
  const trained = await train({
    ...common,
    model,
    inputShape: [h, w, c],
    data: { train: part(trainRows), dev: part(devRows) },
    optimizer: adam({ learningRate: 2e-3 }),
    epochs,
    batchSize: 64,
    seed,
  });
  return { model, params: trained.params, state: trained.state, devError: trained.history.at(-1)!.devError };
}

/** The approach name of the pretrained trunk's runs. */
export const TRUNK_APPROACH = 'new head on frozen MobileNetV3 (COCO) features';

/**
 * Transfer learning measured, not assumed: on the target task, at each training-set size, a new
 * head on the source's frozen layers, all layers fine-tuned from the source, and the same network
 * from scratch; with `trunk`, also a new head on a real pretrained network's cached features (a
 * graph model: head only, it cannot be fine-tuned). Small sizes get more epochs so every run takes
 * about the same number of steps.
 */
export async function transferStudy(
  source: { model: Model } & Variables,
  target: { train: Split; dev: Split; test: Split },
  {
    sizes,
    seeds,
    stepsPerRun = 300,
    onRun,
    trunk,
  }: {
    sizes: readonly number[];
    seeds: readonly number[];
    stepsPerRun?: number;
    onRun?: (line: string) => void;
    /** Features of every target picture through a frozen pretrained trunk (featureBank). */
    trunk?: FeatureBank;
  },
): Promise<Comparison> {
  const inputShape = target.train.x.shape.slice(1);
  const schedule = (size: number) => {
    const batchSize = Math.min(32, size);
    return { batchSize, epochs: Math.max(2, Math.min(60, Math.ceil(stepsPerRun / Math.ceil(size / batchSize)))) };
  };
  const runOnTrunk =
    (bank: FeatureBank): Approach['run'] =>
    async ({ train: subset, test, size, seed }) => {
      const features = { train: bank.features(subset), dev: bank.features(target.dev), test: bank.features(test) };
      const head = sequential([dense({ units: 2 })]);
      const result = await train({
        loss: softmaxCrossEntropy,
        progress: 'none',
        model: head,
        inputShape: bank.featureShape,
        data: { train: features.train, dev: features.dev },
        optimizer: adam({ learningRate: 5e-3 }),
        ...schedule(size),
        seed,
      });
      const errors = evaluate(
        head,
        result,
        { train: features.train, test: features.test },
        {
          inputShape: bank.featureShape,
          keepPredictions: false,
        },
      );
      tf.dispose([...Object.values(result.params), ...Object.values(result.state)]);
      return { trainError: errors.train.error, testError: errors.test.error };
    };
  const run =
    (freeze: 'all-but-head' | 'none' | 'scratch'): Approach['run'] =>
    async ({ train: subset, test, size, seed }) => {
      const moved = transfer(source, inputShape, createRng(seed).fork('head'), {
        replaceHead: [dense({ units: 2 })],
        freeze: freeze === 'scratch' ? 'none' : freeze,
      });
      const start: Variables | undefined = freeze === 'scratch' ? undefined : moved;
      if (freeze === 'scratch') tf.dispose([...Object.values(moved.params), ...Object.values(moved.state)]);
      const { batchSize, epochs } = schedule(size);
      const result = await train({
        ...common,
        model: moved.model,
        inputShape,
        data: { train: subset, dev: target.dev },
        // Frozen layers get no updates and keep their batch-norm statistics.
        optimizer: freezeLayers(adam({ learningRate: freeze === 'none' ? 5e-4 : 2e-3 }), moved.frozen),
        epochs,
        batchSize,
        seed,
        ...(start ? { variables: start } : {}),
      });
      const errors = evaluate(
        moved.model,
        result,
        { train: subset, test },
        { inputShape, transformX: scalePixels, keepPredictions: false },
      );
      tf.dispose([...Object.values(result.params), ...Object.values(result.state)]);
      return { trainError: errors.train.error, testError: errors.test.error };
    };
  return compareApproaches({
    approaches: [
      { name: 'new head on frozen source layers', run: run('all-but-head') },
      { name: 'all layers fine-tuned from the source', run: run('none') },
      { name: 'from scratch', run: run('scratch') },
      ...(trunk === undefined ? [] : [{ name: TRUNK_APPROACH, run: runOnTrunk(trunk) }]),
    ],
    data: { train: target.train, test: target.test },
    sizes,
    seeds,
    onRun: (r) =>
      onRun?.(
        `${r.approach.padEnd(40)} ${String(r.size).padStart(5)} examples, seed ${r.seed}: test error ${(100 * r.testError).toFixed(1)} % (${r.seconds.toFixed(1)} s)`,
      ),
  });
}
