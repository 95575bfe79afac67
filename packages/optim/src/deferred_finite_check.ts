import { tf } from '@mlrecipe/tensor';

/**
 * Finiteness of gradients decided on the device, for backends where reading a flag back stalls
 * the GPU's queue (WebGL, WebGPU): one 0/1 flag per gradient (its elements times 0 summed is 0 when
 * all are finite, NaN otherwise) and `ok`, true when every flag is 0. Nothing is read here.
 */
export function deviceFiniteFlags(gradients: readonly tf.Tensor[]): { flags: tf.Tensor1D; ok: tf.Scalar } {
  return tf.tidy(() => {
    const flags = tf.stack(gradients.map((g) => tf.isNaN(tf.sum(tf.mul(g, 0))))) as tf.Tensor1D;
    return { flags, ok: tf.logicalNot(tf.any(flags)) as tf.Scalar };
  });
}

/**
 * `next` where `ok`, else `previous`, leaf by leaf: tensors through `tf.where` (on the device),
 * other leaves (step counts) from `next`. Makes an update a no-op on the device when its gradients
 * were not finite, without reading `ok` back.
 */
export function selectTree<T>(ok: tf.Scalar, next: T, previous: T): T {
  if (next instanceof tf.Tensor) {
    const after: tf.Tensor = next;
    const before = previous as unknown;
    return (
      before instanceof tf.Tensor ? tf.where(tf.broadcastTo(ok, after.shape), after, before) : after.clone()
    ) as T;
  }
  if (Array.isArray(next)) {
    return next.map((item, i) => selectTree(ok, item, (previous as unknown[] | undefined)?.[i])) as T;
  }
  if (next !== null && typeof next === 'object') {
    return Object.fromEntries(
      Object.entries(next).map(([key, value]) => [
        key,
        selectTree(ok, value, (previous as Record<string, unknown> | undefined)?.[key]),
      ]),
    ) as T;
  }
  return next;
}
