import * as tf from '@tensorflow/tfjs-core';

/**
 * OneHot written in TypeScript for backends whose kernel is wrong: tfjs wasm 4.22 writes int32 bit
 * patterns into float32 outputs (1 reads as 1.4e-45). Indices are read back, the output is built
 * on the host and written once; one-hot labels are small next to the model's tensors.
 */
export function oneHotKernel(backendName: string): tf.KernelConfig {
  return {
    kernelName: tf.OneHot,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { indices } = inputs as { indices: tf.TensorInfo };
      const { depth, onValue, offValue, dtype } = attrs as unknown as tf.OneHotAttrs;
      const kb = backend as tf.KernelBackend;
      const values = kb.readSync(indices.dataId) as ArrayLike<number>;
      const size = tf.util.sizeFromShape(indices.shape);
      const out = tf.util.getTypedArrayFromDType(dtype as 'float32' | 'int32', size * depth) as
        | Float32Array
        | Int32Array;
      if (offValue !== 0) out.fill(offValue);
      for (let i = 0; i < size; i++) {
        const index = values[i]!;
        if (index >= 0 && index < depth) out[i * depth + index] = onValue;
      }
      const shape = [...indices.shape, depth];
      return { dataId: kb.write(out, shape, dtype), shape, dtype };
    },
  };
}
