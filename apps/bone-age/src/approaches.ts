import { type ArrayData, Standardizer } from '@mlrecipe/data';
import { conv2d, dense, flatten, type Model, maxPool2d, meanSquaredError, sequential } from '@mlrecipe/nn';
import { adam, freeze } from '@mlrecipe/optim';
import {
  type Approach,
  type ApproachResult,
  type ApproachRunInput,
  type ComparisonSet,
  PipelineError,
  type Split,
  train,
  transfer,
} from '@mlrecipe/pipeline';
import { createRng, tf } from '@mlrecipe/tensor';
import { FEATURE_COUNT, measureAll } from './measure.js';

// Targets are [rows, 1 + 2K]: bone age in years, then the K keypoints (pixels / size). The
// end-to-end model reads only the age; the two-step pipeline's step 1 learns the keypoints.
export const K = 10;
// Ages are centred and scaled for training; errors are reported back in years.
const AGE_MEAN = 9.5;
const AGE_SCALE = 4.5;

const scalePixels = (v: Float32Array) => {
  for (let i = 0; i < v.length; i++) v[i] = v[i]! / 255;
  return v;
};

/** Targets of a dataset: age and keypoints per row. */
export function targets(labels: Float32Array, keypoints: Float32Array, size: number): ArrayData {
  const n = labels.length;
  const out = new Float32Array(n * (1 + 2 * K));
  for (let i = 0; i < n; i++) {
    out[i * (1 + 2 * K)] = labels[i]!;
    for (let k = 0; k < 2 * K; k++) out[i * (1 + 2 * K) + 1 + k] = keypoints[i * 2 * K + k]! / size;
  }
  return { values: out, shape: [n, 1 + 2 * K] };
}

const column = (y: ArrayData, pick: (row: ArrayLike<number>) => number[], width: number): ArrayData => {
  const n = y.shape[0]!;
  const stride = y.values.length / n;
  const out = new Float32Array(n * width);
  for (let i = 0; i < n; i++)
    out.set(pick(Array.prototype.slice.call(y.values, i * stride, (i + 1) * stride)), i * width);
  return { values: out, shape: [n, width] };
};
const ages = (y: ArrayData) => column(y, (r) => [(r[0]! - AGE_MEAN) / AGE_SCALE], 1);
const points = (y: ArrayData) => column(y, (r) => Array.from(r).slice(1), 2 * K);

function cnn(outputs: number): Model {
  return sequential([
    conv2d({ filters: 8, kernelSize: 3, activation: 'relu' }),
    maxPool2d({ poolSize: 2 }),
    conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
    maxPool2d({ poolSize: 2 }),
    conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
    maxPool2d({ poolSize: 2 }),
    flatten(),
    dense({ units: 48, activation: 'relu' }),
    dense({ units: outputs }),
  ]);
}

export const DEFAULT_BUDGET = { steps: 300, batchSize: 32 } as const;

export interface Budget {
  /** Optimisation steps per training run: small sets get more epochs, so each run gets a similar budget. */
  readonly steps: number;
  readonly batchSize: number;
}
const epochsFor = (rows: number, { steps, batchSize }: Budget) =>
  Math.max(2, Math.min(80, Math.ceil(steps / Math.ceil(rows / batchSize))));

async function fitRegression(
  model: Model,
  inputShape: readonly number[],
  trainSet: Split,
  devSet: Split,
  seed: number,
  budget: Budget,
  transformX?: (v: Float32Array) => Float32Array,
  start?: {
    params: Record<string, tf.Variable>;
    state: Record<string, tf.Variable>;
    frozen: (name: string) => boolean;
  },
) {
  const epochs = epochsFor(trainSet.y.shape[0]!, budget);
  return train({
    model,
    inputShape,
    task: 'regression',
    data: { train: trainSet, dev: devSet },
    loss: meanSquaredError,
    // Frozen layers (transfer from the bone locator) get no updates and keep their statistics.
    optimizer: start ? freeze(adam({ learningRate: 2e-3 }), start.frozen) : adam({ learningRate: 2e-3 }),
    epochs,
    // Four evaluations per run: with small sets, evaluating every short epoch would cost more than training.
    evaluateEvery: Math.max(1, Math.ceil(epochs / 4)),
    ...(start ? { variables: { params: start.params, state: start.state } } : {}),
    batchSize: budget.batchSize,
    seed,
    progress: 'none',
    ...(transformX ? { transformX } : {}),
  });
}

