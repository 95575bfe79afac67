// Link check for the generated API site: every local href/src in every HTML page must point to a
// file that exists, and every #fragment to an id (or name) in that file. External links are not
// fetched (CI has no network beyond the package registry).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

function htmlFiles(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return path.endsWith('.html') ? [path] : [];
  });
}

// TypeDoc draws the class hierarchy page in the browser from compressed data (assets/hierarchy.js),
// so its anchors are not in the HTML; links into it are checked for the file only.
const CLIENT_RENDERED = new Set(['hierarchy.html']);

const anchorsCache = new Map();
function anchorsOf(file) {
  if (!anchorsCache.has(file)) {
    const html = readFileSync(file, 'utf8');
    anchorsCache.set(file, new Set([...html.matchAll(/\s(?:id|name)="([^"]+)"/g)].map((m) => m[1])));
  }
  return anchorsCache.get(file);
}

/** Every broken local link under `siteDir`, as `{ page, link, reason }`. */
export function brokenLinks(siteDir) {
  const root = resolve(siteDir);
  const broken = [];
  for (const page of htmlFiles(root)) {
    const html = readFileSync(page, 'utf8');
    for (const [, link] of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
      if (/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(link)) continue; // http:, https:, mailto:, data:, …
      const [pathPart, fragment] = link.split('#', 2);
      const target = pathPart === '' ? page : resolve(dirname(page), decodeURIComponent(pathPart.split('?')[0]));
      if (!existsSync(target) || statSync(target).isDirectory()) {
        broken.push({ page, link, reason: 'no such file' });
      } else if (
        fragment &&
        target.endsWith('.html') &&
        !CLIENT_RENDERED.has(basename(target)) &&
        !anchorsOf(target).has(decodeURIComponent(fragment))
      ) {
        broken.push({ page, link, reason: `no id "${fragment}" in the target` });
      }
    }
  }
  return broken;
}
