import * as tf from '@tensorflow/tfjs-core';
import { simdKernelsFor } from './wasm_simd/simd_kernels.js';

/** The name of mlrecipe's fused dense-layer kernel, y = act(x·W + b) (our own, prefixed). */
export const Dense = 'MlrecipeDense';
/** The name of its backward epilogue for relu layers: the masked gradient and the bias gradient in one pass. */
export const DenseReluGrad = 'MlrecipeDenseReluGrad';

/** The activations the fused layer applies itself. */
export type DenseActivation = 'linear' | 'relu';

// Why fused: under a gradient tape tfjs does not fuse relu into its matMul, so a relu layer is a
// product, an Add, a Relu and their tape copies forward, and Step, Cast, Multiply, Sum and Reshapes
// backward — about 15 kernel calls per layer per step around its two products. This is one call
// forward and one backward (plus the products), with the same float operations in the same order,
// so the same bits as the composed ops on wasm (test/dense.test.ts).

let gradientRegistered = false;

function registerGradient(): void {
  if (gradientRegistered) return;
  if (tf.getGradient(Dense) === undefined) {
    tf.registerGradient({
      kernelName: Dense,
      inputsToSave: ['x', 'kernel'],
      outputsToSave: [true],
      gradFunc: (dy, saved, attrs) => {
        const [x, kernel, y] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        const upstream = dy as tf.Tensor2D;
        const relu = (attrs as unknown as { activation: DenseActivation }).activation === 'relu';
        const [dz, db] = relu
          ? (tf.engine().runKernel(DenseReluGrad, { dy: upstream, y }, {}) as [tf.Tensor2D, tf.Tensor1D])
          : [upstream, null];
        return {
          x: () => tf.matMul(dz, kernel, false, true),
          kernel: () => tf.matMul(x, dz, true, false),
          bias: () => db ?? tf.sum(dz, 0),
        };
      },
    });
  }
  gradientRegistered = true;
}

/**
 * act(x·W + b) for x [batch, in], W [in, units], b [units], as one kernel where the backend has it
 * (wasm with mlrecipe's SIMD kernels), with a registered gradient; null
 * elsewhere (the caller composes tfjs ops). Inputs are validated by the caller (nn's `dense`).
 */
export function fusedDense(
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor | undefined,
  activation: DenseActivation,
): tf.Tensor2D | null {
  const backendName = tf.getBackend();
  if (tf.getKernel(Dense, backendName) === undefined || simdKernelsFor(tf.backend()) === null) return null;
  if (x.dtype !== 'float32' || kernel.dtype !== 'float32' || (bias !== undefined && bias.dtype !== 'float32')) {
    return null;
  }
  if (x.rank !== 2 || kernel.rank !== 2 || x.shape[1] !== kernel.shape[0] || x.shape[0] === 0) return null;
  if (bias !== undefined && !(bias.rank === 1 && bias.shape[0] === kernel.shape[1])) return null;
  registerGradient();
  const inputs: tf.NamedTensorMap = bias === undefined ? { x, kernel } : { x, kernel, bias };
  return tf.engine().runKernel(Dense, inputs, { activation } as never) as tf.Tensor2D;
}
