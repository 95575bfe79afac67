// How many threads wasm's matrix products share, set by useBackend (backend_specs.ts). Its own
// module so that setting it does not bring the pool (shared_gemm.ts, loaded with the SIMD kernels)
// into bundles that never start wasm.

let wanted = 1;

/**
 * Sets how many threads wasm's matrix products share (the calling one included); useBackend sets
 * it from its `threads` option. Takes effect for the next product.
 */
export function setMatMulThreads(threads: number): void {
  wanted = Math.max(1, Math.floor(threads));
}

/** Threads wasm's matrix products share. */
export function matMulThreads(): number {
  return wanted;
}
