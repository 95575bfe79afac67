import type * as tf from '@tensorflow/tfjs-core';
import { callKernel, release } from './kernel_calls.js';

/**
 * Wraps BatchMatMul / _FusedMatMul so that transposed operands are transposed explicitly first:
 * tfjs wasm (XNNPACK) multiplies untransposed operands on its fast path and falls to a scalar loop
 * for transposeA/transposeB (0.8–3.5 GFLOP/s instead of ~41 measured here). Backward passes are
 * full of transposed products. int32 operands, which the wasm kernel refuses, are multiplied in
 * float32 and cast back (exact while |values| < 2^24), which makes tf.math.confusionMatrix work.
 */
export function explicitTransposeMatMul(backendName: string) {
  return (original: tf.KernelFunc): tf.KernelFunc =>
    (args) => {
      const { inputs, backend, attrs } = args;
      const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
      const kb = backend as tf.KernelBackend;
      const temporaries: tf.TensorInfo[] = [];
      const prepare = (t: tf.TensorInfo, transpose: boolean): tf.TensorInfo => {
        let out = t;
        if (out.dtype === 'int32') {
          out = callKernel(backendName, 'Cast', kb, { x: out }, { dtype: 'float32' });
          temporaries.push(out);
        }
        if (transpose) {
          const rank = out.shape.length;
          const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
          out = callKernel(backendName, 'Transpose', kb, { x: out }, { perm });
          temporaries.push(out);
        }
        return out;
      };
      const int32 = a.dtype === 'int32' && b.dtype === 'int32';
      const result = original({
        inputs: { ...inputs, a: prepare(a, transposeA), b: prepare(b, transposeB) },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      }) as tf.TensorInfo;
      release(kb, ...temporaries);
      if (!int32) return result;
      const cast = callKernel(backendName, 'Cast', kb, { x: result }, { dtype: 'int32' });
      release(kb, result);
      return cast;
    };
}
