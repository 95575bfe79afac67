#!/usr/bin/env node
// Usage: node scripts/check-doc-links.mjs [siteDir]   (default docs/api). Exits 1 on a broken link.
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { brokenLinks } from './doc-links.mjs';

const site = process.argv[2] ?? 'docs/api';
if (!existsSync(site)) {
  console.error(`check-doc-links: ${site} does not exist; build the site first (pnpm docs)`);
  process.exit(1);
}
const broken = brokenLinks(site);
for (const { page, link, reason } of broken) console.error(`${relative(process.cwd(), page)}: ${link} (${reason})`);
if (broken.length > 0) {
  console.error(`${broken.length} broken link(s) in ${site}`);
  process.exit(1);
}
console.log(`links: every local link in ${site} resolves`);
