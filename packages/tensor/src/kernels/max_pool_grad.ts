import * as tf from '@tensorflow/tfjs-core';

/**
 * MaxPoolGrad in TypeScript for backends whose kernel is wrong: tfjs wasm 4.22 routes gradients to
 * the wrong inputs once the batch has more than one image or the height is odd (max error 1.5
 * against cpu on [2, 8, 8, 3], found by the parity suite). Each output's gradient goes to the
 * first maximum of its window, as on cpu.
 */
export function maxPoolGradKernel(backendName: string): tf.KernelConfig {
  return {
    kernelName: tf.MaxPoolGrad,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
      const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
      const info = tf.backend_util.computePool2DInfo(
        input.shape as [number, number, number, number],
        filterSize,
        strides,
        1,
        pad,
        dimRoundingMode,
      );
      const kb = backend as tf.KernelBackend;
      const x = kb.readSync(input.dataId) as Float32Array;
      const g = kb.readSync(dy.dataId) as Float32Array;
      const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
      const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
      const { top, left } = info.padInfo;
      const dx = new Float32Array(x.length);
      for (let b = 0; b < batchSize; b++) {
        for (let oh = 0; oh < outHeight; oh++) {
          const h0 = oh * strideHeight - top;
          for (let ow = 0; ow < outWidth; ow++) {
            const w0 = ow * strideWidth - left;
            for (let c = 0; c < channels; c++) {
              let best = Number.NEGATIVE_INFINITY;
              let at = -1;
              for (let fh = 0; fh < filterHeight; fh++) {
                const h = h0 + fh;
                if (h < 0 || h >= inHeight) continue;
                for (let fw = 0; fw < filterWidth; fw++) {
                  const w = w0 + fw;
                  if (w < 0 || w >= inWidth) continue;
                  const index = ((b * inHeight + h) * inWidth + w) * channels + c;
                  if (x[index]! > best) {
                    best = x[index]!;
                    at = index;
                  }
                }
              }
              if (at >= 0) dx[at]! += g[((b * outHeight + oh) * outWidth + ow) * channels + c]!;
            }
          }
        }
      }
      return { dataId: kb.write(dx, input.shape, 'float32'), shape: input.shape, dtype: 'float32' };
    },
  };
}
