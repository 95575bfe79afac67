import * as tf from '@tensorflow/tfjs-core';
import { HOST_BACKENDS, hostValues } from './host_memory.js';

/** The name of mlrecipe's fused softmax cross-entropy kernel (not a tfjs op: our own, prefixed). */
export const SoftmaxCrossEntropy = 'MlrecipeSoftmaxCrossEntropy';

/**
 * Mean over rows of −Σⱼ yⱼ·log softmax(z)ⱼ, and its gradient (softmax(z) − y) / rows, in one pass
 * per row (max, log-sum-exp in double precision). `labels` are int32 class ids [rows] or float32
 * (one-hot or soft) [rows, classes]. The composed ops are about 36 kernel calls per training step
 * (forward and backward) for a 10-class head; this is two (this kernel and one Multiply).
 */
function softmaxCrossEntropyKernel(backendName: string): tf.KernelConfig {
  return {
    kernelName: SoftmaxCrossEntropy,
    backendName,
    kernelFunc: ({ inputs, backend }) => {
      const { logits, labels } = inputs as { logits: tf.TensorInfo; labels: tf.TensorInfo };
      const kb = backend as tf.KernelBackend;
      const z = hostValues(kb, logits);
      const y = hostValues(kb, labels);
      const [rows, classes] = logits.shape as [number, number];
      const ids = labels.shape.length === 1;
      const gradient = new Float32Array(rows * classes);
      let total = 0;
      for (let r = 0; r < rows; r++) {
        const base = r * classes;
        let max = Number.NEGATIVE_INFINITY;
        for (let j = 0; j < classes; j++) max = Math.max(max, z[base + j]!);
        let sum = 0;
        for (let j = 0; j < classes; j++) sum += Math.exp(z[base + j]! - max);
        const logSum = Math.log(sum);
        for (let j = 0; j < classes; j++) {
          const target = ids ? (y[r] === j ? 1 : 0) : y[base + j]!;
          const logP = z[base + j]! - max - logSum;
          if (target !== 0) total -= target * logP;
          gradient[base + j] = (Math.exp(logP) - target) / rows;
        }
      }
      return [
        { dataId: kb.write(Float32Array.of(total / rows), [], 'float32'), shape: [], dtype: 'float32' },
        { dataId: kb.write(gradient, [rows, classes], 'float32'), shape: [rows, classes], dtype: 'float32' },
      ];
    },
  };
}

let gradientRegistered = false;

/**
 * The fused loss where the backend has it (cpu, wasm; registered on first use), else null (the
 * caller composes tfjs ops). Inputs are validated by the caller (nn's `softmaxCrossEntropy`).
 */
export function fusedSoftmaxCrossEntropy(labels: tf.Tensor, logits: tf.Tensor): tf.Scalar | null {
  const backendName = tf.getBackend();
  if (!HOST_BACKENDS.includes(backendName) || logits.dtype !== 'float32') return null;
  if (tf.getKernel(SoftmaxCrossEntropy, backendName) === undefined) {
    tf.registerKernel(softmaxCrossEntropyKernel(backendName));
  }
  if (!gradientRegistered && tf.getGradient(SoftmaxCrossEntropy) === undefined) {
    tf.registerGradient({
      kernelName: SoftmaxCrossEntropy,
      outputsToSave: [false, true],
      // d loss / d logits = the saved gradient times the upstream scalar; labels get none.
      gradFunc: (dy, saved) => ({ logits: () => tf.mul(saved[0]!, (dy as tf.Tensor[])[0]!) }),
    });
    gradientRegistered = true;
  }
  const labelsIn = labels.rank === 1 && labels.dtype !== 'int32' ? tf.cast(labels, 'int32') : labels;
  try {
    const [loss, gradient] = tf
      .engine()
      .runKernel(SoftmaxCrossEntropy, { logits, labels: labelsIn }, {}) as tf.Tensor[];
    gradient!.dispose();
    return loss as tf.Scalar;
  } finally {
    if (labelsIn !== labels) labelsIn.dispose();
  }
}
