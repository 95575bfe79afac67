// node --test: the tfjs-core duplicate check on hand-built node_modules trees.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { findTfjsCoreCopies } from './single-tfjs-core.mjs';

function writePackage(dir, manifest) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
}

function app(nestedCoreInB) {
  const root = mkdtempSync(join(tmpdir(), 'single-core-'));
  writePackage(root, { name: 'app', dependencies: { a: '1', b: '1' } });
  writePackage(join(root, 'node_modules/a'), { name: 'a', peerDependencies: { '@tensorflow/tfjs-core': '4' } });
  writePackage(join(root, 'node_modules/b'), { name: 'b', dependencies: { '@tensorflow/tfjs-core': '4' } });
  writePackage(join(root, 'node_modules/@tensorflow/tfjs-core'), { name: '@tensorflow/tfjs-core', version: '4.22.0' });
  if (nestedCoreInB) {
    writePackage(join(root, 'node_modules/b/node_modules/@tensorflow/tfjs-core'), {
      name: '@tensorflow/tfjs-core',
      version: '4.21.0',
    });
  }
  return root;
}

test('one hoisted copy shared by every package is one copy', () => {
  assert.equal(findTfjsCoreCopies(app(false)).size, 1);
});

test('a package with its own nested tfjs-core makes two copies, each with its chain', () => {
  const copies = findTfjsCoreCopies(app(true));
  assert.equal(copies.size, 2);
  const chains = [...copies.values()].map((chain) => chain.join(' → '));
  assert.ok(chains.includes('app → b → @tensorflow/tfjs-core'));
});
