// mlrecipe's wasm SIMD kernels (src/kernels/wasm_simd/): the committed module is what the source
// compiles to, the tfjs internals they rely on are there, the fused Adam step is bit-identical to
// the composed ops it replaces, and every kernel hands over to tfjs' route when the module cannot
// run. Numbers against cpu: the parity suite (test/parity/, cases in src/testing/parity_cases.ts).
import { expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script, no types
import { generated } from '../scripts/build-wasm.mjs';
import {
  adamApply,
  adamMoments,
  expectNoLeaks,
  InvalidArgumentError,
  registerBackendFixes,
  tf,
  useBackend,
} from '../src/index.js';
import { adamMomentsComposed } from '../src/kernels/adam_moments.js';
import { simdBatchMatMul } from '../src/kernels/wasm_simd/mat_mul.js';
import { prepareSimdKernels, simdKernelsFor, wasmMemoryOf } from '../src/kernels/wasm_simd/simd_kernels.js';
import { describeOnBackends } from '../src/testing/index.js';
import { seededTensor } from '../src/testing/parity.js';

it('the committed module is what assembly/simd_kernels.ts compiles to (else: pnpm --filter @mlrecipe/tensor run build:wasm)', async () => {
  const { readFileSync } = await import('node:fs');
  const committed = readFileSync(new URL('../src/kernels/wasm_simd/simd_module.generated.ts', import.meta.url), 'utf8');
  expect(committed).toBe(await generated());
}, 60_000);

it('tfjs wasm 4.22 exposes the memory, allocator and tensor offsets the kernels use, and the SIMD patches are installed', async () => {
  expect(await prepareSimdKernels()).toBeNull();
  await useBackend('wasm', { threads: 1 });
  const backend = tf.backend() as unknown as {
    wasm: { _malloc?: unknown; _free?: unknown };
    dataIdMap?: { get?: unknown };
    makeOutput?: unknown;
  };
  expect(wasmMemoryOf(tf.backend())).toBeInstanceOf(WebAssembly.Memory);
  expect(typeof backend.wasm._malloc).toBe('function');
  expect(typeof backend.wasm._free).toBe('function');
  expect(typeof backend.dataIdMap?.get).toBe('function');
  expect(typeof backend.makeOutput).toBe('function');
  expect(simdKernelsFor(tf.backend())).not.toBeNull();
  const { installed } = await registerBackendFixes('wasm');
  expect(installed).toEqual(expect.arrayContaining(['fused Adam step (SIMD)', 'Sum over leading axes (SIMD)']));
});

describeOnBackends(['cpu', 'wasm'], 'adamMoments', () => {
  const attrsAt = (t: number) => ({
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    correction1: 1 - 0.9 ** t,
    correction2: 1 - 0.999 ** t,
  });

  it('is bit-identical to the twelve composed ops, at every step count and size (SIMD blocks and tail)', () => {
    expectNoLeaks(() => {
      for (const [size, t] of [
        [1, 1],
        [7, 2],
        [64, 10],
        [1031, 5000],
      ] as const) {
        const g = seededTensor([size], size, { low: -5, high: 5 });
        const m = seededTensor([size], size + 1, { low: -1, high: 1 });
        const v = seededTensor([size], size + 2, { low: 0, high: 3 });
        const fused = adamMoments(g, m, v, attrsAt(t));
        const composed = adamMomentsComposed(g, m, v, attrsAt(t));
        for (const [i, f] of fused.entries()) {
          expect(Array.from(f.dataSync())).toEqual(Array.from(composed[i]!.dataSync()));
        }
        tf.dispose([g, m, v, ...fused, ...composed]);
      }
    });
  });

  it('matches Adam worked by hand for one element', () => {
    // g = 0.5, m = 0.1, v = 0.04, step 1: m' = 0.09 + 0.05 = 0.14, v' = 0.03996 + 0.00025 = 0.04021,
    // update = (0.14 / 0.1) / (√(0.04021 / 0.001) + 1e-8) = 1.4 / 6.341135…
    const [update, m, v] = adamMoments(tf.tensor1d([0.5]), tf.tensor1d([0.1]), tf.tensor1d([0.04]), attrsAt(1));
    expect(m.dataSync()[0]).toBeCloseTo(0.14, 6);
    expect(v.dataSync()[0]).toBeCloseTo(0.04021, 6);
    expect(update.dataSync()[0]).toBeCloseTo(1.4 / Math.sqrt(40.21), 5);
    tf.dispose([update, m, v]);
  });

  it('refuses mismatched shapes, other dtypes and disposed state with a typed error, leaking nothing', () => {
    expectNoLeaks(() => {
      const g = tf.ones([3]);
      const short = tf.zeros([2]);
      const ints = tf.zeros([3], 'int32');
      const gone = tf.zeros([3]);
      gone.dispose();
      expect(() => adamMoments(g, short, g, attrsAt(1))).toThrow(/mean has shape \[2\] but the gradient has \[3\]/);
      expect(() => adamMoments(g, g, ints, attrsAt(1))).toThrow(InvalidArgumentError);
      expect(() => adamMoments(g, gone, g, attrsAt(1))).toThrow(/live float32/);
      tf.dispose([g, short, ints]);
    });
  });
});

describeOnBackends(['cpu', 'wasm'], 'adamApply', () => {
  const attrsAt = (t: number, learningRate: number) => ({
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    correction1: 1 - 0.9 ** t,
    correction2: 1 - 0.999 ** t,
    learningRate,
  });

  it('is bit-identical to adamMoments, the learning-rate Multiply and the Add of applyUpdates', () => {
    expectNoLeaks(() => {
      for (const [size, t, rate] of [
        [1, 1, 1e-3],
        [7, 2, 0.3],
        [1031, 5000, 1e-3],
      ] as const) {
        const p = seededTensor([size], size + 3, { low: -2, high: 2 });
        const g = seededTensor([size], size, { low: -5, high: 5 });
        const m = seededTensor([size], size + 1, { low: -1, high: 1 });
        const v = seededTensor([size], size + 2, { low: 0, high: 3 });
        const fused = adamApply(p, g, m, v, attrsAt(t, rate));
        const [update, ...moments] = adamMomentsComposed(g, m, v, attrsAt(t, rate));
        const composed = [tf.tidy(() => tf.add(p, tf.mul(update!, -rate))), ...moments];
        for (const [i, f] of fused.entries()) {
          expect(Array.from(f.dataSync())).toEqual(Array.from(composed[i]!.dataSync()));
        }
        tf.dispose([p, g, m, v, update!, ...fused, ...composed]);
      }
    });
  });

  it('matches a step worked by hand, and refuses a bad parameter or rate with a typed error', () => {
    // As the adamMoments example, then p' = 1 − 0.1·1.4/√40.21.
    const [p, m, v] = adamApply(
      tf.tensor1d([1]),
      tf.tensor1d([0.5]),
      tf.tensor1d([0.1]),
      tf.tensor1d([0.04]),
      attrsAt(1, 0.1),
    );
    expect(p.dataSync()[0]).toBeCloseTo(1 - (0.1 * 1.4) / Math.sqrt(40.21), 6);
    expect(m.dataSync()[0]).toBeCloseTo(0.14, 6);
    tf.dispose([p, m, v]);
    expectNoLeaks(() => {
      const g = tf.ones([3]);
      const short = tf.zeros([2]);
      expect(() => adamApply(short, g, g, g, attrsAt(1, 0.1))).toThrow(/parameter must be a live float32 tensor/);
      expect(() => adamApply(g, g, g, g, attrsAt(1, 0))).toThrow(/learningRate must be a finite number > 0, got 0/);
      expect(() => adamApply(g, g, g, g, attrsAt(1, Number.NaN))).toThrow(InvalidArgumentError);
      tf.dispose([g, short]);
    });
  });
});

it('hands a product to tfjs when the module cannot reach the backend memory (a tfjs release that moved it)', () => {
  const calls: string[] = [];
  const fallback: tf.KernelFunc = () => {
    calls.push('fallback');
    return { dataId: {}, shape: [1, 1], dtype: 'float32' };
  };
  const backendWithoutMemory = { wasm: {} } as unknown as tf.KernelBackend;
  expect(simdKernelsFor(backendWithoutMemory)).toBeNull();
  const a = { dataId: {}, shape: [1, 1], dtype: 'float32' } as tf.TensorInfo;
  simdBatchMatMul(fallback)({
    inputs: { a, b: a },
    backend: backendWithoutMemory,
    attrs: { transposeA: false, transposeB: false },
  });
  expect(calls).toEqual(['fallback']);
});
