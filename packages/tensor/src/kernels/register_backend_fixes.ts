import * as tf from '@tensorflow/tfjs-core';
import { explicitSamePadding } from './conv_same_padding.js';
import { conv2dBackpropFilterKernel } from './conv2d_backprop_filter.js';
import { forwardConvBackpropInput } from './conv2d_backprop_input.js';
import { overrideKernel } from './kernel_calls.js';
import { explicitTransposeMatMul } from './mat_mul_transposed.js';
import { maxPoolGradKernel } from './max_pool_grad.js';
import { oneHotKernel } from './one_hot.js';

const patched = new Set<string>();
const restorers = new Map<string, Array<() => void>>();

/**
 * Registers mlrecipe's kernels for a backend, once: the missing ones (wasm's
 * Conv2DBackpropFilter) and fixes of slow or wrong ones (wasm's transposed matMul, stride-1 Conv2DBackpropInput, OneHot, MaxPoolGrad,
 * 'same' padding of convolutions).
 * `useBackend` calls it before the backend initialises.
 */
export function registerBackendFixes(backendName: string): void {
  if (patched.has(backendName) || backendName !== 'wasm') return;
  patched.add(backendName);
  const undo: Array<() => void> = [];
  for (const config of [
    conv2dBackpropFilterKernel(backendName),
    oneHotKernel(backendName),
    maxPoolGradKernel(backendName),
  ]) {
    const previous = tf.getKernel(config.kernelName, backendName);
    if (previous !== undefined) tf.unregisterKernel(config.kernelName, backendName);
    tf.registerKernel(config);
    undo.push(() => {
      tf.unregisterKernel(config.kernelName, backendName);
      if (previous === undefined) return;
      tf.registerKernel(previous);
      // A backend initialised while ours was registered never ran the original's setup (wasm binds
      // its C function there): run it now.
      const instance = tf.engine().registry[backendName];
      if (instance !== undefined) previous.setupFunc?.(instance);
    });
  }
  for (const name of [tf.BatchMatMul, tf._FusedMatMul]) {
    undo.push(overrideKernel(name, backendName, explicitTransposeMatMul(backendName)));
  }
  for (const name of [tf.Conv2D, tf.FusedConv2D])
    undo.push(overrideKernel(name, backendName, explicitSamePadding('conv2d')));
  undo.push(overrideKernel(tf.Conv2DBackpropInput, backendName, forwardConvBackpropInput(backendName)));
  for (const name of [tf.DepthwiseConv2dNative, tf.FusedDepthwiseConv2D]) {
    undo.push(overrideKernel(name, backendName, explicitSamePadding('depthwise')));
  }
  restorers.set(backendName, undo);
}

/**
 * Puts the backend's stock kernels back (for benchmarks that compare stock tfjs with mlrecipe in
 * one process). `registerBackendFixes` can register them again.
 */
export function unregisterBackendFixes(backendName: string): void {
  for (const undo of restorers.get(backendName) ?? []) undo();
  restorers.delete(backendName);
  patched.delete(backendName);
}

/**
 * Silences tfjs' cpu backend banner ("install our node backend…"): it advertises tfjs-node, whose
 * install downloads libtensorflow, to everyone who picks cpu on purpose; availableBackends() says
 * what can run here instead.
 */
export function quietCpuBanner(): void {
  const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu !== null && cpu.firstUse === true) cpu.firstUse = false;
}
