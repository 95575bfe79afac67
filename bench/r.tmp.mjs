import { readFileSync } from 'node:fs';
import { tf, useBackend } from '@mlrecipe/tensor';

await useBackend('wasm', { threads: 1 });
const be = tf.backend();
const w = be.wasm;
const memory = w.wasmMemory ?? w.asm.memory;
const load = async (f) => (await WebAssembly.instantiate(readFileSync(f), { env: { memory } })).instance.exports;
const plain = await load('/tmp/gemm/k2.wasm');
const relaxed = await load('/tmp/gemm/r.wasm');
const ptr = (t) => be.dataIdMap.get(t.dataId).memoryOffset;
for (const [M, K, N] of [
  [128, 784, 256],
  [768, 128, 256],
  [128, 256, 128],
]) {
  const a = tf.randomNormal([M, K]),
    b = tf.randomNormal([K, N]);
  const c = tf.zeros([M, N]);
  c.dataSync();
  const packed = w._malloc(K * N * 4 + 64);
  plain.packB(ptr(b), K, N, N, 1, packed);
  const ref = tf.matMul(a, b).dataSync();
  for (const [name, E] of [
    ['plain', plain],
    ['relaxed', relaxed],
  ]) {
    const f = () => E.gemm(ptr(a), K, 1, packed, ptr(c), M, N, K, 0);
    f();
    const got = c.dataSync();
    let err = 0;
    for (let i = 0; i < ref.length; i++) err = Math.max(err, Math.abs(got[i] - ref[i]));
    let best = 1e9;
    for (let r = 0; r < 7; r++) {
      const t0 = performance.now();
      for (let i = 0; i < 20; i++) f();
      best = Math.min(best, (performance.now() - t0) / 20);
    }
    console.log(`${M}x${K}x${N} ${name} ${((2 * M * N * K) / best / 1e6).toFixed(1)} GF err ${err.toExponential(1)}`);
  }
  w._free(packed);
  tf.dispose([a, b, c]);
}
