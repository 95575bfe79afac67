/**
 * Which package registered tfjs' 'tensorflow' backend, and whether it computes on a GPU.
 * tfjs-node and tfjs-node-gpu both register under the name 'tensorflow'; their backend object
 * (NodeJSKernelBackend) says which it is: `isGPUPackage` is set from the package name it was built
 * by, `isUsingGpuDevice` from libtensorflow's list of devices (false when CUDA or cuDNN is missing,
 * in which case tfjs-node-gpu silently computes on the CPU).
 */
export interface TensorflowBackendIdentity {
  /** The package that registered it, or null when the backend does not say (a custom registration). */
  readonly packageName: '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu' | null;
  /** Whether libtensorflow found a GPU; null when the backend does not say. */
  readonly gpu: boolean | null;
}

/** Reads the identity of a running 'tensorflow' backend (`tf.backend()` after `setBackend('tensorflow')`). */
export function identifyTensorflowBackend(backend: unknown): TensorflowBackendIdentity {
  const b = (backend ?? {}) as { isGPUPackage?: unknown; isUsingGpuDevice?: unknown };
  const packageName =
    b.isGPUPackage === true ? '@tensorflow/tfjs-node-gpu' : b.isGPUPackage === false ? '@tensorflow/tfjs-node' : null;
  return { packageName, gpu: typeof b.isUsingGpuDevice === 'boolean' ? b.isUsingGpuDevice : null };
}

/** A sentence for a selection's reason: which package and which device. */
export function describeTensorflowBackend({ packageName, gpu }: TensorflowBackendIdentity): string {
  if (packageName === null) return "the 'tensorflow' backend does not say which package registered it";
  const device =
    gpu === true ? 'on a CUDA GPU' : gpu === false ? 'on the CPU (libtensorflow found no GPU)' : 'on an unknown device';
  return `registered by ${packageName}, computing ${device}`;
}

/**
 * Why a running 'tensorflow' backend is not CUDA, or null when it is: tfjs-node-gpu that found a
 * GPU. 'auto' and useBackend('cuda') refuse the rest, so a CPU build is never called "cuda".
 */
export function notCuda(identity: TensorflowBackendIdentity): string | null {
  if (identity.packageName === null)
    return "is registered, but not by tfjs-node or tfjs-node-gpu (it does not say isGPUPackage), so it cannot be shown to be CUDA; use useBackend('tensorflow') for it";
  if (identity.packageName === '@tensorflow/tfjs-node')
    return "is registered by @tensorflow/tfjs-node, the CPU build of libtensorflow (it shares the name 'tensorflow' with tfjs-node-gpu); for CUDA import @tensorflow/tfjs-node-gpu instead of @tensorflow/tfjs-node, or use useBackend('tensorflow') for the CPU build";
  if (identity.gpu !== true)
    return `is @tensorflow/tfjs-node-gpu but libtensorflow ${identity.gpu === false ? 'found no GPU' : 'does not say whether it found a GPU'} (CUDA 11.x and cuDNN 8 must be installed and visible), so it would compute on the CPU; use useBackend('tensorflow') to run on the CPU knowingly`;
  return null;
}
