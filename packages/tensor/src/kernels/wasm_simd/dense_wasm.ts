import type * as tf from '@tensorflow/tfjs-core';
import { Dense, type DenseActivation, DenseReluGrad } from '../dense.js';
import { multiplyOnWasm } from './mat_mul.js';
import { offsetOf, simdKernelsFor, type WasmBackendInternals } from './simd_kernels.js';

/** The fused layer on wasm (registered with mlrecipe's other wasm kernels, patches/wasm_kernel_patches.ts). */
export function denseKernel(backendName: string): tf.KernelConfig {
  return {
    kernelName: Dense,
    backendName,
    kernelFunc: ({ inputs, backend: kb, attrs }) => {
      const backend = kb as WasmBackendInternals;
      const { x, kernel, bias } = inputs as { x: tf.TensorInfo; kernel: tf.TensorInfo; bias?: tf.TensorInfo };
      const kernels = simdKernelsFor(backend)!;
      const [M, K] = x.shape as [number, number];
      const N = kernel.shape[1]!;
      const out = backend.makeOutput([M, N], 'float32');
      const job = {
        a: offsetOf(backend, x),
        sAi: K,
        sAk: 1,
        b: offsetOf(backend, kernel),
        sBk: N,
        sBn: 1,
        c: offsetOf(backend, out),
        M,
        N,
        K,
      };
      multiplyOnWasm(backend, kernels, [job], true);
      const relu = (attrs as { activation: DenseActivation }).activation === 'relu';
      if (bias !== undefined || relu) {
        kernels.biasRelu(job.c, bias === undefined ? 0 : offsetOf(backend, bias), M, N, relu ? 1 : 0);
      }
      return out;
    },
  };
}

/** The relu layer's backward epilogue on wasm: dz and db in one pass. */
export function denseReluGradKernel(backendName: string): tf.KernelConfig {
  return {
    kernelName: DenseReluGrad,
    backendName,
    kernelFunc: ({ inputs, backend: kb }) => {
      const backend = kb as WasmBackendInternals;
      const { dy, y } = inputs as { dy: tf.TensorInfo; y: tf.TensorInfo };
      const [M, N] = dy.shape as [number, number];
      const dz = backend.makeOutput([M, N], 'float32');
      const db = backend.makeOutput([N], 'float32');
      simdKernelsFor(backend)!.reluBiasGrad(
        offsetOf(backend, dy),
        offsetOf(backend, y),
        offsetOf(backend, dz),
        offsetOf(backend, db),
        M,
        N,
      );
      return [dz, db];
    },
  };
}
