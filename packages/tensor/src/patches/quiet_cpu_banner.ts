import * as tf from '@tensorflow/tfjs-core';

/**
 * Silences tfjs' cpu backend banner ("install our node backend…"): it advertises tfjs-node, whose
 * install downloads libtensorflow, to everyone who picks cpu on purpose; availableBackends() says
 * what can run here instead.
 */
export function quietCpuBanner(): void {
  const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu !== null && cpu.firstUse === true) cpu.firstUse = false;
}
