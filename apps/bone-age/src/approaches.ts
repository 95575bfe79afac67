import { type ArrayData, Standardizer } from '@mlrecipe/data';
import { conv2d, dense, flatten, type Model, maxPool2d, meanSquaredError, sequential } from '@mlrecipe/nn';
import { adam, freeze } from '@mlrecipe/optim';
import { type Approach, evaluate, type Split, train, transfer } from '@mlrecipe/pipeline';
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
  images: ArrayData,
  inputShape: readonly number[],
): Float32Array {
  const n = images.shape[0]!;
  const width = inputShape.reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let start = 0; start < n; start += 500) {
    const rows = Math.min(500, n - start);
    const x = scalePixels(
      Float32Array.from((images.values as Uint8Array).subarray(start * width, (start + rows) * width)),
    );
    const y = tf.tidy(() => model.apply(variables.params, tf.tensor(x, [rows, ...inputShape])).dataSync());
    out.push(...y);
  }
  return Float32Array.from(out);
}

const disposeAll = (v: { params: Record<string, tf.Variable>; state: Record<string, tf.Variable> }) =>
  tf.dispose([...Object.values(v.params), ...Object.values(v.state)]);

/** Trains an image → age model (from scratch, or from transferred variables) and returns its errors in years. */
async function ageErrors(
  model: Model,
  split: { subset: Split; test: Split; dev: Split },
  seed: number,
  budget: Budget,
  start?: Parameters<typeof fitRegression>[7],
) {
  const inputShape = split.subset.x.shape.slice(1);
  const ageSet = (s: Split) => ({ x: s.x, y: ages(s.y) });
  const trained = await fitRegression(
    model,
    inputShape,
    ageSet(split.subset),
    ageSet(split.dev),
    seed,
    budget,
    scalePixels,
    start,
  );
  const e = evaluate(
    model,
    trained,
    { train: ageSet(split.subset), test: ageSet(split.test) },
    { inputShape, task: 'regression', transformX: scalePixels, keepPredictions: false },
  );
  disposeAll(trained);
  return { trainError: e.train.error * AGE_SCALE, testError: e.test.error * AGE_SCALE };
}

/** An image → bone age CNN. */
export function endToEnd(dev: Split, _size: number, budget: Budget = DEFAULT_BUDGET): Approach {
  return {
    name: 'end-to-end CNN',
    run: ({ train: subset, test, seed }) => ageErrors(cnn(1), { subset, test, dev }, seed, budget),
  };
}

/** Step 2 alone: measurements → bone age with a small network, features standardised on train. */
async function stepTwo(
  trainFeatures: Float32Array,
  trainY: ArrayData,
  testFeatures: Float32Array,
  testY: ArrayData,
  seed: number,
  budget: Budget,
) {
  const scaler = new Standardizer().fit({ values: trainFeatures, shape: [trainY.shape[0]!, FEATURE_COUNT] });
  const x = (f: Float32Array) => ({
    values: scaler.transform({ values: f, shape: [f.length / FEATURE_COUNT, FEATURE_COUNT] }),
    shape: [f.length / FEATURE_COUNT, FEATURE_COUNT],
  });
  const model = sequential([dense({ units: 32, activation: 'relu' }), dense({ units: 1 })]);
  const trainSet = { x: x(trainFeatures), y: ages(trainY) };
  const testSet = { x: x(testFeatures), y: ages(testY) };
  const trained = await fitRegression(model, [FEATURE_COUNT], trainSet, testSet, seed, {
    ...budget,
    steps: budget.steps * 2,
  });
  const e = evaluate(
    model,
    trained,
    { train: trainSet, test: testSet },
    { inputShape: [FEATURE_COUNT], task: 'regression', keepPredictions: false },
  );
  disposeAll(trained);
  return { trainError: e.train.error * AGE_SCALE, testError: e.test.error * AGE_SCALE };
}

/**
 * The classic system: step 1, a CNN trained on keypoint labels (an annotation cost of K points per
 * picture), locates the bones; step 2 measures lengths, physes and carpals at the predicted
 * keypoints and maps them to bone age. Test pictures get predicted keypoints, never the true ones.
 */
export function twoStep(dev: Split, size: number, budget: Budget = DEFAULT_BUDGET): Approach {
  const inputShape = [size, size, 1];
  return {
    name: 'two-step (locate bones, then measure)',
    async run({ train: subset, test, seed }) {
      const locator = cnn(2 * K);
      const located = await fitRegression(
        locator,
        inputShape,
        { x: subset.x, y: points(subset.y) },
        { x: dev.x, y: points(dev.y) },
        seed,
        budget,
        scalePixels,
      );
      const found = (images: ArrayData) => predict(locator, located, images, inputShape).map((v) => v * size);
      const trainPoints = found(subset.x);
      const testPoints = found(test.x);
      disposeAll(located);
      const features = (images: ArrayData, pts: Float32Array) =>
        measureAll(images.values as Uint8Array, size, pts, images.shape[0]!);
      return stepTwo(features(subset.x, trainPoints), subset.y, features(test.x, testPoints), test.y, seed, budget);
    },
  };
}

/** Step 2 on measurements at the TRUE keypoints, train and test: an upper bound, not a system. */
export function oracleStepTwo(size: number, budget: Budget = DEFAULT_BUDGET): Approach {
  return {
    name: 'oracle: step 2 at true keypoints (upper bound)',
    async run({ train: subset, test, seed }) {
      const truePoints = (y: ArrayData) => points(y).values.map((v) => v * size) as Float32Array;
      const features = (s: Split) => measureAll(s.x.values as Uint8Array, size, truePoints(s.y), s.x.shape[0]!);
      return stepTwo(features(subset), subset.y, features(test), test.y, seed, budget);
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
  dev: Split,
  size: number,
  freeze: 'all-but-head' | 'none',
  budget: Budget = DEFAULT_BUDGET,
): Approach {
  return {
    name:
      freeze === 'none'
        ? 'end-to-end from the bone locator, all layers'
        : 'end-to-end from the bone locator, new head only',
    run: ({ train: subset, test, seed }) => {
      const moved = transfer(source, [size, size, 1], createRng(seed).fork('age-head'), {
        replaceHead: [dense({ units: 1 })],
        freeze,
      });
      return ageErrors(moved.model, { subset, test, dev }, seed, budget, moved);
    },
  };
}
