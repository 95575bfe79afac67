import * as tf from '@tensorflow/tfjs-core';
import type { TfjsPatch } from './tfjs_patch.js';

/**
 * A patch that adds a kernel the backend lacks. It applies only while the registry still lacks it
 * (the probe): a tfjs release that ships its own kernel keeps it.
 */
export function addMissingKernel(name: string, config: tf.KernelConfig): TfjsPatch {
  return {
    name,
    applies: () =>
      tf.getKernel(config.kernelName, config.backendName) === undefined
        ? null
        : `tfjs registers its own ${config.kernelName} for ${config.backendName} now`,
    install: () => {
      if (tf.getKernel(config.kernelName, config.backendName) !== undefined) {
        throw new Error(`${config.kernelName} appeared on '${config.backendName}' while patching`);
      }
      tf.registerKernel(config);
      return () => tf.unregisterKernel(config.kernelName, config.backendName);
    },
  };
}

/**
 * A patch that replaces a kernel whose stock version is wrong or slow in the tfjs versions it was
 * written for (probing these bugs needs a running backend, which the patch must precede: the wasm
 * backend binds its C functions when it initialises). On other versions it is skipped with the
 * reason, and the parity suite says whether the bug remains.
 */
export function replaceKernel(options: {
  name: string;
  kernelName: string;
  backendName: string;
  /** The tfjs backend package version here, and the version prefix the fix was written for. */
  version: string;
  writtenFor: string;
  replacement: (original: tf.KernelConfig) => tf.KernelConfig;
}): TfjsPatch {
  const { name, kernelName, backendName, version, writtenFor, replacement } = options;
  return {
    name,
    applies: () =>
      version.startsWith(writtenFor)
        ? null
        : `written for tfjs ${writtenFor}x, this is ${version}; run the parity suite to see whether the bug remains`,
    install: () => {
      const original = tf.getKernel(kernelName, backendName);
      if (original === undefined) throw new Error(`tfjs no longer registers ${kernelName} for '${backendName}'`);
      const ours = replacement(original);
      tf.unregisterKernel(kernelName, backendName);
      tf.registerKernel(ours);
      return () => {
        tf.unregisterKernel(kernelName, backendName);
        tf.registerKernel(original);
        // A backend initialised while ours was registered never ran the original's setup when ours
        // had none (wasm binds its C function there): run it now.
        const instance = tf.engine().registry[backendName];
        if (instance !== undefined && ours.setupFunc === undefined) original.setupFunc?.(instance);
      };
    },
  };
}

/** Wraps a kernel, keeping its setup function (which the backend runs at initialisation). */
export function wrapKernel(wrap: (original: tf.KernelFunc) => tf.KernelFunc) {
  return (original: tf.KernelConfig): tf.KernelConfig => ({ ...original, kernelFunc: wrap(original.kernelFunc) });
}

/** Replaces a kernel outright with one of ours (no setup function). */
export function ownKernel(config: tf.KernelConfig) {
  return (_original: tf.KernelConfig): tf.KernelConfig => config;
}
