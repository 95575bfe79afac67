import * as tf from '@tensorflow/tfjs-core';

type Inputs = Record<string, tf.TensorInfo>;

/**
 * Calls another kernel of the same backend directly, as tfjs' own composite kernels do: no op
 * wrapper, no gradient tape, the result stays in the backend's storage.
 */
export function callKernel(
  backendName: string,
  kernelName: string,
  backend: tf.KernelBackend,
  inputs: Inputs,
  attrs: Record<string, unknown> = {},
): tf.TensorInfo {
  const kernel = tf.getKernel(kernelName, backendName);
  if (kernel === undefined) throw new Error(`kernel ${kernelName} is not registered for backend '${backendName}'`);
  return kernel.kernelFunc({ inputs, backend, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
}

/** Frees intermediate results of direct kernel calls. */
export function release(backend: tf.KernelBackend, ...infos: tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}
