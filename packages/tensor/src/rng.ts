// The seeded generator lives in @mlrecipe/core (no dependencies), so splits, metrics and search can
// use it without a tensor library; re-exported here for '@mlrecipe/tensor/rng' and the main entry.
export type { Rng, RngState } from '@mlrecipe/core';
export { createRng, restoreRng } from '@mlrecipe/core';
