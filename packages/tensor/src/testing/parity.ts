// Backend parity: run the same computation on a backend and on cpu (the reference) and compare.
// No test-framework import, so the same cases run under vitest in Node and in a Chromium page.
import * as tf from '@tensorflow/tfjs-core';
import { quietCpuBanner } from '../patches/quiet_cpu_banner.js';
import { createRng } from '../rng.js';

/** How close a backend's result must be to cpu's: |a − b| ≤ atol + rtol·|b|. */
export interface Tolerance {
  /** Relative tolerance: |a − b| ≤ atol + rtol·|b|. */
  readonly rtol: number;
  readonly atol: number;
}

/** One computation to compare across backends: its family and name, and what it returns. */
export interface ParityCase {
  readonly family: string;
  readonly name: string;
  /** Builds its inputs from seeded typed arrays (never tf.random) and returns the tensors to compare. */
  readonly run: () => tf.Tensor[];
  /** Cases whose error grows with the size of a sum state their own tolerance. */
  readonly tolerance?: Tolerance;
}

/** What `compareToCpu` found for one case on one backend. */
export interface ParityResult {
  readonly family: string;
  readonly name: string;
  readonly backend: string;
  readonly ok: boolean;
  readonly maxAbsError: number;
  readonly tolerance: Tolerance;
  readonly detail?: string;
}

/** Deterministic inputs: the same numbers on every backend and platform. */
export function seededTensor(
  shape: number[],
  seed: number,
  options: { low?: number; high?: number; dtype?: 'float32' | 'int32' } = {},
): tf.Tensor {
  const rng = createRng(seed);
  const { low = -1, high = 1, dtype = 'float32' } = options;
  const size = shape.reduce((a, b) => a * b, 1);
  const values =
    dtype === 'int32'
      ? Int32Array.from({ length: size }, () => low + rng.int(high - low))
      : Float32Array.from({ length: size }, () => rng.uniform(low, high));
  return tf.tensor(values, shape, dtype);
}

async function evaluate(
  c: ParityCase,
  backend: string,
): Promise<Array<{ shape: number[]; values: Float32Array | Int32Array | Uint8Array }>> {
  await tf.setBackend(backend);
  if (backend === 'cpu') quietCpuBanner();
  const outputs = tf.tidy(c.run);
  const data = await Promise.all(
    outputs.map(async (t) => ({ shape: t.shape, values: (await t.data()) as Float32Array | Int32Array | Uint8Array })),
  );
  tf.dispose(outputs);
  return data;
}

/**
 * Runs `c` on `backend` and on cpu and compares every output within the tolerance: the case's own
 * or `defaultTolerance`, raised to at least `floor` when given (a less precise backend, such as
 * WebGL, states its floor once instead of per case).
 */
export async function compareToCpu(
  c: ParityCase,
  backend: string,
  defaultTolerance: Tolerance,
  floor: Tolerance = { rtol: 0, atol: 0 },
): Promise<ParityResult> {
  const own = c.tolerance ?? defaultTolerance;
  const tolerance = { rtol: Math.max(own.rtol, floor.rtol), atol: Math.max(own.atol, floor.atol) };
  if (tf.findBackendFactory('cpu') === null) await import('@tensorflow/tfjs-backend-cpu');
  const previous = tf.getBackend();
  try {
    const actual = await evaluate(c, backend);
    const expected = await evaluate(c, 'cpu');
    let maxAbsError = 0;
    let detail: string | undefined;
    for (const [k, out] of actual.entries()) {
      const ref = expected[k]!;
      if (out.shape.join() !== ref.shape.join()) {
        return {
          family: c.family,
          name: c.name,
          backend,
          ok: false,
          maxAbsError: Number.POSITIVE_INFINITY,
          tolerance,
          detail: `output ${k} has shape [${out.shape}] on ${backend}, [${ref.shape}] on cpu`,
        };
      }
      for (let i = 0; i < ref.values.length; i++) {
        const a = out.values[i]!;
        const b = ref.values[i]!;
        const error = Math.abs(a - b);
        if (!(error <= tolerance.atol + tolerance.rtol * Math.abs(b)) && detail === undefined) {
          detail = `output ${k}[${i}]: ${backend} ${a}, cpu ${b}`;
        }
        if (!(error <= maxAbsError)) maxAbsError = Number.isNaN(error) ? Number.POSITIVE_INFINITY : error;
      }
    }
    return {
      family: c.family,
      name: c.name,
      backend,
      ok: detail === undefined,
      maxAbsError,
      tolerance,
      ...(detail === undefined ? {} : { detail }),
    };
  } finally {
    await tf.setBackend(previous);
  }
}