function predict(
  model: Model,
  variables: { params: Record<string, tf.Tensor> },
  inputs: ArrayData,
  inputShape: readonly number[],
  transformX: (v: Float32Array) => Float32Array = scalePixels,
): Float32Array {
  const n = inputs.shape[0]!;
  const width = inputShape.reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let start = 0; start < n; start += 500) {
    const rows = Math.min(500, n - start);
    const values = inputs.values as Float32Array | Uint8Array;
    const x = transformX(Float32Array.from(values.subarray(start * width, (start + rows) * width)));
    const y = tf.tidy(() => model.apply(variables.params, tf.tensor(x, [rows, ...inputShape])).dataSync());
    out.push(...y);
  }
  return Float32Array.from(out);
}

const disposeAll = (v: { params: Record<string, tf.Variable>; state: Record<string, tf.Variable> }) =>
  tf.dispose([...Object.values(v.params), ...Object.values(v.state)]);

/** The sets one run is measured on: its training subset and the comparison's fixed sets. */
type Sets = Pick<ApproachRunInput, 'train' | 'dev' | 'trainDev' | 'test'>;

/** The dev set, which every approach here needs to monitor training. */
function devOf(sets: Sets): Split {
  if (sets.dev === undefined)
    throw new PipelineError('bone-age approaches: give compareApproaches a dev set (data.dev); it monitors training');
  return sets.dev;
}

/**
 * Each set's mean absolute error in years and the per-example absolute errors behind it, from a
 * function that predicts (scaled) ages for a set's rows.
 */
function ageResult(sets: Sets, predictAges: (set: Split, name: ComparisonSet) => Float32Array): ApproachResult {
  const perExample: Partial<Record<ComparisonSet, Float64Array>> = {};
  const errors: Partial<Record<ComparisonSet, number>> = {};
  for (const name of ['train', 'trainDev', 'dev', 'test'] as const) {
    const set = sets[name];
    if (set === undefined) continue;
    const predicted = predictAges(set, name);
    const truth = ages(set.y).values;
    const abs = Float64Array.from(predicted, (p, i) => Math.abs(p - truth[i]!) * AGE_SCALE);
    perExample[name] = abs;
    errors[name] = abs.reduce((sum, v) => sum + v, 0) / abs.length;
  }
  return {
    trainError: errors.train!,
    testError: errors.test!,
    ...(errors.dev === undefined ? {} : { devError: errors.dev }),
    ...(errors.trainDev === undefined ? {} : { trainDevError: errors.trainDev }),
    perExample,
  };
}

/** Trains an image → age model (from scratch, or from transferred variables) and returns its errors in years. */
async function ageErrors(
  model: Model,
  sets: Sets,
  seed: number,
  budget: Budget,
  start?: Parameters<typeof fitRegression>[7],
): Promise<ApproachResult> {
  const inputShape = sets.train.x.shape.slice(1);
  const ageSet = (s: Split) => ({ x: s.x, y: ages(s.y) });
  const trained = await fitRegression(
    model,
    inputShape,
    ageSet(sets.train),
    ageSet(devOf(sets)),
    seed,
    budget,
    scalePixels,
    start,
  );
  try {
    return ageResult(sets, (set) => predict(model, trained, set.x, inputShape));
  } finally {
    disposeAll(trained);
  }
}

/** An image → bone age CNN. */
export function endToEnd(budget: Budget = DEFAULT_BUDGET): Approach {
  return {
    name: 'end-to-end CNN',
    run: ({ seed, ...sets }) => ageErrors(cnn(1), sets, seed, budget),
  };
}

