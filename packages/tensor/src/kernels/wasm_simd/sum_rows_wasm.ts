import * as tf from '@tensorflow/tfjs-core';
import { offsetOf, simdKernelsFor, type WasmBackendInternals } from './simd_kernels.js';

/**
 * Sum over every axis but the last (a bias gradient: dy of [batch, …, channels] summed to
 * [channels]) in one SIMD pass down the rows. tfjs wasm 4.22 transposes the input so the reduced
 * axes come last and then reduces, 2.5 ms per CNN step for the two conv biases (tf.profile). Other
 * reductions go to `fallback`.
 */
export function simdSumLeadingAxes(fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const backend = args.backend as WasmBackendInternals;
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    const rank = x.shape.length;
    const kernels = simdKernelsFor(backend);
    if (kernels === null || x.dtype !== 'float32' || rank < 2 || x.shape.includes(0)) return fallback(args);
    const axes = [...tf.util.parseAxisParam(axis, x.shape)].sort((a, b) => a - b);
    const leading = axes.length === rank - 1 && axes.every((a, i) => a === i);
    if (!leading) return fallback(args);
    const channels = x.shape[rank - 1]!;
    const rows = tf.util.sizeFromShape(x.shape.slice(0, -1));
    const out = backend.makeOutput(keepDims ? [...x.shape.slice(0, -1).map(() => 1), channels] : [channels], 'float32');
    kernels.sumRows(offsetOf(backend, x), rows, channels, offsetOf(backend, out));
    return out;
  };
}
