#!/usr/bin/env node
// Proves every publishable package works as published, without publishing:
//  1. publint (package.json fields, exports, files),
//  2. @arethetypeswrong/cli (types resolve for the ESM entry points we ship),
//  3. pack-and-install: pack the package and its workspace dependencies to tarballs, install them
//     with npm into an empty project outside the workspace, and run the README's example there;
//  4. the same example, pasted into a TypeScript project, compiles under `tsc --strict`;
//  5. the README says the package is ESM-only and gives the one-line fix for CommonJS projects;
//  6. the install of the package alone (its tarball and its workspace dependencies, into an empty
//     project) stays under its size budget, and brings no @tensorflow/* package where none is needed
//     (computing an F1 score must install no tensor library);
//  7. where asked (metrics), the README example also runs bundled for the browser, in Chromium.
// Usage: node scripts/check-packages.mjs [package-dir ...]   (default: every packages/*)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INSTALL_BUDGETS } from './install-budgets.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules/.bin', name);
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

const workspace = new Map(
  readdirSync(join(root, 'packages'))
    .map((d) => join(root, 'packages', d))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => [readJson(join(dir, 'package.json')).name, dir]),
);

const requested = process.argv.slice(2).map((d) => resolve(d));
const targets = (requested.length > 0 ? requested : [...workspace.values()]).filter(
  (dir) => !readJson(join(dir, 'package.json')).private,
);

function run(command, args, options = {}) {
  return execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
}

/**
 * The package and every workspace package it depends on, transitively. Optional peers are left
 * out: npm does not install them either (they are what a subpath such as '@mlrecipe/data/batches'
 * needs, and the README's install line names them).
 */
function workspaceClosure(dir, seen = new Map()) {
  const manifest = readJson(join(dir, 'package.json'));
  if (seen.has(manifest.name)) return seen;
  seen.set(manifest.name, dir);
  const optional = new Set(
    Object.entries(manifest.peerDependenciesMeta ?? {})
      .filter(([, meta]) => meta.optional)
      .map(([name]) => name),
  );
  for (const name of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
    if (workspace.has(name) && !optional.has(name)) workspaceClosure(workspace.get(name), seen);
  }
  return seen;
}

/** Bytes on disk under `dir` (apparent sizes, as `du -sb`), and the @tensorflow/* packages installed there. */
function installFootprint(dir) {
  const bytes = Number(run('du', ['-sb', dir]).split('\t')[0]);
  const tensorflow = run('find', [dir, '-type', 'd', '-path', '*/node_modules/@tensorflow/*', '-prune'])
    .split('\n')
    .filter(Boolean)
    .map((path) => path.slice(path.lastIndexOf('@tensorflow/')));
  return { bytes, tensorflow: [...new Set(tensorflow)].sort() };
}

const megabytes = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;

/**
 * The README's runnable examples: the first ```js block (every package README starts with one), then
 * every block fenced ```js example (more runnable examples further down, e.g. interop recipes).
 */
function readmeExamples(dir) {
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  const match = readme.match(/```js\n([\s\S]*?)```/);
  if (match === null) throw new Error(`${dir}/README.md has no \`\`\`js example block`);
  return [match[1], ...[...readme.matchAll(/```js example\n([\s\S]*?)```/g)].map((m) => m[1])];
}

/**
 * npm packages an example imports that are not mlrecipe's (e.g. @tensorflow/tfjs-layers to load an
 * exported model), at the exact version the package's devDependencies pin: the project installs them too.
 */
