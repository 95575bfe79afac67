// The kernels that run mlrecipe's wasm SIMD module, installed by registerBackendFixes when the
// module runs here (wasm SIMD available). Their compiled module and the matrix-product pool load
// asynchronously as leaf chunks (prepareSimdKernels), so pages on WebGL download neither.

export { adamApplyWasmKernel, adamMomentsWasmKernel } from './adam_moments_wasm.js';
export { simdConv2dBackpropFilter } from './conv2d_backprop_filter_wasm.js';
export { denseKernel, denseReluGradKernel } from './dense_wasm.js';
export { simdBatchMatMul } from './mat_mul.js';
export { simdMaxPoolGrad } from './max_pool_grad_wasm.js';
export { simdSumLeadingAxes } from './sum_rows_wasm.js';
