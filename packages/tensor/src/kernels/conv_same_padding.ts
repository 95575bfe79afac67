import * as tf from '@tensorflow/tfjs-core';

/**
 * Passes 'same' padding to convolutions as the explicit amounts tfjs computes. tfjs wasm 4.22 gets
 * some 'same' convolutions wrong when padding is needed along one axis only (x [2, 7, 9, 3],
 * filter 3×2, strides [2, 3]: max error 9.1 against cpu, found by the parity suite); the same
 * convolution with the same padding given explicitly is right.
 */
export function explicitSamePadding(kind: 'conv2d' | 'depthwise') {
  return (original: tf.KernelFunc): tf.KernelFunc =>
    (args) => {
      const attrs = args.attrs as unknown as tf.Conv2DAttrs;
      if (attrs.pad !== 'same') return original(args);
      const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
      const info = tf.backend_util.computeConv2DInfo(
        x.shape as [number, number, number, number],
        filter.shape as [number, number, number, number],
        attrs.strides,
        attrs.dilations ?? 1,
        'same',
        attrs.dimRoundingMode,
        kind === 'depthwise',
        'channelsLast',
      );
      const { top, bottom, left, right } = info.padInfo;
      const pad: tf.backend_util.ExplicitPadding = [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ];
      return original({ ...args, attrs: { ...args.attrs, pad } as unknown as tf.NamedAttrMap });
    };
}