/** Step 2 alone: measurements → bone age with a small network, features standardised on train. */
async function stepTwo(
  sets: Sets,
  featuresOf: (set: Split, name: ComparisonSet) => Float32Array,
  seed: number,
  budget: Budget,
): Promise<ApproachResult> {
  const trainFeatures = featuresOf(sets.train, 'train');
  const scaler = new Standardizer().fit({
    values: trainFeatures,
    shape: [trainFeatures.length / FEATURE_COUNT, FEATURE_COUNT],
  });
  const x = (f: Float32Array) => ({
    values: scaler.transform({ values: f, shape: [f.length / FEATURE_COUNT, FEATURE_COUNT] }),
    shape: [f.length / FEATURE_COUNT, FEATURE_COUNT],
  });
  const features = new Map<ComparisonSet, ArrayData>([['train', x(trainFeatures)]]);
  const inputsOf = (set: Split, name: ComparisonSet) => {
    if (!features.has(name)) features.set(name, x(featuresOf(set, name)));
    return features.get(name)!;
  };
  const model = sequential([dense({ units: 32, activation: 'relu' }), dense({ units: 1 })]);
  const dev = devOf(sets);
  const trained = await fitRegression(
    model,
    [FEATURE_COUNT],
    { x: inputsOf(sets.train, 'train'), y: ages(sets.train.y) },
    { x: inputsOf(dev, 'dev'), y: ages(dev.y) },
    seed,
    { ...budget, steps: budget.steps * 2 },
  );
  try {
    return ageResult(sets, (set, name) => predict(model, trained, inputsOf(set, name), [FEATURE_COUNT], (v) => v));
  } finally {
    disposeAll(trained);
  }
}

/**
 * The classic system: step 1, a CNN trained on keypoint labels (an annotation cost of K points per
 * picture), locates the bones; step 2 measures lengths, physes and carpals at the predicted
 * keypoints and maps them to bone age. Evaluation pictures get predicted keypoints, never the true ones.
 */
export function twoStep(size: number, budget: Budget = DEFAULT_BUDGET): Approach {
  const inputShape = [size, size, 1];
  return {
    name: 'two-step (locate bones, then measure)',
    async run({ seed, ...sets }) {
      const locator = cnn(2 * K);
      const dev = devOf(sets);
      const located = await fitRegression(
        locator,
        inputShape,
        { x: sets.train.x, y: points(sets.train.y) },
        { x: dev.x, y: points(dev.y) },
        seed,
        budget,
        scalePixels,
      );
      // Measure every set at the located keypoints, then release the locator.
      const measured = new Map<ComparisonSet, Float32Array>();
      try {
        for (const name of ['train', 'trainDev', 'dev', 'test'] as const) {
          const set = sets[name];
          if (set === undefined) continue;
          const found = predict(locator, located, set.x, inputShape).map((v) => v * size);
          measured.set(name, measureAll(set.x.values as Uint8Array, size, found, set.x.shape[0]!));
        }
      } finally {
        disposeAll(located);
      }
      return stepTwo(sets, (_, name) => measured.get(name)!, seed, budget);
    },
  };
}

/** Step 2 on measurements at the TRUE keypoints, on every set: an upper bound, not a system. */
export function oracleStepTwo(size: number, budget: Budget = DEFAULT_BUDGET): Approach {
  return {
    name: 'oracle: step 2 at true keypoints (upper bound)',
    run({ seed, ...sets }) {
      const truePoints = (y: ArrayData) => points(y).values.map((v) => v * size) as Float32Array;
      const features = (s: Split) => measureAll(s.x.values as Uint8Array, size, truePoints(s.y), s.x.shape[0]!);
      return stepTwo(sets, features, seed, budget);
    },
  };
}

/** Step 1's bone locator trained once on a pool with keypoint labels: the source of transfer learning. */
export async function trainLocator(
  pool: Split,
  dev: Split,
  size: number,
  seed: number,
  budget: Budget = DEFAULT_BUDGET,
) {
  const model = cnn(2 * K);
  const trained = await fitRegression(
    model,
    [size, size, 1],
    { x: pool.x, y: points(pool.y) },
    { x: dev.x, y: points(dev.y) },
    seed,
    { ...budget, steps: budget.steps * 3 },
    scalePixels,
  );
  return { model, params: trained.params, state: trained.state };
}

/**
 * Transfer learning: the bone locator's layers (trained on keypoints, task A) with a new age head
 * (task B), retraining the head only ('all-but-head') or every layer ('none').
 */
export function fromLocator(
  source: { model: Model; params: Record<string, tf.Variable>; state: Record<string, tf.Variable> },
  size: number,
  freeze: 'all-but-head' | 'none',
  budget: Budget = DEFAULT_BUDGET,
): Approach {
  return {
    name:
      freeze === 'none'
        ? 'end-to-end from the bone locator, all layers'
        : 'end-to-end from the bone locator, new head only',
    run: ({ seed, ...sets }) => {
      const moved = transfer(source, [size, size, 1], createRng(seed).fork('age-head'), {
        replaceHead: [dense({ units: 1 })],
        freeze,
      });
      return ageErrors(moved.model, sets, seed, budget, moved);
    },
  };
}
