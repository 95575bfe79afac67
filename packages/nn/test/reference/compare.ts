import { expect } from 'vitest';

/** The closed-form sequences the reference scripts in this folder use for inputs, parameters and loss weights. */
export const wave = (n: number, f: (k: number) => number): Float32Array =>
  Float32Array.from({ length: n }, (_, k) => f(k));

/** Value k of parameter j, as in the reference scripts. */
export const paramWave = (j: number, n: number): Float32Array =>
  wave(n, (k) => 0.4 * Math.sin(0.7 * k + 1.1 * j + 0.3));

/** Input value k, as in the reference scripts. */
export const inputWave = (n: number): Float32Array => wave(n, (k) => Math.sin(0.5 * k + 0.2));

/** Loss weight k (the loss is Σ output ⊙ weights), as in the reference scripts. */
export const lossWeights = (n: number): Float32Array => wave(n, (k) => Math.cos(0.3 * k + 0.1));

/** |ours − torch| ≤ 1e-5·|torch| + 1e-6: 1e-5 relative, with a floor for entries that are (nearly) zero. */
export function expectClose(actual: ArrayLike<number>, expected: readonly number[], label: string): void {
  expect(actual.length, label).toBe(expected.length);
  expected.forEach((e, i) => {
    expect(Math.abs(actual[i]! - e), `${label}[${i}]: ${actual[i]} vs torch ${e}`).toBeLessThanOrEqual(
      1e-5 * Math.abs(e) + 1e-6,
    );
  });
}
