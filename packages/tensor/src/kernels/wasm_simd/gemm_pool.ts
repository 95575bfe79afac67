// Matrix products shared between the calling thread and helper threads, by columns (8-column
// panels), on a wasm memory both can see. Chunks are claimed with compare-and-swap, so the calling
// thread never waits for a helper to start: on a busy machine it simply computes more chunks
// itself. A chunk a helper claimed but has not finished in time is computed again by the caller;
// helpers write only into their own scratch memory, so a late one cannot corrupt anything. Every
// chunk runs the same code over the same panels, so the bits never depend on who computed what.
//
// Why our own threads rather than tfjs': XNNPACK's pthreadpool spins while it waits and splits
// work statically, so one busy core stalls every product (issue 17: two threads ran at half the
// speed of one under load).

import {
  BUSY,
  CLAIM,
  CLOSED,
  CONTROL_WORDS,
  chunkStarts,
  DELAY,
  DONE,
  HELPER_SOURCE,
  helperScratchBytes,
  JOB,
  MAX_CHUNKS,
  MAX_HELPERS,
  READY,
  SCRATCH,
  SEQ,
  START,
  TAG_MASK,
} from './gemm_protocol.js';
import type { SimdKernels } from './simd_kernels.js';
import { SplitChooser, type SplitMode } from './split_chooser.js';

/** C (M×N) = A·B as the single-threaded kernel takes it; pointers are byte offsets in the pool's memory. */
export interface GemmJob {
  a: number;
  sAi: number;
  sAk: number;
  b: number;
  sBk: number;
  sBn: number;
  c: number;
  M: number;
  N: number;
  K: number;
}

/** What decides how a product runs: its shape and operand layout. */
export type ShapeOf = Pick<GemmJob, 'M' | 'N' | 'K'> & Partial<Pick<GemmJob, 'sAi' | 'sBn'>>;

const shapeKey = (job: ShapeOf) => `${job.M}×${job.K}×${job.N}/${job.sAi ?? 0}/${job.sBn ?? 0}`;

/** Starts a helper thread from its source and sends it `init` (Node's worker_threads, or a browser Worker). */
export type SpawnWorker = (source: string, init: unknown) => { terminate(): void };

/** Persistent blocks of the pool's memory (tfjs' allocator, or a region the pool owns). */
export interface PoolAllocator {
  alloc(bytes: number): number;
  free(pointer: number): void;
}

/** Products smaller than this (2·M·N·K flops) stay on the calling thread: waking a helper costs more. */
const MIN_FLOPS = 1 << 21;

/** Large products kept on the calling thread after one whose helper was late (see split). */
export const BACKOFF_PRODUCTS = 16;

/** A helper that has not finished a claimed chunk after this many times the caller's own chunk time is presumed descheduled. */
const PATIENCE = 2;

// Blocking waits are refused on browsers' main thread; there the caller polls instead.
const canBlock = (() => {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
})();

export class GemmPool {
  readonly helpers: number;
  private readonly controlPointer: number;
  private generation = 0;
  private mainScratch = { pointer: 0, bytes: 0 };
  private backoff = 0;
  private readonly chooser = new SplitChooser();
  /** Whether `split` follows the timings (tests of the sharing itself turn it off). */
  adaptive = true;
  private readonly workers: Array<{ terminate(): void }> = [];
  /** How the last large product was shared (chunks 1: it ran on the calling thread), for tests and benchmarks. */
  lastSplit: { chunks: number; byHelpers: number; recomputed: number } | null = null;

  constructor(
    private readonly memory: WebAssembly.Memory,
    module: WebAssembly.Module,
    private readonly kernels: SimdKernels,
    private readonly allocator: PoolAllocator,
    helpers: number,
    spawn: SpawnWorker,
  ) {
    this.helpers = Math.min(MAX_HELPERS, Math.max(0, helpers));
    this.controlPointer = allocator.alloc(CONTROL_WORDS * 4);
    this.view().fill(0);
    for (let h = 0; h < this.helpers; h++) {
      this.workers.push(spawn(HELPER_SOURCE, { module, memory, control: this.controlPointer, index: h }));
    }
  }

