import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_SPECS, type BackendName } from './backend_specs.js';
import { InvalidArgumentError } from './errors.js';

/** What a computation needs from a backend and what the backend lacks. */
export interface KernelReport {
  /** The tfjs backend checked. */
  readonly backend: string;
  /** Every kernel the computation runs, forward and (for a loss function) backward, sorted. */
  readonly needed: readonly string[];
  /** The needed kernels the backend has no implementation of. */
  readonly missing: readonly string[];
}

/**
 * Kernels that training mlrecipe's layers needs (dense, conv2d, max/avg pooling, batch norm,
 * dropout, the activations, softmax/sigmoid cross-entropy, Adam), forward and backward. Derived by
 * profiling such a training step on the cpu backend; test/check_kernels.test.ts re-derives it and
 * fails if this list misses one.
 */
export const LAYER_TRAINING_KERNELS: readonly string[] = [
  'Abs',
  'Add',
  'AddN',
  'AvgPool',
  'AvgPoolGrad',
  'BatchMatMul',
  'Cast',
  'Conv2D',
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'Elu',
  'EluGrad',
  'Exp',
  'Fill',
  'FusedBatchNorm',
  'Greater',
  'GreaterEqual',
  'Identity',
  'LeakyRelu',
  'Less',
  'Log',
  'Log1p',
  'Max',
  'MaxPool',
  'MaxPoolGrad',
  'Maximum',
  'Mean',
  'Minimum',
  'Multiply',
  'Neg',
  'OneHot',
  'Prelu',
  'RealDiv',
  'Relu',
  'Reshape',
  'Rsqrt',
  'Select',
  'Sigmoid',
  'Softmax',
  'Sqrt',
  'Square',
  'Step',
  'Sub',
  'Sum',
  'Tanh',
  'Tile',
  'Transpose',
  'ZerosLike',
];

/**
 * Pre-flight: lists the kernels a computation needs that a backend lacks, before training starts,
 * instead of failing mid-epoch with "Kernel 'X' not registered".
 *
 * `target` is a list of kernel names, or a function returning a scalar loss of trainable
 * `tf.Variable`s: it is run once on the cpu backend (which has every kernel) under `tf.profile`,
 * with its gradients, and the kernels it ran are checked against `backend` (default: the current one).
 *
 * @example
 * const { missing } = await checkKernels(() => lossOf(params), 'wasm');
 */
export async function checkKernels(
  target: readonly string[] | (() => tf.Scalar),
  backend: BackendName | string = tf.getBackend(),
): Promise<KernelReport> {
  if (typeof backend !== 'string') {
    throw new InvalidArgumentError(
      `checkKernels: backend must be a backend name such as 'wasm', got ${typeof backend}`,
    );
  }
  // Own keys only: '__proto__' or 'hasOwnProperty' must not read Object.prototype as a backend.
  const tfjsName = Object.hasOwn(BACKEND_SPECS, backend)
    ? (BACKEND_SPECS as Record<string, { tfjsName: string }>)[backend]!.tfjsName
    : backend;
  if (!tf.engine().registryFactory || !Object.hasOwn(tf.engine().registryFactory, tfjsName)) {
    throw new InvalidArgumentError(
      `checkKernels: backend '${backend}' is not registered; select it with useBackend first`,
    );
  }
  if (
    typeof target !== 'function' &&
    !(Array.isArray(target) && target.every((k) => typeof k === 'string' && k !== ''))
  ) {
    throw new InvalidArgumentError(
      `checkKernels: target must be kernel names (e.g. LAYER_TRAINING_KERNELS) or a loss function, got ${JSON.stringify(target) ?? typeof target}`,
    );
  }
  const needed = typeof target === 'function' ? await profileKernels(target) : [...new Set(target)].sort();
  const missing = needed.filter((name) => tf.getKernel(name, tfjsName) === undefined);
  return { backend: tfjsName, needed, missing };
}

async function profileKernels(loss: () => tf.Scalar): Promise<string[]> {
  const previous = tf.getBackend();
  if (tf.findBackendFactory('cpu') === null) await import('@tensorflow/tfjs-backend-cpu');
  await tf.setBackend('cpu');
  try {
    const info = await tf.profile(() => {
      const { value, grads } = tf.variableGrads(loss);
      tf.dispose([value, ...Object.values(grads)]);
    });
    // Custom-gradient ops (softmaxCrossEntropy__op) appear in the profile beside their kernels: keep real kernels only.
    return [...new Set(info.kernelNames)].filter((name) => tf.getKernel(name, 'cpu') !== undefined).sort();
  } finally {
    if (previous !== undefined && previous !== 'cpu') await tf.setBackend(previous);
  }
}
