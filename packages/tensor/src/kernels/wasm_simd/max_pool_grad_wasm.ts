import type * as tf from '@tensorflow/tfjs-core';
import { maxPoolGradInfo, windowGeometry } from '../max_pool_grad.js';
import { offsetOf, simdKernelsFor, type WasmBackendInternals, withScratch } from './simd_kernels.js';

/**
 * MaxPoolGrad on wasm in SIMD over channels, reading and writing the wasm heap in place (the
 * TypeScript kernel it replaces copied x and dy out and dx back in). Same routing: each output's
 * gradient to the first maximum of its window (row by row, strict >), nothing for a window of NaNs.
 * `fallback` (the TypeScript kernel) runs where the module is unavailable.
 */
export function simdMaxPoolGrad(fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const backend = args.backend as WasmBackendInternals;
    const kernels = simdKernelsFor(backend);
    const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
    if (kernels === null || input.dtype !== 'float32' || input.shape.length !== 4) return fallback(args);
    const info = maxPoolGradInfo(input, args.attrs as unknown as tf.MaxPoolGradAttrs);
    const dx = backend.makeOutput([...input.shape], 'float32');
    withScratch(backend, info.inChannels * 4, (at) =>
      kernels.maxPoolGrad(
        offsetOf(backend, input),
        offsetOf(backend, dy),
        offsetOf(backend, dx),
        at,
        info.batchSize,
        ...windowGeometry(info),
      ),
    );
    return dx;
  };
}
