import { InvalidArgumentError } from './errors.js';

/**
 * A seeded random number generator: xoshiro128** (Blackman & Vigna), seeded through SplitMix32.
 *
 * Why our own and not `seedrandom` or `Math.random`: every later package (splits, shuffles,
 * initialisers, dropout masks, search) must give the same numbers from the same seed on every
 * platform, fork independent named streams, and save/restore its state in checkpoints.
 * xoshiro128** is fast in 32-bit integer JavaScript (Math.imul) and passes BigCrush.
 *
 * Determinism: `next`, `int`, `uniform`, `shuffle` and `permutation` are bit-identical on every
 * JavaScript engine. `normal` uses `Math.log` and `Math.sqrt`; engines may differ in the last bit of
 * `Math.log`, so normals are identical on the same engine and agree to ~1e-16 elsewhere.
 */
export interface Rng {
  /** The next 32-bit unsigned integer. */
  next(): number;
  /** A float in [low, high) with 53 random bits. Defaults to [0, 1). */
  uniform(low?: number, high?: number): number;
  /** A normal draw (Marsaglia polar method). Defaults to mean 0, standard deviation 1. */
  normal(mean?: number, std?: number): number;
  /** An unbiased integer in [0, n), for 1 ≤ n ≤ 2^32 (Lemire's method below 2^21, bitmask rejection above; unbiased). */
  int(n: number): number;
  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [index: number]: unknown }>(array: T): T;
  /** A random permutation of 0..n-1. */
  permutation(n: number): Uint32Array;
  /**
   * An independent generator for a named purpose (`rng.fork('dropout')`). A fork depends only on the
   * parent's seed and the label, not on how many numbers the parent has drawn, so adding a draw in
   * one part of a program does not change the numbers of another.
   */
  fork(label: string): Rng;
  /** A snapshot of the state, plain JSON, for checkpoints. */
  getState(): RngState;
  /** Restores a snapshot taken with `getState`. */
  setState(state: RngState): void;
}

/** A JSON-serialisable generator state. */
export interface RngState {
  readonly algorithm: 'xoshiro128**';
  /** The four 32-bit words of the state. */
  readonly s: readonly [number, number, number, number];
  /** The key forks are derived from (the seeded initial state). */
  readonly key: readonly [number, number, number, number];
  /** A cached second normal draw, or null. */
  readonly spareNormal: number | null;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
const TWO_POW_21 = 2097152;

/**
 * Creates a seeded generator. The seed is a non-negative integer (up to 2^53) or a string.
 *
 * @example
 * const rng = createRng(42);
 * rng.uniform();          // 0.5889…, the same on every platform
 * rng.fork('init').normal();
 */
export function createRng(seed: number | string): Rng {
  return new Xoshiro128(seedToState(seed));
}

/** Recreates a generator from a saved `RngState` (see `Rng.getState`). */
export function restoreRng(state: RngState): Rng {
  const rng = new Xoshiro128([0, 0, 0, 1]);
  rng.setState(state);
  return rng;
}

class Xoshiro128 implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private key: [number, number, number, number];
  private spareNormal: number | null = null;

  constructor(state: [number, number, number, number]) {
    [this.s0, this.s1, this.s2, this.s3] = state;
    this.key = [...state];
  }

