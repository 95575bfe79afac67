#!/usr/bin/env node
// Fails when any workspace project (package, app, bench) resolves two copies of tfjs-core.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeCopies, findTfjsCoreCopies, TFJS_CORE } from './single-tfjs-core.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const projects = ['packages', 'apps']
  .flatMap((group) =>
    existsSync(join(root, group)) ? readdirSync(join(root, group)).map((d) => join(root, group, d)) : [],
  )
  .concat(join(root, 'bench'))
  .filter((dir) => existsSync(join(dir, 'package.json')));

let failed = false;
for (const project of projects) {
  const copies = findTfjsCoreCopies(project);
  if (copies.size > 1) {
    failed = true;
    console.error(`${project} resolves ${copies.size} copies of ${TFJS_CORE}:\n${describeCopies(copies).join('\n')}`);
  }
}
if (failed) {
  console.error(
    `\nBackends register on one copy and ops run on another. Make every package accept the same ${TFJS_CORE} range (it is a peer dependency) and reinstall.`,
  );
  process.exit(1);
}
console.log(`one copy of ${TFJS_CORE} in each of ${projects.length} workspace projects`);