  /** Helpers that have started (they start asynchronously; until then the caller works alone). */
  readyHelpers(): number[] {
    const control = this.view();
    const ready: number[] = [];
    for (let h = 0; h < this.helpers; h++) if (Atomics.load(control, READY + h) === 1) ready.push(h);
    return ready;
  }

  /**
   * How to run `job`: null when it is too small to share at all; else shared among threads or on
   * the calling thread alone, whichever has been faster for its shape (SplitChooser: under load
   * a late helper can make sharing slower than one thread). After a product whose helper was late
   * (a chunk computed again: its core is busy) the next BACKOFF_PRODUCTS large ones stay on the
   * calling thread whatever the timings say, then it probes again.
   */
  split(job: ShapeOf): SplitMode | null {
    if (!this.large(job)) return null;
    let mode: SplitMode = 'shared';
    if (this.backoff > 0) {
      this.backoff--;
      mode = 'solo';
    } else if (this.adaptive) {
      mode = this.chooser.choose(shapeKey(job));
    }
    if (mode === 'solo') this.lastSplit = { chunks: 1, byHelpers: 0, recomputed: 0 };
    return mode;
  }

  /** The running mean time of each way for `job`'s shape, for tests and benchmarks. */
  splitTimes(job: ShapeOf): { shared: number; solo: number } | undefined {
    return this.chooser.times(shapeKey(job));
  }

  /** Forgets every shape's timings (tests). */
  resetTimings(): void {
    this.chooser.reset();
  }

  /** Records how long a product that `split` sent one way took, for the next choice of its shape. */
  record(job: ShapeOf, mode: SplitMode, milliseconds: number): void {
    if (this.adaptive) this.chooser.record(shapeKey(job), mode, milliseconds);
  }

  /** Whether `job` is large enough to share at all (≥ 2 MFLOP, more than one panel, helpers exist). */
  large(job: ShapeOf): boolean {
    return this.helpers > 0 && 2 * job.M * job.N * job.K >= MIN_FLOPS && job.N > 8;
  }

  /** Test hook: makes helpers spin this long before each chunk, as if descheduled. */
  setHelperDelay(microseconds: number): void {
    Atomics.store(this.view(), DELAY, microseconds);
  }

  /**
   * C = A·B, shared with the ready helpers by columns; the same bits as the single-threaded kernel.
   * Returns whether it was shared (false: no helper ready, or its scratch busy, so it ran here alone).
   */
  run(job: GemmJob): boolean {
    const { M, N, K } = job;
    const k = this.kernels;
    const panels = Math.ceil(N / 8);
    const ready = this.readyHelpers();
    const threads = ready.length + 1;
    const starts = chunkStarts(panels, threads, MAX_CHUNKS);
    const chunks = starts.length - 1;
    const per = starts[1]!; // the largest chunk comes first
    const packBytes = K * per * 32;
    if (ready.length === 0 || chunks < 2 || !this.helperScratchFits(ready, helperScratchBytes(M, N, K, per))) {
      this.ensureMainScratch(K * panels * 32);
      k.packB(job.b, K, N, job.sBk, job.sBn, this.mainScratch.pointer, 0, panels);
      k.gemm(job.a, job.sAi, job.sAk, this.mainScratch.pointer, job.c, N, M, N, K, 0, 0, panels);
      this.lastSplit = { chunks: 1, byHelpers: 0, recomputed: 0 };
      return false;
    }
    this.ensureMainScratch(packBytes);
    const control = this.view();
    const generation = this.nextGeneration();
    const tag = generation & TAG_MASK;
    control.set([job.a, job.sAi, job.sAk, job.b, job.sBk, job.sBn, M, N, K, per, chunks], JOB);
    control.set(starts, START);
    Atomics.store(control, CLAIM, tag << 8);
    Atomics.store(control, SEQ, generation);
    Atomics.notify(control, SEQ);

    const computeChunk = (chunk: number) => {
      const p0 = starts[chunk]!;
      const p1 = starts[chunk + 1]!;
      k.packB(job.b, K, N, job.sBk, job.sBn, this.mainScratch.pointer, p0, p1);
      k.gemm(job.a, job.sAi, job.sAk, this.mainScratch.pointer, job.c + p0 * 32, N, M, N, K, 0, p0, p1);
    };
    const mine = new Set<number>();
    let chunkTime = 0;
    for (;;) {
      const word = Atomics.load(control, CLAIM);
      const chunk = word & 0xff;
      if (chunk >= chunks) {
        // Closed, so a helper that wakes late for this product cannot claim (see CLAIM).
        if (Atomics.compareExchange(control, CLAIM, word, (tag << 8) | CLOSED) === word) break;
        continue;
      }
      if (Atomics.compareExchange(control, CLAIM, word, word + 1) !== word) continue;
      const started = performance.now();
      computeChunk(chunk);
      chunkTime = Math.max(chunkTime, performance.now() - started);
      mine.add(chunk);
    }
    // Chunks the helpers claimed: copy each finished one from its helper's scratch; compute a late one here.
    let byHelpers = 0;
    let recomputed = 0;
    const patience = PATIENCE * (chunkTime > 0 ? chunkTime : 0.05) + 0.05;
    for (let chunk = 0; chunk < chunks; chunk++) {
      if (mine.has(chunk)) continue;
      if (!this.finished(control, chunk, generation, patience)) {
        computeChunk(chunk);
        recomputed++;
        continue;
      }
      const helper = control[DONE + 2 * chunk + 1]!;
      const p0 = starts[chunk]!;
      const cols = Math.min(N, starts[chunk + 1]! * 8) - p0 * 8;
      const out = control[SCRATCH + 2 * helper]! + packBytes + p0 * 32;
      k.copyBlock(out, N, job.c + p0 * 32, N, M, cols, 0);
      byHelpers++;
    }
    this.lastSplit = { chunks, byHelpers, recomputed };
    // A late helper: its core is busy. (Backing off also after long waits cost 17 % on a quiet
    // machine, where a helper's last chunk often ends after the caller's.)
    if (recomputed > 0) this.backoff = BACKOFF_PRODUCTS;
    return true;
  }

