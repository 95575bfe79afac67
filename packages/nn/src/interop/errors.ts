import { MlrecipeError } from '@mlrecipe/tensor/errors';

/** One layer that has no counterpart on the other side, and why. */
export interface UnsupportedLayer {
  /** The layer's name (mlrecipe's `dense_1` on export, the file's own name on import). */
  readonly name: string;
  /** Its kind: mlrecipe's `gru`, or the tfjs-layers / Keras class name such as `Conv2DTranspose`. */
  readonly kind: string;
  readonly reason: string;
}

/**
 * A model cannot be converted to or from the tfjs-layers (Keras) format because some of its
 * layers, or their options, have no exact counterpart: `layers` lists every one, not only the first.
 */
export class UnsupportedLayerError extends MlrecipeError {
  readonly layers: readonly UnsupportedLayer[];

  constructor(caller: string, layers: readonly UnsupportedLayer[], fix: string) {
    super(
      'UNSUPPORTED_LAYER',
      `${caller}: ${layers.length} layer(s) cannot be converted: ${layers
        .map((l) => `${l.name} (${l.kind}): ${l.reason}`)
        .join('; ')}. ${fix}`,
    );
    this.layers = layers;
  }
}
