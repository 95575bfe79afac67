/**
 * mlrecipe's float32 policy: numerical constants are explicit numbers, the same on every backend.
 * tfjs' `backend.epsilon()` is 1e-7 in float32 and 1e-4 on 16-bit WebGL, so an optimizer or loss
 * that reads it computes different things on different backends. Ours never read it.
 */

/** Machine epsilon of float32: 2^-23, the gap between 1 and the next float32. */
export const FLOAT32_EPSILON = 1.1920928955078125e-7;

/** Smallest positive normal float32 (2^-126): below it, float32 loses precision (subnormals). */
export const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38;

/** Probabilities are clipped to [PROBABILITY_EPSILON, 1 − PROBABILITY_EPSILON] before a log when a loss is not computed from logits. */
export const PROBABILITY_EPSILON = 1e-7;

/** The ε of Adam and RMSProp (Kingma & Ba 2015; PyTorch and Optax use the same). */
export const OPTIMIZER_EPSILON = 1e-8;

/** The ε of batch normalisation's √(σ² + ε) (Keras' default). */
export const BATCH_NORM_EPSILON = 1e-3;
