import type * as tf from '@tensorflow/tfjs-core';

/**
 * Identity that shares the input's memory, as tfjs' cpu and webgl backends do. tfjs wasm 4.22
 * copies: and the engine runs Identity on every tensor it keeps for the backward pass
 * (Engine.clone in saveTensorsForBackwardMode), so a CNN training step copied each activation
 * (24 calls, 9.4 of 142 ms of kernel time in a loaded tf.profile of bench/cnn.bench.mjs' step).
 * Sharing is safe because kernels never write into their inputs; the backend frees the memory when
 * its last reference is disposed (refCount), as for Reshape.
 */
export function sharedIdentityKernel(original: tf.KernelConfig): tf.KernelConfig {
  return {
    ...original,
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: tf.TensorInfo };
      // Strings live outside the wasm heap; the stock kernel handles them.
      if (x.dtype === 'string') return original.kernelFunc(args);
      (args.backend as tf.KernelBackend & { incRef(dataId: tf.DataId): void }).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  };
}
