// The spelled-word model: a convolutional front end over log-mel frames (the first layer halves the
// frame rate), a bidirectional GRU that reads the whole word both ways, and a per-step softmax over
// the CTC blank and the 26 letters.
import { bidirectional, conv1d, dense, gru, type Layer, type RecurrentLayer } from '@mlrecipe/nn';
import { createRng, scope, tf } from '@mlrecipe/tensor';
import { SpeechInputError } from './errors.js';

/** Class 0 is the CTC blank; letter A is 1 … Z is 26. */
export const CTC_CLASSES = 27;

/** Sizes of the spelled-word model. */
export interface CtcModelOptions {
  /** Features per frame (log-mel bands). */
  readonly features: number;
  /** Filters of each convolution. Default 48. */
  readonly filters?: number;
  /** GRU units per direction. Default 64. */
  readonly units?: number;
  readonly seed: number;
}

/** A spelled-word model with its parameters: logits [batch, steps, 27] from padded frames and their lengths. */
export interface CtcModel {
  readonly params: Record<string, tf.Variable>;
  /** Steps of the output for `frames` input frames (the front end halves the rate). */
  outputLength(frames: number): number;
  /** Logits [batch, ⌈time/2⌉, 27] for frames [batch, time, features]; steps past each length are masked in the GRU. */
  apply(x: tf.Tensor3D, frameLengths: readonly number[]): tf.Tensor3D;
  dispose(): void;
}

/**
 * Conv1d(3, stride 2, ReLU) → conv1d(3, ReLU) → bidirectional GRU (masked past each word's end, so
 * padding in a batch changes nothing) → dense to 27 classes at every step. About 0.1 M parameters
 * with the defaults.
 *
 * @example
 * const model = createCtcModel({ features: 40, seed: 1 });
 * const logits = model.apply(frames, [120, 96]); // [2, 60, 27]
 */
export function createCtcModel({ features, filters = 48, units = 64, seed }: CtcModelOptions): CtcModel {
  for (const [name, value] of Object.entries({ features, filters, units }))
    if (!(Number.isInteger(value) && value >= 1))
      throw new SpeechInputError(`createCtcModel: ${name} must be a positive integer, got ${value}`);
  const front: Layer[] = [
    conv1d({ filters, kernelSize: 3, strides: 2, activation: 'relu' }),
    conv1d({ filters, kernelSize: 3, activation: 'relu' }),
  ];
  const recurrent: RecurrentLayer = bidirectional(gru({ units, returnSequences: true }));
  const head = dense({ units: CTC_CLASSES });
  const rng = createRng(seed).fork('ctc-model');
  const params: Record<string, tf.Variable> = {};
  // Shapes are per step; the time length only sizes output shapes, so any placeholder works.
  let shape: number[] = [16, features];
  const named: [string, Layer][] = [
    ['conv1d_1', front[0]!],
    ['conv1d_2', front[1]!],
    ['bigru', recurrent],
    ['dense', head],
  ];
  for (const [name, layer] of named) {
    const built = layer.build(name === 'dense' ? [shape[1]!] : shape, rng.fork(name));
    for (const [key, initial] of Object.entries(built.params))
      params[`${name}/${key}`] = scope(() => tf.variable(tf.tensor(initial.values, [...initial.shape]), true));
    shape = name === 'dense' ? shape : built.outputShape;
  }
  const local = (prefix: string) =>
    Object.fromEntries(
      Object.entries(params)
        .filter(([k]) => k.startsWith(`${prefix}/`))
        .map(([k, v]) => [k.slice(prefix.length + 1), v]),
    );
  const context = { training: false, state: {} };
  const outputLength = (frames: number) => Math.ceil(frames / 2);
  return {
    params,
    outputLength,
    apply(x, frameLengths) {
      return tf.tidy(() => {
        const [batch, time] = x.shape;
        let h = front[0]!.call(x, local('conv1d_1'), context);
        h = front[1]!.call(h, local('conv1d_2'), context);
        const steps = h.shape[1]!;
        const mask = tf.tensor2d(
          Float32Array.from({ length: batch * steps }, (_, i) =>
            i % steps < outputLength(Math.min(time, frameLengths[Math.floor(i / steps)]!)) ? 1 : 0,
          ),
          [batch, steps],
        );
        const sequence = recurrent.run(h, local('bigru'), { mask }).output;
        const flat = tf.reshape(sequence, [batch * steps, sequence.shape[2]!]);
        return tf.reshape(head.call(flat, local('dense'), context), [batch, steps, CTC_CLASSES]) as tf.Tensor3D;
      });
    },
    dispose: () => tf.dispose(Object.values(params)),
  };
}
