// Bundles tfjs-core's gradient and chained-op registrations for Node.
// Why: in Node, tfjs-core resolves to its CJS bundle (dist/tf-core.node.js), which registers neither
// gradients nor chained ops, and its ESM files (dist/register_all_gradients.js) use extensionless
// imports that Node cannot load. tfjs-layers ships the same registrations inlined in its Node
// bundle; we do the same, keeping '@tensorflow/tfjs-core' itself external so the engine, kernel and
// gradient registries stay the app's single copy (they are global singletons in tfjs-core 4.x).

import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const coreDist = join(dirname(require.resolve('@tensorflow/tfjs-core/package.json')), 'dist');

await build({
  stdin: {
    contents: [
      // Load the app's tfjs-core first, so its classes (not the inlined ones) become the global ones.
      `import '@tensorflow/tfjs-core';`,
      `import ${JSON.stringify(join(coreDist, 'register_all_gradients.js'))};`,
      `import ${JSON.stringify(join(coreDist, 'public/chained_ops/register_all_chained_ops.js'))};`,
    ].join('\n'),
    resolveDir: coreDist,
    sourcefile: 'register_node.js',
  },
  bundle: true,
  external: ['@tensorflow/tfjs-core'],
  format: 'esm',
  platform: 'node',
  target: 'es2022',
  outfile: 'dist/registrations/node.js',
  logLevel: 'warning',
  legalComments: 'none',
});

// Declarations of the registrations: tsc copies `import '#registrations'` into the declaration file,
// where TypeScript's node10 resolution (no import maps) cannot follow it, and @arethetypeswrong/cli
// 0.18 counts that against ESM-only packages despite `--profile esm-only` (its exit code reads
// `resolutionKind`, the problem carries `resolutionOption`). What the types need from the
// registrations is the chained-op augmentation of Tensor (`x.square()`): import that directly.
writeFileSync(
  'dist/register_gradients.d.ts',
  "import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';\n",
);
