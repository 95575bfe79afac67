import * as tf from '@tensorflow/tfjs-core';
import { AdamApply, type AdamApplyAttrs, AdamMoments, type AdamMomentsAttrs, adamConstants } from '../adam_moments.js';
import { offsetOf, simdKernelsFor, type WasmBackendInternals } from './simd_kernels.js';

/**
 * The fused Adam step on wasm: one SIMD pass reads g, m, v and writes the update, m' and v' (the
 * composed form is twelve kernels and eleven intermediate tensors per parameter). Bit-identical
 * to the composed ops (same float32 operations in the same order).
 */
export function adamMomentsWasmKernel(backendName: string): tf.KernelConfig {
  return adamKernel(backendName, AdamMoments);
}

/** The same pass also adding −learningRate·update to the parameter (MlrecipeAdamApply): the whole optimizer step. */
export function adamApplyWasmKernel(backendName: string): tf.KernelConfig {
  return adamKernel(backendName, AdamApply);
}

function adamKernel(backendName: string, kernelName: string): tf.KernelConfig {
  return {
    kernelName,
    backendName,
    kernelFunc: ({ inputs, backend: kb, attrs }) => {
      const backend = kb as WasmBackendInternals;
      const kernels = simdKernelsFor(backend);
      if (kernels === null) throw new Error(`${kernelName}: mlrecipe's SIMD module is not available on this backend`);
      const { g, m, v, p } = inputs as { g: tf.TensorInfo; m: tf.TensorInfo; v: tf.TensorInfo; p?: tf.TensorInfo };
      const k = adamConstants(attrs as unknown as AdamMomentsAttrs);
      const outs = [0, 1, 2].map(() => backend.makeOutput(g.shape, 'float32'));
      const n = tf.util.sizeFromShape(g.shape);
      kernels.adamMoments(
        offsetOf(backend, g),
        offsetOf(backend, m),
        offsetOf(backend, v),
        ...(outs.map((o) => offsetOf(backend, o)) as [number, number, number]),
        n,
        k.b1,
        k.oneMinusB1,
        k.b2,
        k.oneMinusB2,
        k.c1,
        k.c2,
        k.eps,
        p === undefined ? 0 : offsetOf(backend, p),
        p === undefined ? 0 : Math.fround(-(attrs as unknown as AdamApplyAttrs).learningRate),
      );
      return outs;
    },
  };
}
