import { type Rng, tf } from '@mlrecipe/tensor';
import { NnError, NnShapeError } from '../errors.js';
import { options, shown } from '../validate.js';
import type { CallContext, InitialTensor } from './layer.js';

/**
 * A layer of several inputs (graph models only: `connect(add(), [a, b])`). Like `Layer`, a pure
 * description plus `build` (sizes parameters and says the output shape for the inputs' shapes,
 * without the batch dimension) and `call` (computes the output from explicit parameters).
 */
export interface MergeLayer {
  readonly kind: string;
  readonly config: Readonly<Record<string, unknown>>;
  /** Marks a layer that takes a list of inputs. */
  readonly merges: true;
  /** Parameters and output shape for inputs of these shapes (at least two). */
  build(
    inputShapes: ReadonlyArray<readonly number[]>,
    rng: Rng,
  ): { params: Record<string, InitialTensor>; state?: Record<string, InitialTensor>; outputShape: number[] };
  /** Merges the inputs (same order as connected). */
  call(xs: readonly tf.Tensor[], params: Readonly<Record<string, tf.Tensor>>, context: CallContext): tf.Tensor;
}

const listed = (shapes: ReadonlyArray<readonly number[]>) => shapes.map((s) => `[${s.join(', ')}]`).join(', ');

function atLeastTwo(kind: string, shapes: ReadonlyArray<readonly number[]>): void {
  if (shapes.length < 2)
    throw new NnError(`${kind}: merges at least two inputs, got ${shapes.length}; connect it to a list [a, b, …]`);
}

/**
 * Element-wise sum of inputs of one shape: the skip connection of a residual block,
 * a[l+2] = g(z[l+2] + a[l]) (He et al. 2016), when followed by an activation. No parameters.
 * Shapes must be equal (no broadcasting): a mismatch is a wiring mistake, not an intent.
 *
 * @example
 * const h = connect(dense({ units: 16 }), connect(dense({ units: 16, activation: 'relu' }), x));
 * const residual = connect(add(), [x, h]);
 */
export function add(): MergeLayer {
  return {
    kind: 'add',
    config: {},
    merges: true,
    build(inputShapes) {
      atLeastTwo('add', inputShapes);
      const first = inputShapes[0]!.join();
      if (!inputShapes.every((s) => s.join() === first)) {
        throw new NnShapeError(
          `add: inputs have shapes ${listed(inputShapes)}; every input must have the same shape (project the skip path with a dense or conv layer of matching size)`,
        );
      }
      return { params: {}, outputShape: [...inputShapes[0]!] };
    },
    call(xs) {
      return xs.length === 2 ? tf.add(xs[0]!, xs[1]!) : tf.addN([...xs]);
    },
  };
}

/** Options of `concatenate`: the axis to join along. */
export interface ConcatenateOptions {
  /** Axis counted with the batch dimension as 0, as Keras; negative counts from the end. Default -1 (features). */
  axis?: number;
}

/**
 * Joins inputs along one axis (default the last: features), as Keras' `Concatenate`: branches of
 * an inception-style block, or two inputs (image features and metadata) before a shared head.
 * Every other dimension must agree. No parameters.
 *
 * @example
 * const joined = connect(concatenate(), [imageFeatures, metadata]); // [batch, 64] and [batch, 8] → [batch, 72]
 */
export function concatenate(concatenateOptions?: ConcatenateOptions): MergeLayer {
  const { axis = -1 } = options(concatenateOptions, 'concatenate');
  if (!(Number.isInteger(axis) && axis !== 0)) {
    throw new NnError(
      `concatenate: axis must be a non-zero integer (0 is the batch; -1 the last axis), got ${shown(axis)}`,
    );
  }
  // The axis without the batch dimension, for the shapes `build` sees.
  const axisOf = (rank: number) => (axis < 0 ? rank + axis : axis - 1);
  return {
    kind: 'concatenate',
    config: { axis },
    merges: true,
    build(inputShapes) {
      atLeastTwo('concatenate', inputShapes);
      const rank = inputShapes[0]!.length;
      const at = axisOf(rank);
      if (at < 0 || at >= rank || !inputShapes.every((s) => s.length === rank)) {
        throw new NnShapeError(
          `concatenate: inputs have shapes ${listed(inputShapes)} (without the batch); axis ${axis} needs inputs of one rank that has it`,
        );
      }
      const others = (s: readonly number[]) => s.filter((_, i) => i !== at).join();
      if (!inputShapes.every((s) => others(s) === others(inputShapes[0]!))) {
        throw new NnShapeError(
          `concatenate: inputs have shapes ${listed(inputShapes)}; every dimension but axis ${axis} must agree`,
        );
      }
      const outputShape = [...inputShapes[0]!];
      outputShape[at] = inputShapes.reduce((sum, s) => sum + s[at]!, 0);
      return { params: {}, outputShape };
    },
    call(xs) {
      return tf.concat([...xs], axis < 0 ? xs[0]!.rank + axis : axis);
    },
  };
}
