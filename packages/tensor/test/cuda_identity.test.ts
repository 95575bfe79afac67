import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { BackendUnavailableError, currentBackend, useBackend } from '../src/index.js';

// No GPU and no libtensorflow here: stand-ins register under tfjs' name 'tensorflow' with the flags
// tfjs-node's NodeJSKernelBackend sets (isGPUPackage from the registering package's name,
// isUsingGpuDevice from libtensorflow's devices), on a CPU backend so setBackend succeeds.
function registerStandIn(flags: { isGPUPackage?: boolean; isUsingGpuDevice?: boolean }) {
  tf.registerBackend('tensorflow', () => Object.assign(new MathBackendCPU(), flags));
}

beforeAll(async () => {
  await useBackend('wasm');
});
afterEach(async () => {
  await useBackend('wasm');
  if (tf.findBackendFactory('tensorflow') !== null) tf.removeBackend('tensorflow');
});

it("refuses 'cuda' for a CPU tfjs-node registration, says so, and leaves the backend that ran before", async () => {
  registerStandIn({ isGPUPackage: false, isUsingGpuDevice: false });
  const error = await useBackend('cuda').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BackendUnavailableError);
  expect((error as BackendUnavailableError).code).toBe('BACKEND_UNAVAILABLE');
  expect((error as Error).message).toMatch(
    /backend 'cuda' cannot be used: 'tensorflow' is registered by @tensorflow\/tfjs-node, the CPU build.*import @tensorflow\/tfjs-node-gpu instead/,
  );
  expect(tf.getBackend()).toBe('wasm');
  expect(currentBackend()).toBe('wasm');
  const cpuBuild = await useBackend('tensorflow');
  expect(cpuBuild.reason).toBe(
    "asked for 'tensorflow': registered by @tensorflow/tfjs-node, computing on the CPU (libtensorflow found no GPU)",
  );
});

it("'auto' never calls a CPU tfjs-node \"cuda\": it skips cuda with the reason and selects 'tensorflow', saying which package", async () => {
  registerStandIn({ isGPUPackage: false, isUsingGpuDevice: false });
  const selection = await useBackend('auto');
  expect(selection.name).toBe('tensorflow');
  expect(selection.skipped.map((s) => s.name)).toEqual(['cuda']);
  expect(selection.skipped[0]!.reason).toMatch(/registered by @tensorflow\/tfjs-node, the CPU build/);
  expect(selection.reason).toMatch(
    /cuda could not be used: registered by @tensorflow\/tfjs-node, computing on the CPU/,
  );
  expect(currentBackend()).toBe('tensorflow');
});

it("refuses 'cuda' for tfjs-node-gpu that found no GPU (it would compute on the CPU), and 'auto' says so", async () => {
  registerStandIn({ isGPUPackage: true, isUsingGpuDevice: false });
  await expect(useBackend('cuda')).rejects.toThrow(
    /'tensorflow' is @tensorflow\/tfjs-node-gpu but libtensorflow found no GPU \(CUDA 11.x and cuDNN 8 must be installed and visible\)/,
  );
  const selection = await useBackend('auto');
  expect(selection.name).toBe('tensorflow');
  expect(selection.reason).toMatch(
    /registered by @tensorflow\/tfjs-node-gpu, computing on the CPU \(libtensorflow found no GPU\)/,
  );
});

it("accepts 'cuda' for tfjs-node-gpu on a GPU, and 'auto' picks it first, saying so", async () => {
  registerStandIn({ isGPUPackage: true, isUsingGpuDevice: true });
  const cuda = await useBackend('cuda');
  expect(cuda.name).toBe('cuda');
  expect(cuda.reason).toBe("asked for 'cuda': registered by @tensorflow/tfjs-node-gpu, computing on a CUDA GPU");
  await useBackend('wasm');
  const auto = await useBackend('auto');
  expect(auto.name).toBe('cuda');
  expect(auto.skipped).toEqual([]);
  expect(auto.reason).toMatch(
    /^the fastest backend in the node order .*: registered by @tensorflow\/tfjs-node-gpu, computing on a CUDA GPU$/,
  );
});

it("refuses 'cuda' for a 'tensorflow' backend that does not say what it is", async () => {
  registerStandIn({});
  await expect(useBackend('cuda')).rejects.toThrow(
    /not by tfjs-node or tfjs-node-gpu \(it does not say isGPUPackage\)/,
  );
  const other = await useBackend('tensorflow');
  expect(other.reason).toBe(
    "asked for 'tensorflow': the 'tensorflow' backend does not say which package registered it",
  );
});
