// The control block a GEMM pool shares with its helper threads: int32 words in wasm memory, read
// and written with Atomics. One layout for both sides (gemm_pool.ts and the helper's source).

/** Job generation; helpers sleep on it (Atomics.wait) between products. */
export const SEQ = 0;
/**
 * (generation & 0x7fffff) << 8 | next chunk: chunks are claimed with compare-and-swap. Once every
 * chunk is claimed the caller closes the word (next = CLOSED), so no late helper can claim again.
 */
export const CLAIM = 1;
export const CLOSED = 0xff;
export const TAG_MASK = 0x7fffff;
/** Test hook: microseconds a helper spins before each chunk (0 in use). */
export const DELAY = 2;
/** The product: a, sAi, sAk, b, sBk, sBn, M, N, K, panels of the largest chunk, chunks. */
export const JOB = 4;
export const JOB_WORDS = 11;
/** Per helper h: ready flag at READY + h, busy generation at BUSY + h (0 while asleep). */
export const READY = 16;
export const BUSY = 32;
/** Per helper h: its scratch memory, pointer at SCRATCH + 2h and bytes at SCRATCH + 2h + 1. */
export const SCRATCH = 48;
export const MAX_HELPERS = 15;
/** Per chunk c: the generation it was finished in at DONE + 2c, and by which helper at DONE + 2c + 1. */
export const DONE = 80;
export const MAX_CHUNKS = 64;
/** Chunk c covers panels [START + c, START + c + 1): sizes shrink towards the end (see chunkStarts). */
export const START = DONE + 2 * MAX_CHUNKS;
export const CONTROL_WORDS = START + MAX_CHUNKS + 1;

/**
 * The helper thread, a classic script for Node's worker_threads (eval) and browsers' Worker (Blob
 * URL). It instantiates the kernels on the shared memory, then loops: sleep until the generation
 * moves, claim chunks of the product, compute each into its own scratch (packed panels, then its
 * columns of C, row stride N), and publish it as done. It never writes outside its scratch, so a
 * helper that is late (descheduled on a busy core) can never overwrite memory the main thread has
 * moved on with: the main thread computes a late chunk itself and ignores the helper's copy.
 */
export const HELPER_SOURCE = `'use strict';
const nodePort = typeof require === 'function' ? require('node:worker_threads').parentPort : null;
const start = ({ module, memory, control, index }) => {
  const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const ctl = new Int32Array(memory.buffer, control, ${CONTROL_WORDS});
  Atomics.store(ctl, ${READY} + index, 1);
  let seen = Atomics.load(ctl, ${SEQ});
  for (;;) {
    Atomics.wait(ctl, ${SEQ}, seen);
    const generation = Atomics.load(ctl, ${SEQ});
    seen = generation;
    Atomics.store(ctl, ${BUSY} + index, generation);
    const tag = generation & ${TAG_MASK};
    const [a, sAi, sAk, b, sBk, sBn, M, N, K, per, chunks] = ctl.slice(${JOB}, ${JOB + JOB_WORDS});
    const scratch = ctl[${SCRATCH} + 2 * index];
    for (;;) {
      const word = Atomics.load(ctl, ${CLAIM});
      const chunk = word & 0xff;
      if (word >>> 8 !== tag || chunk >= chunks) break;
      if (Atomics.compareExchange(ctl, ${CLAIM}, word, word + 1) !== word) continue;
      const delay = Atomics.load(ctl, ${DELAY});
      if (delay > 0) { const until = performance.now() + delay / 1000; while (performance.now() < until); }
      const p0 = ctl[${START} + chunk];
      const p1 = ctl[${START} + chunk + 1];
      const out = scratch + K * per * 32;
      k.packB(b, K, N, sBk, sBn, scratch, p0, p1);
      k.gemm(a, sAi, sAk, scratch, out + p0 * 32, N, M, N, K, 0, p0, p1);
      ctl[${DONE} + 2 * chunk + 1] = index;
      Atomics.store(ctl, ${DONE} + 2 * chunk, generation);
      Atomics.notify(ctl, ${DONE} + 2 * chunk);
    }
    Atomics.store(ctl, ${BUSY} + index, 0);
  }
};
if (nodePort !== null) nodePort.once('message', start);
else self.onmessage = (event) => { self.onmessage = null; start(event.data); };
`;

/** Bytes of scratch a helper needs for a product: packed panels of one chunk, then M×N outputs. */
export function helperScratchBytes(M: number, N: number, K: number, per: number): number {
  return (K * per * 8 + M * N) * 4;
}

/**
 * Where each chunk starts, in panels (and the end): guided sizes, each about the remaining panels
 * over 2 × threads, so the last chunks are single panels and a thread finishing early waits for
 * at most one small chunk of another (a tail that fixed sizes made 11 % of the MLP step).
 */
export function chunkStarts(panels: number, threads: number, maxChunks: number): number[] {
  const starts = [0];
  let at = 0;
  while (at < panels) {
    const left = panels - at;
    const chunksLeft = maxChunks - (starts.length - 1); // chunks still allowed, this one included
    at += chunksLeft <= 1 ? left : Math.max(1, Math.ceil(left / (2 * threads)));
    starts.push(at);
  }
  return starts;
}
