import type * as tf from '@tensorflow/tfjs-core';
import { filterGradientInfo } from '../conv2d_backprop_filter.js';
import { windowGeometry } from '../max_pool_grad.js';
import { offsetOf, simdKernelsFor, type WasmBackendInternals, withScratch } from './simd_kernels.js';

/** Rows of the patch matrix per block: a block's patches and dy panels stay in L2 (1 MiB here). */
const ROWS_PER_BLOCK = 256;

/**
 * Conv2DBackpropFilter on wasm as one matrix product, dW[(kh, kw, ci), co] = Σₚ patches[p, (kh, kw, ci)]·dy[p, co]
 * over the output positions p = (n, oh, ow), computed in blocks of ROWS_PER_BLOCK positions: each
 * block's patches are gathered (im2col) and multiplied into dW by the SIMD GEMM. Faster than the
 * forward-convolution route (`fallback`, used for dilations and where the module is unavailable)
 * on the CNN benchmark's layers, worst on one input channel where XNNPACK's channels-as-batch
 * convolution runs at ~2 GFLOP/s.
 */
export function simdConv2dBackpropFilter(fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const backend = args.backend as WasmBackendInternals;
    const kernels = simdKernelsFor(backend);
    const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    if (
      kernels === null ||
      attrs.dataFormat === 'NCHW' ||
      x.dtype !== 'float32' ||
      dy.dtype !== 'float32' ||
      x.shape.includes(0) ||
      dy.shape.includes(0)
    ) {
      return fallback(args);
    }
    const info = filterGradientInfo(x, attrs);
    const taps = info.filterHeight * info.filterWidth * info.inChannels;
    const co = info.outChannels;
    const positions = info.batchSize * info.outHeight * info.outWidth;
    const dw = backend.makeOutput([...attrs.filterShape], 'float32');
    const pdw = offsetOf(backend, dw);
    const px = offsetOf(backend, x);
    const pdy = offsetOf(backend, dy);
    const rows = Math.min(ROWS_PER_BLOCK, positions);
    const panelBytes = Math.ceil(co / 8) * 8 * rows * 4;
    withScratch(backend, rows * taps * 4 + panelBytes, (scratch) => {
      const patches = scratch;
      const packed = scratch + rows * taps * 4;
      for (let p0 = 0, block = 0; p0 < positions; p0 += rows, block++) {
        const k = Math.min(rows, positions - p0);
        kernels.im2col(px, patches, p0, p0 + k, ...windowGeometry(info));
        kernels.packB(pdy + p0 * co * 4, k, co, co, 1, packed, 0, Math.ceil(co / 8));
        // A = patchesᵀ (taps × k): element (t, p) at patches[p·taps + t].
        kernels.gemm(patches, 1, taps, packed, pdw, co, taps, co, k, block === 0 ? 0 : 1, 0, Math.ceil(co / 8));
      }
    });
    return dw;
  };
}
