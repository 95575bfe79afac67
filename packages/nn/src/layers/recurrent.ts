import { type Rng, tf } from '@mlrecipe/tensor';
import { NnError, NnShapeError } from '../errors.js';
import { glorotUniform, type Initializer, initializer, warnIfZeroKernel } from '../initializers.js';
import { orthogonal } from '../orthogonal.js';
import type { InitialTensor, Layer } from './layer.js';

/** Options shared by `simpleRnn`, `gru` and `lstm`. */
export interface RecurrentOptions {
  units: number;
  /** Output every step, [batch, time, units], instead of the last one, [batch, units]. Default false. */
  returnSequences?: boolean;
  /**
   * Steps whose features all equal this value are padding (Keras' `Masking`): the state passes
   * through them unchanged, their sequence output is 0, and the last output is that of the last
   * real step. Pad variable-length sequences at the end with it. Default: no masking.
   */
  maskValue?: number;
  /** Input kernel [features, gates·units]; default glorotUniform. */
  kernelInitializer?: string | Initializer;
  /** Recurrent kernel [units, gates·units]; default orthogonal. */
  recurrentInitializer?: string | Initializer;
}

/** What `run` accepts beyond the inputs. */
export interface RecurrentRunOptions {
  /** [batch, time], 1 for real steps and 0 for padding; overrides `maskValue`. */
  mask?: tf.Tensor;
  /** The state before the first step, one [batch, units] tensor per state (h; or h then c for LSTM). Default zeros. */
  initialState?: readonly tf.Tensor[];
  /** Read the sequence from the last step to the first; sequence outputs stay aligned with the inputs. */
  reverse?: boolean;
}

/** The output (as the layer returns it) and the final state (h; or h then c for LSTM). */
export interface RecurrentResult {
  output: tf.Tensor;
  state: tf.Tensor[];
}

/** A recurrent layer: a `Layer` whose `run` also takes a mask and an initial state and returns the final state. */
export interface RecurrentLayer extends Layer {
  readonly units: number;
  readonly returnSequences: boolean;
  /** How many state tensors the layer carries (1; 2 for LSTM). */
  readonly stateCount: number;
  /** Runs the sequence with an explicit mask and initial state; returns the output and the final state. */
  run(x: tf.Tensor, params: Readonly<Record<string, tf.Tensor>>, options?: RecurrentRunOptions): RecurrentResult;
}

/** One time step of a cell: the projected input x_t·W + b [batch, gates·units] and the state → the new state (h first). */
export type CellStep = (
  projected: tf.Tensor2D,
  state: readonly tf.Tensor2D[],
  params: Readonly<Record<string, tf.Tensor>>,
) => tf.Tensor2D[];

/** What distinguishes one recurrent cell from another. */
export interface CellSpec {
  readonly kind: string;
  readonly gates: number;
  readonly stateCount: number;
  /** Biases beyond `bias` (the input bias added to x·W), e.g. GRU's recurrent bias. */
  extraParams?(units: number): Record<string, InitialTensor>;
  /** The input bias (default zeros); LSTM puts 1 on its forget gate. */
  bias?(units: number): Float32Array;
  readonly step: CellStep;
}

/**
 * 1 for steps with a feature different from `maskValue`, else 0: [batch, time]. The mask is not
 * differentiable (tfjs has no gradient for Any or NotEqual), so it is a custom op whose gradient
 * is zero, which lets gradients reach the inputs through the layer.
 */
function paddingMask(x: tf.Tensor, maskValue: number): tf.Tensor {
  return tf.customGrad((input) => ({
    value: tf.any(tf.notEqual(input as tf.Tensor, maskValue), -1).toFloat(),
    gradFunc: () => tf.zerosLike(input as tf.Tensor),
  }))(x);
}

