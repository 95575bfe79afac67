// Where tfjs-backend-wasm keeps the files of its threaded build, and a check that they still look
// the way node.ts relies on. Its own module so that a test can point it at a missing folder.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The files of tfjs-backend-wasm's threaded SIMD build (tfjs 4.x layout: `wasm-out/`). */
export interface ThreadedBuildFiles {
  readonly folder: string;
  /** The emscripten factory (CommonJS, `module.exports = factory`). */
  readonly factory: string;
  /** The pthread worker, a CommonJS module exporting its source as `wasmWorkerContents`. */
  readonly worker: string;
}

/** The installed tfjs-backend-wasm's threaded build. */
export function threadedBuildFiles(): ThreadedBuildFiles {
  const require = createRequire(import.meta.url);
  const folder = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
  return {
    folder,
    factory: join(folder, 'tfjs-backend-wasm-threaded-simd.js'),
    worker: join(folder, 'tfjs-backend-wasm-threaded-simd.worker.js'),
  };
}

/** Throws, naming the file, when one of the build's files is missing. */
export function assertFilesExist(files: ThreadedBuildFiles): void {
  for (const file of [files.factory, files.worker, join(files.folder, 'tfjs-backend-wasm-threaded-simd.wasm')]) {
    if (!existsSync(file)) throw new Error(`tfjs-backend-wasm's threaded build has no ${file}`);
  }
}
