import { createRng } from '@mlrecipe/tensor';

/** Two Gaussian blobs in 2-D with means ±`centre` on both axes, labels alternating 0 and 1. */
export function blobs(rows: number, seed: number, centre = 1.5) {
  const rng = createRng(seed);
  const y = Int32Array.from({ length: rows }, (_, i) => i % 2);
  const x = Float32Array.from({ length: rows * 2 }, (_, k) =>
    rng.normal(y[Math.floor(k / 2)] === 1 ? centre : -centre, 1),
  );
  return { x: { values: x, shape: [rows, 2] }, y: { values: y, shape: [rows] } };
}