/** Builds a recurrent layer from a cell: shared shape checks, initialisers, masking and the time loop. */
export function recurrentLayer(spec: CellSpec, options: RecurrentOptions): RecurrentLayer {
  const name = spec.kind;
  if (typeof options !== 'object' || options === null)
    throw new NnError(`${name}: give an options object such as { units: 32 }, got ${String(options)}`);
  const { units, returnSequences = false, maskValue } = options;
  if (!(Number.isInteger(units) && units >= 1))
    throw new NnError(`${name}: units must be a positive integer, got ${units}; e.g. ${name}({ units: 32 })`);
  if (maskValue !== undefined && !Number.isFinite(maskValue))
    throw new NnError(`${name}: maskValue must be a finite number, got ${maskValue}; pad with 0 and pass maskValue: 0`);
  const kernelInit = initializer(options.kernelInitializer ?? glorotUniform);
  const recurrentInit = initializer(options.recurrentInitializer ?? orthogonal);
  const width = spec.gates * units;

  const run = (
    x: tf.Tensor,
    params: Readonly<Record<string, tf.Tensor>>,
    { mask, initialState, reverse = false }: RecurrentRunOptions = {},
  ): RecurrentResult => {
    if (x.rank !== 3)
      throw new NnShapeError(
        `${name}: expects inputs of shape [batch, time, features], got [${x.shape.join(', ')}]; add a time axis`,
      );
    const [batch, time, features] = x.shape as [number, number, number];
    const kernel = params.kernel as tf.Tensor2D;
    if (kernel.shape[0] !== features)
      throw new NnShapeError(
        `${name}: inputs have ${features} features but the kernel was built for ${kernel.shape[0]}; build the layer for [time, ${features}]`,
      );
    if (mask !== undefined && !tf.util.arraysEqual(mask.shape, [batch, time]))
      throw new NnShapeError(
        `${name}: mask must be [batch, time] = [${batch}, ${time}], got [${mask.shape.join(', ')}]`,
      );
    if (initialState !== undefined) {
      if (initialState.length !== spec.stateCount)
        throw new NnError(
          `${name}: initialState must hold ${spec.stateCount} tensor(s) (${spec.stateCount === 2 ? 'h and c' : 'h'}), got ${initialState.length}`,
        );
      for (const s of initialState)
        if (!tf.util.arraysEqual(s.shape, [batch, units]))
          throw new NnShapeError(
            `${name}: each initial state must be [batch, units] = [${batch}, ${units}], got [${s.shape.join(', ')}]`,
          );
    }
    return tf.tidy(() => {
      // One matmul for every step's input projection; only the recurrent part is sequential.
      const projected = tf.add(tf.matMul(tf.reshape(x, [batch * time, features]), kernel), params.bias!);
      const steps = tf.unstack(tf.reshape(projected, [batch, time, width]), 1) as tf.Tensor2D[];
      const stepMask = mask ?? (maskValue === undefined ? undefined : paddingMask(x, maskValue));
      const masks = stepMask === undefined ? undefined : (tf.unstack(tf.expandDims(stepMask, -1), 1) as tf.Tensor2D[]);
      let state: tf.Tensor2D[] =
        initialState === undefined
          ? Array.from({ length: spec.stateCount }, () => tf.zeros([batch, units]) as tf.Tensor2D)
          : initialState.map((s) => s.toFloat() as tf.Tensor2D);
      const outputs: tf.Tensor2D[] = new Array(time);
      for (let k = 0; k < time; k++) {
        const t = reverse ? time - 1 - k : k;
        const next = spec.step(steps[t]!, state, params);
        const m = masks?.[t];
        if (m === undefined) {
          state = next;
          outputs[t] = next[0]!;
        } else {
          // Padding keeps the previous state (m = 0) and outputs 0, as PyTorch's packed sequences do.
          const keep = tf.sub(1, m);
          state = next.map((s, i) => tf.add(tf.mul(m, s), tf.mul(keep, state[i]!)) as tf.Tensor2D);
          outputs[t] = tf.mul(m, next[0]!) as tf.Tensor2D;
        }
      }
      return { output: returnSequences ? tf.stack(outputs, 1) : state[0]!, state };
    });
  };

  return {
    kind: name,
    units,
    returnSequences,
    stateCount: spec.stateCount,
    config: {
      units,
      returnSequences,
      ...(maskValue === undefined ? {} : { maskValue }),
      kernelInitializer: kernelInit.name,
      recurrentInitializer: recurrentInit.name,
    },
    build(inputShape: readonly number[], rng: Rng) {
      warnIfZeroKernel(kernelInit, name);
      if (inputShape.length !== 2)
        throw new NnShapeError(
          `${name}: expects inputs of shape [time, features] (without the batch), got [${inputShape.join(', ')}]`,
        );
      const [time, features] = inputShape as [number, number];
      return {
        params: {
          kernel: {
            values: kernelInit(features * width, { fanIn: features, fanOut: width }, rng.fork('kernel')),
            shape: [features, width],
          },
          recurrentKernel: {
            values: recurrentInit(units * width, { fanIn: units, fanOut: width }, rng.fork('recurrentKernel')),
            shape: [units, width],
          },
          bias: { values: spec.bias?.(units) ?? new Float32Array(width), shape: [width] },
          ...spec.extraParams?.(units),
        },
        outputShape: returnSequences ? [time, units] : [units],
      };
    },
    call(x, params) {
      // The final state is not returned, so it is disposed here.
      return tf.tidy(() => run(x, params).output);
    },
    run,
  };
}
