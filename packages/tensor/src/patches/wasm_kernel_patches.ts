import * as tf from '@tensorflow/tfjs-core';
import { explicitSamePadding } from '../kernels/conv_same_padding.js';
import { conv2dBackpropFilterKernel } from '../kernels/conv2d_backprop_filter.js';
import { forwardConvBackpropInput } from '../kernels/conv2d_backprop_input.js';
import { sharedIdentityKernel } from '../kernels/identity_shared.js';
import { explicitTransposeMatMul } from '../kernels/mat_mul_transposed.js';
import { maxPoolGradKernel } from '../kernels/max_pool_grad.js';
import { oneHotKernel } from '../kernels/one_hot.js';
import { addMissingKernel, ownKernel, replaceKernel, wrapKernel } from './kernel_patch.js';
import type { TfjsPatch } from './tfjs_patch.js';

/** The SIMD kernels' module (kernels/wasm_simd/simd_patches.ts), imported when SIMD runs here. */
export type SimdPatches = typeof import('../kernels/wasm_simd/simd_patches.js');

/** The tfjs-backend-wasm release the replacements below were written and parity-tested for. */
export const WASM_FIXES_WRITTEN_FOR = '4.22.';

/**
 * mlrecipe's kernels for tfjs-backend-wasm `version`, in the order they are installed. The bug each
 * one fixes is stated in its kernel file (src/kernels/), with how it was found. `simd`: the SIMD
 * kernels' module when mlrecipe's SIMD module runs here (prepareSimdKernels), else null.
 */
export function wasmKernelPatches(backendName: string, version: string, simd: SimdPatches | null): TfjsPatch[] {
  const replace = (name: string, kernelName: string, replacement: (original: tf.KernelConfig) => tf.KernelConfig) =>
    replaceKernel({ name, kernelName, backendName, version, writtenFor: WASM_FIXES_WRITTEN_FOR, replacement });
  // Our SIMD kernels (src/kernels/wasm_simd/) need wasm SIMD; each falls back to the route below it
  // for inputs it does not take, so without SIMD the routes alone are installed.
  const convFilter = conv2dBackpropFilterKernel(backendName);
  const poolGrad = maxPoolGradKernel(backendName);
  return [
    addMissingKernel(
      'Conv2DBackpropFilter (missing on wasm)',
      simd ? { ...convFilter, kernelFunc: simd.simdConv2dBackpropFilter(convFilter.kernelFunc) } : convFilter,
    ),
    replace('OneHot to float32', tf.OneHot, ownKernel(oneHotKernel(backendName))),
    replace(
      'MaxPoolGrad routing',
      tf.MaxPoolGrad,
      ownKernel(simd ? { ...poolGrad, kernelFunc: simd.simdMaxPoolGrad(poolGrad.kernelFunc) } : poolGrad),
    ),
    replace('Identity without a copy', tf.Identity, sharedIdentityKernel),
    replace(
      `${tf.BatchMatMul} transposed operands`,
      tf.BatchMatMul,
      wrapKernel((original) => {
        const explicit = explicitTransposeMatMul(backendName)(original);
        return simd ? simd.simdBatchMatMul(explicit) : explicit;
      }),
    ),
    replace(
      `${tf._FusedMatMul} transposed operands`,
      tf._FusedMatMul,
      wrapKernel(explicitTransposeMatMul(backendName)),
    ),
    ...[tf.Conv2D, tf.FusedConv2D].map((kernelName) =>
      replace(`${kernelName} 'same' padding`, kernelName, wrapKernel(explicitSamePadding('conv2d'))),
    ),
    replace('Conv2DBackpropInput stride 1', tf.Conv2DBackpropInput, wrapKernel(forwardConvBackpropInput(backendName))),
    ...[tf.DepthwiseConv2dNative, tf.FusedDepthwiseConv2D].map((kernelName) =>
      replace(`${kernelName} 'same' padding`, kernelName, wrapKernel(explicitSamePadding('depthwise'))),
    ),
    ...(simd
      ? [
          replace('Sum over leading axes (SIMD)', tf.Sum, wrapKernel(simd.simdSumLeadingAxes)),
          addMissingKernel('fused Adam step (SIMD)', simd.adamMomentsWasmKernel(backendName)),
          addMissingKernel('fused Adam step and update (SIMD)', simd.adamApplyWasmKernel(backendName)),
          addMissingKernel('fused dense layer (SIMD)', simd.denseKernel(backendName)),
          addMissingKernel('fused dense layer backward (SIMD)', simd.denseReluGradKernel(backendName)),
        ]
      : []),
  ];
}
