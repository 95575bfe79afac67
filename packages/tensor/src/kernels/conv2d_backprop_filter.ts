import * as tf from '@tensorflow/tfjs-core';
import { callKernel, release } from './kernel_calls.js';

/**
 * Conv2DBackpropFilter for backends that lack it (tfjs wasm 4.22), built from their forward
 * convolution: dW[kh, kw, ci, co] = Σₙ,ₒₕ,ₒw x[n, oh·s + kh − pad, ow·s + kw − pad, ci]·dy[n, oh, ow, co]
 * is a forward convolution of xᵀ ([ci, H, W, n], channels = batch) with dyᵀ ([OH, OW, n, co] as the
 * filter), stride 1 and dilation s, which then lands as [ci, KH, KW, co] and is transposed back.
 * Only NHWC and dilation 1 reach this kernel: tfjs' conv2d gradient refuses dilated convolutions.
 */
export function conv2dBackpropFilterKernel(backendName: string): tf.KernelConfig {
  return {
    kernelName: tf.Conv2DBackpropFilter,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const { dataFormat } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
      if (dataFormat === 'NCHW') {
        throw new Error(`Conv2DBackpropFilter on ${backendName} supports NHWC only (got NCHW)`);
      }
      const info = filterGradientInfo(x, attrs as unknown as tf.Conv2DBackpropFilterAttrs);
      const [strideH, strideW] = [info.strideHeight, info.strideWidth];
      const [, inH, inW] = x.shape as [number, number, number, number];
      const [, outH, outW] = dy.shape as [number, number, number, number];
      // Input extent the valid convolution must see to produce exactly filterHeight × filterWidth outputs.
      const needH = info.filterHeight - 1 + (outH - 1) * strideH + 1;
      const needW = info.filterWidth - 1 + (outW - 1) * strideW + 1;
      const { top, left } = info.padInfo;
      const b = backend as tf.KernelBackend;
      const call = (name: string, ins: Record<string, tf.TensorInfo>, at: Record<string, unknown>) =>
        callKernel(backendName, name, b, ins, at);

      const temporaries: tf.TensorInfo[] = [];
      let xt = call('Transpose', { x }, { perm: [3, 1, 2, 0] }); // [ci, H, W, n]
      temporaries.push(xt);
      const bottom = needH - (inH + top);
      const right = needW - (inW + left);
      if (top > 0 || left > 0 || bottom > 0 || right > 0) {
        xt = call(
          'PadV2',
          { x: xt },
          {
            paddings: [
              [0, 0],
              [top, Math.max(bottom, 0)],
              [left, Math.max(right, 0)],
              [0, 0],
            ],
            constantValue: 0,
          },
        );
        temporaries.push(xt);
      }
      if (bottom < 0 || right < 0) {
        xt = call('Slice', { x: xt }, { begin: [0, 0, 0, 0], size: [-1, needH, needW, -1] });
        temporaries.push(xt);
      }
      const dyt = call('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }); // [OH, OW, n, co]
      temporaries.push(dyt);
      const grad = call(
        'Conv2D',
        { x: xt, filter: dyt },
        { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [strideH, strideW] },
      ); // [ci, KH, KW, co]
      temporaries.push(grad);
      const result = call('Transpose', { x: grad }, { perm: [1, 2, 0, 3] }); // [KH, KW, ci, co]
      release(b, ...temporaries);
      return result;
    },
  };
}

/** The convolution's geometry as Conv2DBackpropFilter sees it (NHWC, dilation 1). */
export function filterGradientInfo(x: tf.TensorInfo, attrs: tf.Conv2DBackpropFilterAttrs) {
  return tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
}