  /** Stops the helper threads. */
  dispose(): void {
    for (const worker of this.workers) worker.terminate();
    this.workers.length = 0;
  }

  // A view made afresh: a grown shared memory hands out a new, longer SharedArrayBuffer.
  private view(): Int32Array {
    return new Int32Array(this.memory.buffer, this.controlPointer, CONTROL_WORDS);
  }

  private nextGeneration(): number {
    this.generation = this.generation >= 0x7fffffff ? 1 : this.generation + 1;
    return this.generation;
  }

  private finished(control: Int32Array, chunk: number, generation: number, patienceMs: number): boolean {
    const at = DONE + 2 * chunk;
    const deadline = performance.now() + patienceMs;
    for (;;) {
      const seen = Atomics.load(control, at);
      if (seen === generation) return true;
      const left = deadline - performance.now();
      if (left <= 0) return false;
      // Blocking gives a helper sharing this core the time to finish.
      if (canBlock) Atomics.wait(control, at, seen, left);
    }
  }

  private ensureMainScratch(bytes: number): void {
    if (this.mainScratch.bytes >= bytes) return;
    if (this.mainScratch.bytes > 0) this.allocator.free(this.mainScratch.pointer);
    const size = Math.max(bytes, 2 * this.mainScratch.bytes);
    this.mainScratch = { pointer: this.allocator.alloc(size), bytes: size };
  }

  /**
   * Whether every ready helper's scratch holds `bytes`, growing it where needed. Only an asleep
   * helper's scratch may be replaced (a busy one may still write into it), so a busy helper with
   * too little scratch makes this product run on the calling thread.
   */
  private helperScratchFits(ready: number[], bytes: number): boolean {
    const control = this.view();
    for (const h of ready) {
      if (control[SCRATCH + 2 * h + 1]! >= bytes) continue;
      if (Atomics.load(control, BUSY + h) !== 0) return false;
      const old = control[SCRATCH + 2 * h]!;
      const size = Math.max(bytes, 2 * control[SCRATCH + 2 * h + 1]!);
      control[SCRATCH + 2 * h] = this.allocator.alloc(size);
      control[SCRATCH + 2 * h + 1] = size;
      if (old !== 0) this.allocator.free(old);
    }
    return true;
  }
}
