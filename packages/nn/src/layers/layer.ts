import type { Rng, tf } from '@mlrecipe/tensor';

/** Initial values of one named parameter or state tensor. */
export interface InitialTensor {
  readonly values: Float32Array;
  readonly shape: readonly number[];
}

/** What a layer needs while running. */
export interface CallContext {
  readonly training: boolean;
  /** Frozen for transfer learning: layers with statistics (batch norm) behave as at inference. */
  readonly frozen?: boolean;
  /** Randomness for this step (dropout); fork it per step, the layer forks it by its name. */
  readonly rng?: Rng;
  /** The layer's state variables (batch-norm running statistics), updated in place when training. */
  readonly state: Readonly<Record<string, tf.Variable>>;
}

/**
 * A layer: pure description plus two functions. `build` sizes its parameters for an input shape
 * (without the batch dimension); `call` computes the output from explicit parameters.
 */
export interface Layer {
  readonly kind: string;
  readonly config: Readonly<Record<string, unknown>>;
  /**
   * Creates the layer's parameters (and state) for inputs of `inputShape`, seeded by `rng`, and says its output shape.
   */
  build(
    inputShape: readonly number[],
    rng: Rng,
  ): {
    params: Record<string, InitialTensor>;
    state?: Record<string, InitialTensor>;
    outputShape: number[];
  };
  /** Applies the layer to `x` with the given parameters (and the step's context: training, rng, state). */
  call(x: tf.Tensor, params: Readonly<Record<string, tf.Tensor>>, context: CallContext): tf.Tensor;
  /**
   * The input shape `call` accepts given its parameters, batch dimension first; null where any
   * size fits. `apply` checks it before calling, so a mismatch names the layer instead of
   * surfacing as a tfjs error. Absent: any shape (the layer checks what it needs itself).
   */
  expectedInput?(params: Readonly<Record<string, tf.Tensor>>): ReadonlyArray<number | null>;
}
