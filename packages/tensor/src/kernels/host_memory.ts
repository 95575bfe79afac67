import type * as tf from '@tensorflow/tfjs-core';

/** Backends whose tensors live in host memory (cpu's arrays, the wasm heap): kernels read them in place. */
export const HOST_BACKENDS: readonly string[] = ['cpu', 'wasm'];

type HostBackend = tf.KernelBackend & { typedArrayFromHeap?(info: tf.TensorInfo): Float32Array | Int32Array };

/** A tensor's values on a host backend: a view of the wasm heap (no copy), or cpu's own array. */
export function hostValues(backend: tf.KernelBackend, info: tf.TensorInfo): Float32Array | Int32Array {
  const kb = backend as HostBackend;
  return kb.typedArrayFromHeap?.(info) ?? (kb.readSync(info.dataId) as Float32Array | Int32Array);
}
