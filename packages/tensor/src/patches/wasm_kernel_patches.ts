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

/** The tfjs-backend-wasm release the replacements below were written and parity-tested for. */
export const WASM_FIXES_WRITTEN_FOR = '4.22.';

/**
 * mlrecipe's kernels for tfjs-backend-wasm `version`, in the order they are installed. The bug each
 * one fixes is stated in its kernel file (src/kernels/), with how it was found.
 */
export function wasmKernelPatches(backendName: string, version: string): TfjsPatch[] {
  const replace = (name: string, kernelName: string, replacement: (original: tf.KernelConfig) => tf.KernelConfig) =>
    replaceKernel({ name, kernelName, backendName, version, writtenFor: WASM_FIXES_WRITTEN_FOR, replacement });
  return [
    addMissingKernel('Conv2DBackpropFilter (missing on wasm)', conv2dBackpropFilterKernel(backendName)),
    replace('OneHot to float32', tf.OneHot, ownKernel(oneHotKernel(backendName))),
    replace('MaxPoolGrad routing', tf.MaxPoolGrad, ownKernel(maxPoolGradKernel(backendName))),
    replace('Identity without a copy', tf.Identity, sharedIdentityKernel),
    ...[tf.BatchMatMul, tf._FusedMatMul].map((kernelName) =>
      replace(`${kernelName} transposed operands`, kernelName, wrapKernel(explicitTransposeMatMul(backendName))),
    ),
    ...[tf.Conv2D, tf.FusedConv2D].map((kernelName) =>
      replace(`${kernelName} 'same' padding`, kernelName, wrapKernel(explicitSamePadding('conv2d'))),
    ),
    replace('Conv2DBackpropInput stride 1', tf.Conv2DBackpropInput, wrapKernel(forwardConvBackpropInput(backendName))),
    ...[tf.DepthwiseConv2dNative, tf.FusedDepthwiseConv2D].map((kernelName) =>
      replace(`${kernelName} 'same' padding`, kernelName, wrapKernel(explicitSamePadding('depthwise'))),
    ),
  ];
}