  next(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  uniform(low = 0, high = 1): number {
    if (!(Number.isFinite(low) && Number.isFinite(high) && low <= high)) {
      throw new InvalidArgumentError(`rng.uniform: need finite low <= high, got low ${low}, high ${high}`);
    }
    // 27 + 26 bits, as in the reference genrand_res53: exactly representable, never 1.
    const a = this.next() >>> 5;
    const b = this.next() >>> 6;
    const u = (a * 67108864 + b) / TWO_POW_53;
    return low + (high - low) * u;
  }

  normal(mean = 0, std = 1): number {
    if (!(Number.isFinite(mean) && Number.isFinite(std) && std >= 0)) {
      throw new InvalidArgumentError(`rng.normal: need finite mean and std >= 0, got mean ${mean}, std ${std}`);
    }
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + std * z;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = this.uniform(-1, 1);
      v = this.uniform(-1, 1);
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * factor;
    return mean + std * u * factor;
  }

  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new InvalidArgumentError(`rng.int: n must be an integer in [1, 2^32], got ${n}`);
    }
    return this.bounded(n);
  }

  /** An unbiased integer in [0, n) without argument checks, for hot loops. */
  private bounded(n: number): number {
    if (n <= TWO_POW_21) {
      // Lemire's nearly divisionless method (ACM TOMACS 2019): x·n < 2^53 is exact in a double.
      // The high word of x·n is uniform on [0, n) once low words below 2^32 mod n are rejected.
      let product = this.next() * n;
      let high = Math.floor(product / TWO_POW_32);
      let low = product - high * TWO_POW_32;
      if (low < n) {
        const threshold = (TWO_POW_32 - n) % n;
        while (low < threshold) {
          product = this.next() * n;
          high = Math.floor(product / TWO_POW_32);
          low = product - high * TWO_POW_32;
        }
      }
      return high;
    }
    // Bitmask rejection: draw below the next power of two, reject draws ≥ n (fewer than two draws on
    // average, no division, unbiased). Faster here than a 64-bit product, which doubles cannot hold.
    // The mask smears the top bit of n − 1 rightwards (2^⌈log2 n⌉ − 1); Math.log2 would cost 60 ns.
    let mask = (n - 1) | 0;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    for (;;) {
      const x = (this.next() & mask) >>> 0;
      if (x < n) return x;
    }
  }

  shuffle<T extends { length: number; [index: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.bounded(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  permutation(n: number): Uint32Array {
    if (!Number.isInteger(n) || n < 0 || n > TWO_POW_32) {
      throw new InvalidArgumentError(`rng.permutation: n must be a non-negative integer, got ${n}`);
    }
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }

  fork(label: string): Rng {
    if (typeof label !== 'string' || label.length === 0) {
      throw new InvalidArgumentError(`rng.fork: label must be a non-empty string, got ${String(label)}`);
    }
    let h = hashString(label, this.key[0] ^ 0x9e3779b9);
    const words: [number, number, number, number] = [0, 0, 0, 0];
    for (let i = 0; i < 4; i++) {
      h = hashString(label, (h ^ (this.key[i] ?? 0)) >>> 0);
      words[i] = h;
    }
    return new Xoshiro128(seedToState(words.join(':')));
  }

  getState(): RngState {
    return {
      algorithm: 'xoshiro128**',
      s: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0],
      key: [...this.key],
      spareNormal: this.spareNormal,
    };
  }

  setState(state: RngState): void {
    const valid =
      state?.algorithm === 'xoshiro128**' &&
      isWords(state.s) &&
      isWords(state.key) &&
      (state.spareNormal === null || Number.isFinite(state.spareNormal)) &&
      state.s.some((w) => w !== 0);
    if (!valid) {
      throw new InvalidArgumentError(
        `rng.setState: not a saved xoshiro128** state (got ${JSON.stringify(state)}); pass the object returned by rng.getState()`,
      );
    }
    [this.s0, this.s1, this.s2, this.s3] = state.s;
    this.key = [...state.key];
    this.spareNormal = state.spareNormal;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function isWords(words: unknown): words is [number, number, number, number] {
  return (
    Array.isArray(words) && words.length === 4 && words.every((w) => Number.isInteger(w) && w >= 0 && w < TWO_POW_32)
  );
}

/** SplitMix32 (the 32-bit finaliser of MurmurHash3 over a Weyl sequence) expands a seed into 128 bits. */
function seedToState(seed: number | string): [number, number, number, number] {
  let x: number;
  if (typeof seed === 'number') {
    if (!Number.isInteger(seed) || seed < 0 || seed > Number.MAX_SAFE_INTEGER) {
      throw new InvalidArgumentError(
        `createRng: seed must be a non-negative integer up to 2^53 or a string, got ${seed}`,
      );
    }
    x = (seed >>> 0) ^ Math.imul(Math.floor(seed / TWO_POW_32), 0x85ebca6b);
  } else if (typeof seed === 'string') {
    x = hashString(seed, 0x811c9dc5);
  } else {
    throw new InvalidArgumentError(`createRng: seed must be a number or a string, got ${typeof seed}`);
  }
  const state: [number, number, number, number] = [0, 0, 0, 0];
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    state[i] = (z ^ (z >>> 16)) >>> 0;
  }
  // xoshiro must not start from the all-zero state.
  if (state.every((w) => w === 0)) state[0] = 1;
  return state;
}

/** FNV-1a over UTF-16 code units with a MurmurHash3 finaliser. */
function hashString(text: string, basis: number): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