function exampleDependencies(dir, code) {
  const pinned = readJson(join(dir, 'package.json')).devDependencies ?? {};
  const names = [...code.matchAll(/from '((?:@[a-z0-9-]+\/)?[a-z0-9.-]+)/g)].map((m) => m[1]);
  return [...new Set(names)]
    .filter(
      (name) => !name.startsWith('@mlrecipe/') && pinned[name] !== undefined && !pinned[name].startsWith('workspace:'),
    )
    .map((name) => `${name}@${pinned[name]}`);
}

let failures = 0;
for (const dir of targets) {
  const manifest = readJson(join(dir, 'package.json'));
  const step = async (label, fn) => {
    try {
      const output = await fn();
      console.log(`ok   ${manifest.name}: ${label}${output ? `\n${output.trim().replace(/^/gm, '     ')}` : ''}`);
    } catch (error) {
      failures++;
      console.error(
        `FAIL ${manifest.name}: ${label}\n${[error.stdout, error.stderr, error.message].filter(Boolean).join('\n')}`,
      );
    }
  };

  await step('publint --strict', () => run(bin('publint'), [dir, '--strict']));
  await step('attw (ESM entry points)', () =>
    run(bin('attw'), ['--pack', dir, '--profile', 'esm-only', '--format', 'table-flipped']),
  );
  await step('README says ESM only, with the CommonJS fix', () => {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    if (!/ESM only/.test(readme) || !readme.includes('npm pkg set type=module')) {
      throw new Error(`${dir}/README.md must say "ESM only" and give the fix: npm pkg set type=module`);
    }
  });
  await step(
    'pack, npm install into an empty project, run the README examples, compile them with tsc --strict',
    async () => {
      const project = mkdtempSync(join(tmpdir(), `mlrecipe-pack-${manifest.name.replace(/\W/g, '-')}-`));
      try {
        const examples = readmeExamples(dir);
        // The package and its workspace dependencies first: what `npm install <package>` brings.
        const closure = workspaceClosure(dir);
        const own = new Set(closure.keys());
        // Then the other mlrecipe packages the example imports (the README's install line names them too).
        for (const [, name] of examples.join('\n').matchAll(/from '(@mlrecipe\/[a-z-]+)/g)) {
          if (workspace.has(name)) workspaceClosure(workspace.get(name), closure);
        }
        const tarballs = new Map(
          [...closure].map(([name, pkgDir]) => {
            const out = run('pnpm', ['pack', '--pack-destination', project], { cwd: pkgDir });
            return [name, join(project, out.trim().split('\n').pop().split('/').pop())];
          }),
        );
        writeFileSync(
          join(project, 'package.json'),
          JSON.stringify({ name: 'pack-check', private: true, type: 'module' }),
        );
        mkdirSync(join(project, 'src'));
        const npmInstall = (files) =>
          run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files], { cwd: project });
        npmInstall([...own].map((name) => tarballs.get(name)));
        const budget = INSTALL_BUDGETS[manifest.name];
        if (budget === undefined) throw new Error(`scripts/install-budgets.mjs has no budget for ${manifest.name}`);
        const footprint = installFootprint(join(project, 'node_modules'));
        const installLine = `install of ${manifest.name} alone: ${megabytes(footprint.bytes)} (budget ${megabytes(budget.maxBytes)}), @tensorflow/*: ${footprint.tensorflow.join(', ') || 'none'}`;
        if (footprint.bytes > budget.maxBytes) throw new Error(`${installLine}: over budget`);
        if (!budget.tensorflow && footprint.tensorflow.length > 0) {
          throw new Error(`${installLine}: ${manifest.name} must install no tensor library`);
        }
        // Other mlrecipe packages and pinned npm packages (e.g. tfjs-layers) the examples import.
        const extra = exampleDependencies(dir, examples.join('\n'));
        if (closure.size > own.size || extra.length > 0) npmInstall([...tarballs.values(), ...extra]);
        let output = `${installLine}\n`;
        for (const [i, code] of examples.entries()) {
          const file = `src/example${i === 0 ? '' : i + 1}`;
          writeFileSync(join(project, `${file}.js`), code);
          output += run('node', [`${file}.js`], { cwd: project });
          // What a TypeScript user pasting the example gets: strict mode, Node's ESM resolution, the
          // types shipped in the tarballs (skipLibCheck as `tsc --init` sets it; @types/node from here).
          writeFileSync(join(project, `${file}.ts`), code);
        }
        run(
          bin('tsc'),
          [
            '--strict',
            '--noEmit',
            '--skipLibCheck',
            '--target',
            'es2022',
            '--lib',
            'es2022,dom',
            '--module',
            'nodenext',
            '--moduleResolution',
            'nodenext',
            '--types',
            'node',
            '--typeRoots',
            join(root, 'node_modules/@types'),
            ...examples.map((_, i) => `src/example${i === 0 ? '' : i + 1}.ts`),
          ],
          { cwd: project },
        );
        if (budget.browser) {
          // The same example bundled for the browser (esbuild, browser conditions) and run in Chromium.
          const { runInChromium } = await import(join(root, 'packages/browser-runner/dist/index.js'));
          writeFileSync(
            join(project, 'src/browser.js'),
            [
              'const lines = [];',
              'const log = console.log;',
              "console.log = (...args) => { lines.push(args.map(String).join(' ')); log(...args); };",
              "window.result = import('./example.js').then(() => lines);",
            ].join('\n'),
          );
          const { result, errors } = await runInChromium(join(project, 'src/browser.js'));
          const firstNodeLine = output.split('\n')[1];
          if (errors.length > 0 || !Array.isArray(result) || result[0] !== firstNodeLine) {
            throw new Error(
              `the README example in Chromium: page errors ${JSON.stringify(errors)}, first line ${JSON.stringify(result?.[0])} (Node: ${JSON.stringify(firstNodeLine)})`,
            );
          }
          return `${output}\nin Chromium (esbuild bundle): ${result.length} lines, the first as in Node`;
        }
        return output;
      } finally {
        rmSync(project, { recursive: true, force: true });
      }
    },
  );
}
if (failures > 0) {
  console.error(`\n${failures} packaging check(s) failed`);
  process.exit(1);
}
