// Its own file: wasm's thread count is fixed when it first starts in a process.
import { gemmPoolCases } from './gemm_pool_cases.js';

gemmPoolCases({ threads: 2 }, 2);
