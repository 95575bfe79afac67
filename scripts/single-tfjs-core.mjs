// Finds every copy of @tensorflow/tfjs-core a project resolves, by walking its dependency graph
// the way Node resolves packages. Two copies split backends and kernels between them.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const TFJS_CORE = '@tensorflow/tfjs-core';

/** @returns {Map<string, string[]>} real path of each tfjs-core copy → the dependency chain that reaches it */
export function findTfjsCoreCopies(projectDir) {
  const copies = new Map();
  const visited = new Set();
  const queue = [{ dir: realpathSync(projectDir), chain: [], root: true }];
  while (queue.length > 0) {
    const { dir, chain, root } = queue.shift();
    if (visited.has(dir)) continue;
    visited.add(dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const names = new Set([
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.optionalDependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
      ...(root ? Object.keys(manifest.devDependencies ?? {}) : []),
    ]);
    const lookup = createRequire(join(dir, 'package.json')).resolve.paths('x') ?? [];
    for (const name of names) {
      const found = lookup.map((base) => join(base, name)).find((p) => existsSync(join(p, 'package.json')));
      if (found === undefined) continue; // an optional peer the project did not install
      const real = realpathSync(found);
      const nextChain = [...chain, `${manifest.name ?? dir}`];
      if (name === TFJS_CORE && !copies.has(real)) copies.set(real, [...nextChain, name]);
      queue.push({ dir: real, chain: nextChain, root: false });
    }
  }
  return copies;
}

export function describeCopies(copies) {
  return [...copies].map(([path, chain]) => {
    const { version } = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8'));
    return `  ${TFJS_CORE}@${version} at ${path}\n    via ${chain.join(' → ')}`;
  });
}
