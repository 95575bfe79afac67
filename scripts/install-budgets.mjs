// What installing each published package alone may cost (check-packages.mjs step 6): `npm install
// <package>` into an empty project, node_modules measured with `du -sb`. `tensorflow: false` means no
// @tensorflow/* package may be installed: the promise that computing an F1 score, drawing a split or
// running a search installs no tensor library. Budgets are the measured size plus about 25 %, so a
// new heavy dependency fails here and has to be argued for. `browser: true` also runs the README
// example bundled for the browser in Chromium.
// Measured 2026-11-30 with `node scripts/check-packages.mjs` (npm 10, Node 20): the size on each line.
export const INSTALL_BUDGETS = {
  '@mlrecipe/core': { maxBytes: 0.2e6, tensorflow: false }, // 0.09 MB
  '@mlrecipe/metrics': { maxBytes: 0.6e6, tensorflow: false, browser: true }, // 0.44 MB
  // bullmq and ioredis (the '/node' BullMQ executor) are most of it.
  '@mlrecipe/tune': { maxBytes: 14e6, tensorflow: false }, // 11.20 MB
  '@mlrecipe/diagnostics': { maxBytes: 0.8e6, tensorflow: false }, // 0.61 MB
  '@mlrecipe/data': { maxBytes: 3e6, tensorflow: false }, // 2.32 MB: the main entry's parsers (papaparse, fast-png, jpeg-js, fft.js)
  // tfjs-core with the cpu and wasm backends (the wasm binaries are most of it).
  '@mlrecipe/tensor': { maxBytes: 80e6, tensorflow: true }, // 63.28 MB
  '@mlrecipe/optim': { maxBytes: 80e6, tensorflow: true }, // 63.44 MB
  '@mlrecipe/regularizers': { maxBytes: 80e6, tensorflow: true }, // 63.40 MB
  '@mlrecipe/nn': { maxBytes: 80e6, tensorflow: true }, // 63.79 MB
  '@mlrecipe/pipeline': { maxBytes: 108e6, tensorflow: true }, // 86.24 MB
};
