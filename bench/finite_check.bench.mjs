// The optimizer's per-step finiteness check on the MLP's gradient shapes (784-256-128-10), wasm or
// cpu (argv[2]): three kernels per tensor and a stack (IsFinite, LogicalNot, Any) against
// nonFiniteFlags' one kernel call, same process, alternating; median of 5 batches of 50 calls.
import { nonFiniteFlags, tf, useBackend } from '@mlrecipe/tensor';

const backend = process.argv[2] ?? 'wasm';
await useBackend(backend, { threads: 1 });
const shapes = [[784, 256], [256], [256, 128], [128], [128, 10], [10]];
const grads = shapes.map((s) => tf.randomNormal(s));
const threeKernels = () =>
  Uint8Array.from(tf.tidy(() => tf.stack(grads.map((g) => tf.any(tf.logicalNot(tf.isFinite(g))))).dataSync()));
const oneKernel = () => nonFiniteFlags(grads);
const medianMs = (fn) => {
  for (let i = 0; i < 20; i++) fn();
  const runs = [];
  for (let r = 0; r < 5; r++) {
    const start = performance.now();
    for (let i = 0; i < 50; i++) fn();
    runs.push((performance.now() - start) / 50);
  }
  return runs.sort((a, b) => a - b)[2];
};
console.log(`finiteness check of the MLP's 6 gradients on ${backend} (1 thread)`);
for (let round = 0; round < 3; round++) {
  const before = medianMs(threeKernels);
  const after = medianMs(oneKernel);
  console.log(
    `  IsFinite+LogicalNot+Any per tensor ${(before * 1000).toFixed(0).padStart(5)} µs   nonFiniteFlags ${(after * 1000).toFixed(0).padStart(5)} µs   ${(before / after).toFixed(2)}× faster`,
  );
}
