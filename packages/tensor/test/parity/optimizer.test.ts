import { expect, it } from 'vitest';
import { parityTests } from './parity_suite.js';

parityTests('optimizer');

it('runs the SIMD module on the threaded build too (its memory is shared)', async () => {
  const { tf } = await import('../../src/index.js');
  const { simdKernelsFor, wasmMemoryOf } = await import('../../src/kernels/wasm_simd/simd_kernels.js');
  expect(wasmMemoryOf(tf.backend())?.buffer).toBeInstanceOf(SharedArrayBuffer);
  expect(simdKernelsFor(tf.backend())).not.toBeNull();
});
