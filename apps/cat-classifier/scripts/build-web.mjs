// Bundles the browser page (web/) into dist-web/ with esbuild: one ES module and the HTML.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
mkdirSync(join(root, 'dist-web'), { recursive: true });
await build({
  // The page and the training worker (see web/worker.ts).
  entryPoints: [join(root, 'web/main.ts'), join(root, 'web/worker.ts')],
  outdir: join(root, 'dist-web'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  conditions: ['browser'],
  target: 'es2022',
  // Node-only code paths of the packages (the terminal progress bar, tfjs-node) never run in a browser.
  external: ['cli-progress', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', 'node:*'],
  logLevel: 'warning',
});
copyFileSync(join(root, 'web/index.html'), join(root, 'dist-web/index.html'));
console.log('browser page: dist-web/index.html');
