// node --test: the API site's link checker finds missing files and missing anchors, and nothing else.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { brokenLinks } from './doc-links.mjs';

test('reports a link to a missing page and to a missing anchor; accepts the rest (hierarchy anchors are drawn by script)', () => {
  const site = mkdtempSync(join(tmpdir(), 'doc-links-'));
  mkdirSync(join(site, 'functions'));
  writeFileSync(
    join(site, 'functions/f1Score.html'),
    '<h1 id="f1score">f1Score</h1><a href="../index.html#top">up</a>',
  );
  writeFileSync(
    join(site, 'index.html'),
    [
      '<a id="top"></a>',
      '<a href="functions/f1Score.html">ok</a>',
      '<a href="functions/f1Score.html#f1score">ok anchor</a>',
      '<a href="#top">ok same page</a>',
      '<a href="https://example.org/x">external, not fetched</a>',
      '<img src="assets/logo.svg">',
      '<a href="functions/f1Score.html#nope">bad anchor</a>',
      '<a href="classes/Missing.html">bad file</a>',
      '<a href="hierarchy.html#drawn.in.the.browser">client-rendered anchors are not checked</a>',
    ].join('\n'),
  );
  writeFileSync(join(site, 'hierarchy.html'), '<div data-drawn-by-script></div>');
  mkdirSync(join(site, 'assets'));
  writeFileSync(join(site, 'assets/logo.svg'), '<svg/>');
  const broken = brokenLinks(site).map(({ link, reason }) => `${link}: ${reason}`);
  assert.deepEqual(broken.sort(), [
    'classes/Missing.html: no such file',
    'functions/f1Score.html#nope: no id "nope" in the target',
  ]);
});
