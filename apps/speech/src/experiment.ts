import { logMelSpectrogram, Standardizer } from '@mlrecipe/data';
import { conv2d, dense, dropout, flatten, maxPool2d, sequential, softmaxCrossEntropy } from '@mlrecipe/nn';
import { adam } from '@mlrecipe/optim';
import { type Iteration, iterate, type ProgressMode } from '@mlrecipe/pipeline';
import { createRng, tf } from '@mlrecipe/tensor';
import { SAMPLE_RATE } from './audio_io.js';
import { CLASSES, type Clip } from './dataset.js';

export const FRAMES = 98;
export const MEL_BINS = 40;

/** Log-mel features [clips, 98, 40] of one-second clips. */
export function features(clips: readonly Clip[]): Float32Array {
  const out = new Float32Array(clips.length * FRAMES * MEL_BINS);
  clips.forEach((clip, i) => {
    const { values } = logMelSpectrogram(clip.samples, { sampleRate: SAMPLE_RATE, melBins: MEL_BINS });
    out.set(values.subarray(0, FRAMES * MEL_BINS), i * FRAMES * MEL_BINS);
  });
  return out;
}

const model = () =>
  sequential([
    conv2d({ filters: 8, kernelSize: 3, activation: 'relu' }),
    maxPool2d({ poolSize: 2 }),
    conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
    maxPool2d({ poolSize: 2 }),
    flatten(),
    dense({ units: 64, activation: 'relu' }),
    dropout({ keepProb: 0.7 }),
    dense({ units: CLASSES.length }),
  ]);

/**
 * One condition of the experiment: train on `train` (train-dev carved from it), evaluate on the
 * in-car dev and test sets, diagnose against human level, analyse dev errors by their tags.
 */
export async function runCondition(
  title: string,
  sets: { train: readonly Clip[]; dev: readonly Clip[]; test: readonly Clip[] },
  {
    seed,
    epochs,
    humanLevel,
    progress = 'auto',
  }: { seed: number; epochs: number; humanLevel: number; progress?: ProgressMode },
): Promise<Iteration & { trainDevClips: readonly Clip[]; classify: (windows: readonly Float32Array[]) => Int32Array }> {
  const order = createRng(seed).fork('train-dev').permutation(sets.train.length);
  const trainDevCount = Math.round(sets.train.length * 0.15);
  const pick = (rows: ArrayLike<number>) => Array.from(rows, (r) => sets.train[r]!);
  const trainClips = pick(order.subarray(trainDevCount));
  const trainDevClips = pick(order.subarray(0, trainDevCount));
  const width = FRAMES * MEL_BINS;
  const raw = {
    train: features(trainClips),
    trainDev: features(trainDevClips),
    dev: features(sets.dev),
    test: features(sets.test),
  };
  // Standardise each feature with statistics of the training set only.
  const scaler = new Standardizer().fit({ values: raw.train, shape: [trainClips.length, width] });
  const split = (values: Float32Array, clips: readonly Clip[]) => ({
    x: {
      values: scaler.transform({ values, shape: [clips.length, width] }),
      shape: [clips.length, FRAMES, MEL_BINS, 1],
    },
    y: { values: Int32Array.from(clips, (c) => c.label), shape: [clips.length] },
  });
  const net = model();
  const result = await iterate({
    title,
    model: net,
    inputShape: [FRAMES, MEL_BINS, 1],
    data: {
      train: split(raw.train, trainClips),
      trainDev: split(raw.trainDev, trainDevClips),
      dev: split(raw.dev, sets.dev),
      test: split(raw.test, sets.test),
    },
    loss: softmaxCrossEntropy,
    optimizer: adam({ learningRate: 1e-3 }),
    epochs,
    batchSize: 32,
    seed,
    progress,
    humanLevel,
    classNames: CLASSES,
    errorAnalysis: { tagger: ({ index }) => sets.dev[index]!.tags, sample: 100 },
  });
  // The trained CNN as a function of one-second windows (the spelled-word baseline cuts words into them).
  const classify = (windows: readonly Float32Array[]): Int32Array => {
    if (windows.length === 0) return new Int32Array(0);
    const values = scaler.transform({
      values: features(windows.map((samples) => ({ samples, label: 0, tags: [] }))),
      shape: [windows.length, width],
    });
    return tf.tidy(() => {
      const x = tf.tensor4d(values, [windows.length, FRAMES, MEL_BINS, 1]);
      return Int32Array.from(tf.argMax(net.apply(result.params, x, { state: result.state }), -1).dataSync());
    });
  };
  return { ...result, trainDevClips, classify };
}

export const disposeIteration = (it: Iteration) =>
  tf.dispose([...Object.values(it.params), ...Object.values(it.state)]);
