// @mlrecipe/tensor/parity: backend parity as a tool for users — run the built-in cases, or cases of
// kernels you register yourself, on any backend against cpu, with stated tolerances. No test
// framework needed (the same code runs under vitest, in a script, or in a browser page).

export type { ParityCase, ParityResult, Tolerance } from './testing/parity.js';
export { compareToCpu, seededTensor } from './testing/parity.js';
export { MAX_POOL_TIES_CASE, PARITY_CASES } from './testing/parity_cases.js';
