// Bundles the browser page (web/) into dist-web/ with esbuild: minified ES modules and the HTML.
// Code splitting keeps what the page needs at start in main.js; the report's plotting libraries
// (vega, vega-lite: about two thirds of the bytes) are imported dynamically by @mlrecipe/pipeline's
// SVG renderer, so they become chunks fetched only when a report is drawn. The build prints each
// file's size and writes them to dist-web/bundle-sizes.json, which the size-budget test reads.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// --outdir DIR builds elsewhere (the size-budget test builds into a temporary directory).
const outdirFlag = process.argv.indexOf('--outdir');
const outdir = outdirFlag === -1 ? join(root, 'dist-web') : resolve(process.argv[outdirFlag + 1]);
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
// The page and the training worker it starts at once (see web/worker.ts), built separately so that
// code splitting inside the worker (vega on demand) is not mixed with the page's graph.
const options = {
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  minify: true,
  metafile: true,
  format: 'esm',
  platform: 'browser',
  conditions: ['browser'],
  target: 'es2022',
  // Node-only code paths of the packages (the terminal progress bar, tfjs-node) never run in a browser.
  external: ['cli-progress', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', 'node:*'],
  logLevel: 'warning',
};
const page = await build({ ...options, entryPoints: [join(root, 'web/main.ts')] });
const worker = await build({ ...options, entryPoints: [join(root, 'web/worker.ts')] });
const metafile = { outputs: { ...page.metafile.outputs, ...worker.metafile.outputs } };
copyFileSync(join(root, 'web/index.html'), join(outdir, 'index.html'));

// What loads at start: the entry and the chunks it imports statically, transitively.
const outputs = metafile.outputs;
const initial = new Set();
const visit = (file) => {
  if (initial.has(file)) return;
  initial.add(file);
  for (const i of outputs[file].imports) if (i.kind === 'import-statement' && outputs[i.path]) visit(i.path);
};
// The page starts the worker as soon as it loads: both entries count as loaded at start. (esbuild
// also gives chunks of dynamic imports an entryPoint, so the two are named.)
for (const file of Object.keys(outputs))
  if (/web\/(main|worker)\.ts$/.test(outputs[file].entryPoint ?? '')) visit(file);
const files = Object.keys(outputs)
  .filter((file) => file.endsWith('.js'))
  .map((file) => {
    const bytes = readFileSync(resolve(root, file));
    const inputs = Object.keys(outputs[file].inputs);
    return {
      file: relative(outdir, resolve(root, file)),
      bytes: bytes.length,
      gzipBytes: gzipSync(bytes).length,
      loadedAtStart: initial.has(file),
      // vega, vega-lite and the vega-* packages they are made of.
      containsVega: inputs.some((input) =>
        /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?vega(?:-[a-z-]+)?\//.test(input),
      ),
    };
  })
  .sort((a, b) => b.bytes - a.bytes);
const sum = (list, key) => list.reduce((total, f) => total + f[key], 0);
const atStart = files.filter((f) => f.loadedAtStart);
const sizes = {
  atStart: { bytes: sum(atStart, 'bytes'), gzipBytes: sum(atStart, 'gzipBytes') },
  total: { bytes: sum(files, 'bytes'), gzipBytes: sum(files, 'gzipBytes') },
  files,
};
writeFileSync(join(outdir, 'bundle-sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
const kB = (n) => `${(n / 1000).toFixed(0)} kB`;
console.log(`browser page: ${relative(process.cwd(), join(outdir, 'index.html'))} (minified, ${files.length} files)`);
for (const f of files.slice(0, 6)) {
  const when = f.loadedAtStart ? 'at start' : 'on demand';
  console.log(
    `  ${basename(f.file).padEnd(28)} ${kB(f.bytes).padStart(8)}  ${kB(f.gzipBytes).padStart(7)} gzip  ${when}`,
  );
}
console.log(
  `  loaded at start: ${kB(sizes.atStart.bytes)} (${kB(sizes.atStart.gzipBytes)} gzip); all files: ${kB(sizes.total.bytes)} (${kB(sizes.total.gzipBytes)} gzip)`,
);
