// node --test: the release flow works. Every pending changeset parses (strict frontmatter), `changeset
// status` accepts them, and `changeset version` applied in a throwaway copy of the repo bumps exactly
// the packages the changesets name, by the bump they name, and writes each summary into the
// package's CHANGELOG. A formatter that rewrites a changeset, or a hand-written one with a typo,
// fails here instead of at release time.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const changesetBin = join(root, 'node_modules/.bin/changeset');
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const BUMPS = ['patch', 'minor', 'major'];

/** Parses one changeset the way the changesets docs define it: `---`, `"pkg": bump` lines, `---`, summary. */
function parseChangeset(text, file = 'changeset') {
  const match = text.match(/^---\n((?:"@?[\w./-]+": (?:major|minor|patch)\n)+)---\n\n?([\s\S]*)$/);
  if (match === null) {
    const head = text.split('\n').slice(0, 4).join(' ⏎ ');
    throw new Error(
      `${file}: malformed frontmatter, it starts "${head}"; write it as ---, one "@mlrecipe/pkg": minor line per package, ---, then the summary`,
    );
  }
  const releases = match[1]
    .trim()
    .split('\n')
    .map((line) => {
      const [, name, type] = line.match(/^"(.+)": (\w+)$/);
      return { name, type };
    });
  return { releases, summary: match[2].trim() };
}

function pendingChangesets() {
  const dir = join(root, '.changeset');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((f) => ({ file: f, ...parseChangeset(readFileSync(join(dir, f), 'utf8'), `.changeset/${f}`) }));
}

/** Every workspace package directory (the globs of pnpm-workspace.yaml: packages/*, apps/*, bench). */
function workspaceDirs() {
  const dirs = ['bench'];
  for (const parent of ['packages', 'apps']) {
    for (const d of readdirSync(join(root, parent))) dirs.push(join(parent, d));
  }
  return dirs.filter((d) => existsSync(join(root, d, 'package.json')));
}

function bump(version, type) {
  const [major, minor, patch] = version.split('.').map(Number);
  if (type === 'major') return `${major + 1}.0.0`;
  if (type === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

// The throwaway copy: manifests, CHANGELOGs, workspace and changeset config; one commit on main, so
// `changeset status` sees no unreleased change without a changeset and judges only the changesets.
const copy = mkdtempSync(join(tmpdir(), 'mlrecipe-release-'));
after(() => rmSync(copy, { recursive: true, force: true }));
const git = (...args) =>
  execFileSync('git', ['-c', 'user.name=release-test', '-c', 'user.email=release-test@localhost', ...args], {
    cwd: copy,
    stdio: 'pipe',
  });
function makeCopy() {
  for (const file of ['package.json', 'pnpm-workspace.yaml']) cpSync(join(root, file), join(copy, file));
  cpSync(join(root, '.changeset'), join(copy, '.changeset'), { recursive: true });
  for (const dir of workspaceDirs()) {
    mkdirSync(join(copy, dir), { recursive: true });
    for (const file of ['package.json', 'CHANGELOG.md']) {
      if (existsSync(join(root, dir, file))) cpSync(join(root, dir, file), join(copy, dir, file));
    }
  }
  writeFileSync(join(copy, '.gitignore'), 'node_modules\n');
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'snapshot');
}
const changeset = (...args) =>
  execFileSync(changesetBin, args, { cwd: copy, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

test('parseChangeset accepts the documented form and rejects the heading a Markdown formatter makes of it', () => {
  assert.deepEqual(parseChangeset('---\n"@mlrecipe/data": minor\n"@mlrecipe/tensor": patch\n---\n\nSplits.\n'), {
    releases: [
      { name: '@mlrecipe/data', type: 'minor' },
      { name: '@mlrecipe/tensor', type: 'patch' },
    ],
    summary: 'Splits.',
  });
  assert.throws(() => parseChangeset("---\n\n## '@mlrecipe/data': minor\n\nSplits.\n", 'x.md'), /x\.md: malformed/);
  assert.throws(() => parseChangeset('---\n"@mlrecipe/data": huge\n---\n\nSplits.\n'), /malformed/);
});

test('every pending changeset parses and names a workspace package', () => {
  const names = new Set(workspaceDirs().map((d) => readJson(join(root, d, 'package.json')).name));
  for (const { file, releases } of pendingChangesets()) {
    for (const { name } of releases) assert.ok(names.has(name), `.changeset/${file} names ${name}, not a package here`);
  }
});

test('changeset status and changeset version, in a throwaway copy, do what the changesets say', () => {
  makeCopy();
  const pending = pendingChangesets();
  // Expected: each named package moves by the largest bump any changeset gives it.
  const expected = new Map();
  for (const { releases } of pending) {
    for (const { name, type } of releases) {
      const prev = expected.get(name);
      if (prev === undefined || BUMPS.indexOf(type) > BUMPS.indexOf(prev)) expected.set(name, type);
    }
  }
  const statusFile = join(copy, 'status.json');
  changeset('status', `--output=${statusFile}`);
  const status = readJson(statusFile);
  rmSync(statusFile);
  assert.equal(status.changesets.length, pending.length, 'changeset status read every file');
  const planned = new Map(status.releases.filter((r) => r.type !== 'none').map((r) => [r.name, r.type]));
  assert.deepEqual(new Map([...planned].filter(([n]) => expected.has(n))), expected);

  const before = new Map(workspaceDirs().map((d) => [d, readJson(join(copy, d, 'package.json'))]));
  changeset('version');
  const left = readdirSync(join(copy, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
  assert.deepEqual(left, [], 'changeset version consumes every changeset');
  for (const [dir, manifest] of before) {
    const now = readJson(join(copy, dir, 'package.json')).version;
    const type = expected.get(manifest.name) ?? planned.get(manifest.name);
    if (type === undefined || manifest.private) {
      assert.equal(now, manifest.version, `${manifest.name} is named by no changeset and keeps its version`);
      continue;
    }
    assert.equal(now, bump(manifest.version, type), `${manifest.name}: ${manifest.version} + ${type}`);
    // changesets re-renders summaries through remark, which escapes Markdown punctuation (`**` becomes `\*\*`).
    const changelog = readFileSync(join(copy, dir, 'CHANGELOG.md'), 'utf8').replace(/\\([!-/:-@[-`{-~])/g, '$1');
    assert.match(changelog, new RegExp(`^## ${now.replaceAll('.', '\\.')}$`, 'm'), `${dir}/CHANGELOG.md has ${now}`);
    for (const { file, releases, summary } of pending) {
      if (!releases.some((r) => r.name === manifest.name)) continue;
      const firstLine = summary.split('\n')[0];
      assert.ok(changelog.includes(firstLine), `${dir}/CHANGELOG.md carries .changeset/${file}`);
    }
  }
});
