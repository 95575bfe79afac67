import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '../errors.js';
import { HOST_BACKENDS, hostValues } from './host_memory.js';
import { offsetOf, simdKernelsFor, type WasmBackendInternals } from './wasm_simd/simd_kernels.js';

/** The name of mlrecipe's kernel behind `nonFiniteFlags` (not a tfjs op: our own, prefixed). */
export const NonFiniteFlags = 'MlrecipeNonFiniteFlags';

function nonFiniteFlagsKernel(backendName: string): tf.KernelConfig {
  return {
    kernelName: NonFiniteFlags,
    backendName,
    kernelFunc: ({ inputs, backend }) => {
      const kb = backend as tf.KernelBackend;
      const list = Object.values(inputs as Record<string, tf.TensorInfo>);
      const flags = new Int32Array(list.length);
      // wasm with mlrecipe's SIMD module: one vectorised scan per tensor, in place.
      const simd = backendName === 'wasm' ? simdKernelsFor(kb) : null;
      if (simd !== null) {
        list.forEach((info, i) => {
          flags[i] = simd.anyNonFinite(offsetOf(kb as WasmBackendInternals, info), tf.util.sizeFromShape(info.shape));
        });
        return { dataId: kb.write(flags, [list.length], 'int32'), shape: [list.length], dtype: 'int32' };
      }
      list.forEach((info, i) => {
        // wasm: a view of its heap (no copy; nothing allocates while we scan). cpu: its own array.
        const values = hostValues(kb, info);
        // v − v is 0 for every finite v and NaN for ±Infinity and NaN: one test per element.
        for (let j = 0; j < values.length; j++) {
          if (values[j]! - values[j]! !== 0) {
            flags[i] = 1;
            break;
          }
        }
      });
      return { dataId: kb.write(flags, [list.length], 'int32'), shape: [list.length], dtype: 'int32' };
    },
  };
}

/**
 * One flag per tensor: 1 when it holds a NaN or ±Infinity, else 0, read back in one go. On cpu and
 * wasm this is one kernel call that scans each tensor once on the host, in place of three kernels
 * per tensor (IsFinite, LogicalNot, Any) and a stack; elsewhere (webgl, webgpu) it runs those ops,
 * which keep the data on the GPU until the one read.
 *
 * @example
 * const flags = nonFiniteFlags([gradW, gradB]); // Uint8Array [0, 1]: gradB has a NaN
 */
export function nonFiniteFlags(tensors: readonly tf.Tensor[]): Uint8Array {
  if (!Array.isArray(tensors)) {
    throw new InvalidArgumentError(`nonFiniteFlags: pass an array of float32 tensors, got ${typeof tensors}`);
  }
  for (const [i, t] of tensors.entries()) {
    if (!(t instanceof tf.Tensor)) {
      throw new InvalidArgumentError(`nonFiniteFlags: entry ${i} is ${t === null ? 'null' : typeof t}, not a tensor`);
    }
    if (t.isDisposed) {
      throw new InvalidArgumentError(`nonFiniteFlags: tensor ${i} is disposed; check gradients before disposing them`);
    }
    if (t.dtype !== 'float32') {
      throw new InvalidArgumentError(`nonFiniteFlags: tensor ${i} has dtype ${t.dtype}; pass float32 tensors`);
    }
  }
  if (tensors.length === 0) return new Uint8Array(0);
  const backendName = tf.getBackend();
  if (HOST_BACKENDS.includes(backendName)) {
    if (tf.getKernel(NonFiniteFlags, backendName) === undefined) tf.registerKernel(nonFiniteFlagsKernel(backendName));
    const inputs = Object.fromEntries(tensors.map((t, i) => [String(i), t]));
    const out = tf.engine().runKernel(NonFiniteFlags, inputs, {}) as tf.Tensor;
    const values = out.dataSync();
    out.dispose();
    return Uint8Array.from(values);
  }
  // GPU backends: a read stalls the queue, and each program costs a draw. First one number for all
  // tensors (their values times 0, summed: 0 when every value is finite, NaN otherwise: three
  // programs however many tensors); per-tensor flags only when that number says something is wrong.
  const nonEmpty = tensors.filter((t) => t.size > 0);
  if (nonEmpty.length === 0) return new Uint8Array(tensors.length);
  const total = nonFiniteSum(nonEmpty);
  const allFinite = total.dataSync()[0] === 0;
  total.dispose();
  if (allFinite) return new Uint8Array(tensors.length);
  return Uint8Array.from(tf.tidy(() => tf.stack(tensors.map((t) => tf.any(tf.logicalNot(tf.isFinite(t))))).dataSync()));
}

/**
 * One scalar on the device for all `tensors`: their values times 0, summed, which is 0 when every
 * value is finite and NaN otherwise (no overflow: each term is 0 or NaN). Nothing is read; a GPU
 * caller reads it once, or asynchronously.
 */
export function nonFiniteSum(tensors: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.mul(tf.concat(tensors.map((t) => t.reshape([-1]))), 0)));
}
