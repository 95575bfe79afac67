#!/usr/bin/env node
// Proves every publishable package works as published, without publishing:
//  1. publint (package.json fields, exports, files),
//  2. @arethetypeswrong/cli (types resolve for the ESM entry points we ship),
//  3. pack-and-install: pack the package and its workspace dependencies to tarballs, install them
//     with npm into an empty project outside the workspace, and run the README's example there;
//  4. the same example, pasted into a TypeScript project, compiles under `tsc --strict`;
//  5. the README says the package is ESM-only and gives the one-line fix for CommonJS projects.
// Usage: node scripts/check-packages.mjs [package-dir ...]   (default: every packages/*)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** The package and every workspace package it depends on, transitively. */
function workspaceClosure(dir, seen = new Map()) {
  const manifest = readJson(join(dir, 'package.json'));
  if (seen.has(manifest.name)) return seen;
  seen.set(manifest.name, dir);
  for (const name of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
    if (workspace.has(name)) workspaceClosure(workspace.get(name), seen);
  }
  return seen;
}

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
  const step = (label, fn) => {
    try {
      const output = fn();
      console.log(`ok   ${manifest.name}: ${label}${output ? `\n${output.trim().replace(/^/gm, '     ')}` : ''}`);
    } catch (error) {
      failures++;
      console.error(
        `FAIL ${manifest.name}: ${label}\n${[error.stdout, error.stderr, error.message].filter(Boolean).join('\n')}`,
      );
    }
  };

  step('publint --strict', () => run(bin('publint'), [dir, '--strict']));
  step('attw (ESM entry points)', () =>
    run(bin('attw'), ['--pack', dir, '--profile', 'esm-only', '--format', 'table-flipped']),
  );
  step('README says ESM only, with the CommonJS fix', () => {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    if (!/ESM only/.test(readme) || !readme.includes('npm pkg set type=module')) {
      throw new Error(`${dir}/README.md must say "ESM only" and give the fix: npm pkg set type=module`);
    }
  });
  step('pack, npm install into an empty project, run the README examples, compile them with tsc --strict', () => {
    const project = mkdtempSync(join(tmpdir(), `mlrecipe-pack-${manifest.name.replace(/\W/g, '-')}-`));
    try {
      // The package, its workspace dependencies, and the other mlrecipe packages the example imports
      // (the README's install line names them too).
      const examples = readmeExamples(dir);
      const closure = workspaceClosure(dir);
      for (const [, name] of examples.join('\n').matchAll(/from '(@mlrecipe\/[a-z-]+)/g)) {
        if (workspace.has(name)) workspaceClosure(workspace.get(name), closure);
      }
      const tarballs = [...closure.values()].map((pkgDir) => {
        const out = run('pnpm', ['pack', '--pack-destination', project], { cwd: pkgDir });
        return join(project, out.trim().split('\n').pop().split('/').pop());
      });
      writeFileSync(
        join(project, 'package.json'),
        JSON.stringify({ name: 'pack-check', private: true, type: 'module' }),
      );
      mkdirSync(join(project, 'src'));
      const extra = exampleDependencies(dir, examples.join('\n'));
      run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs, ...extra], { cwd: project });
      let output = '';
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
      return output;
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
}
if (failures > 0) {
  console.error(`\n${failures} packaging check(s) failed`);
  process.exit(1);
}
