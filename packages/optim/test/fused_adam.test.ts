// optim's adam through createOptimizer takes the fused step (tensor's adamApply: one kernel per
// parameter on cpu and wasm). It must give the bits of the unfused chain (scaleByAdam, then
// scaleByLearningRate, then applyUpdates) at every step, with a schedule, leave the same state
// (so checkpoints and setState are unchanged), and leak nothing.
import { countTensors, tf, useBackend } from '@mlrecipe/tensor';
import { describe, expect, it } from 'vitest';
import { adam, createOptimizer, inverseSqrtStepDecay, stateToJSON } from '../src/index.js';

const seeded = (n: number, seed: number) => {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
};

describe.each(['cpu', 'wasm'] as const)('on %s', (backend) => {
  it('gives the bits of the unfused chain over 30 steps with a decaying rate, and the same state', async () => {
    await useBackend(backend);
    const before = countTensors();
    const make = () =>
      tf.tidy(() => ({
        kernel: tf.variable(tf.tensor2d(seeded(1031, 1), [1031, 1])),
        bias: tf.variable(tf.tensor1d(seeded(3, 2))),
      }));
    const [fusedParams, chainParams] = [make(), make()];
    const transform = () => adam({ learningRate: inverseSqrtStepDecay({ initial: 0.05, k: 0.3 }) });
    const unfused = { ...transform(), applyFused: undefined };
    expect(transform().applyFused).toBeTypeOf('function');
    const fused = createOptimizer(transform(), fusedParams);
    const chained = createOptimizer(unfused, chainParams);
    for (let t = 1; t <= 30; t++) {
      const grads = { kernel: tf.tensor2d(seeded(1031, 10 + t), [1031, 1]), bias: tf.tensor1d(seeded(3, 100 + t)) };
      fused.step(grads);
      chained.step(grads);
      tf.dispose(Object.values(grads));
    }
    for (const name of ['kernel', 'bias'] as const) {
      expect(Array.from(fusedParams[name].dataSync())).toEqual(Array.from(chainParams[name].dataSync()));
    }
    expect(JSON.stringify(await stateToJSON(fused.state))).toBe(JSON.stringify(await stateToJSON(chained.state)));
    fused.dispose();
    chained.dispose();
    tf.dispose([...Object.values(fusedParams), ...Object.values(chainParams)]);
    expect(countTensors()).toBe(before);
  });
});
