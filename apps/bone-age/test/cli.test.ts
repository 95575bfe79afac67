import { fileURLToPath } from 'node:url';
import { parseCommandLine } from '@mlrecipe/app-cli';
import { runScript } from '@mlrecipe/app-cli/testing';
import { expect, it } from 'vitest';
import { boneAgeCommand, boneAgeSizes } from '../src/cli.js';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

it('-h prints every flag and exits 0', () => {
  const result = runScript(main, ['-h']);
  expect(result.status).toBe(0);
  for (const name of Object.keys(boneAgeCommand.flags)) expect(result.stdout).toContain(`--${name}`);
});

it.each([
  [['--seed', '3'], "bone-age: unknown flag '--seed'; did you mean --seeds?"],
  [['--ages', '3'], "bone-age: unknown flag '--ages'; see --help for the flags"],
  [['--jitter', 'abc'], "bone-age: --jitter must be a number, got 'abc'"],
  [['--sizes', '100,3k'], "bone-age: --sizes must be a whole number (each item of the list), got '3k' in '100,3k'"],
  [['--rater-noise', '-1'], "bone-age: --rater-noise must be at least 0, got '-1'"],
  [['--fov', 'wide'], "bone-age: --fov must be one of fixed, fitted, got 'wide'"],
])('%j is a usage error: one line, exit 2, no stack trace, no radiograph drawn', (argv, message) => {
  const result = runScript(main, argv);
  expect(result.status).toBe(2);
  expect(result.stderr).toBe(`${message}\nRun with --help to see every flag.\n`);
  expect(result.stdout).toBe('');
});

it('reads every flag into the settings the run uses; --full adds the two large sizes', () => {
  const parsed = parseCommandLine(boneAgeCommand, [
    '--sizes',
    '50,200',
    '--full',
    '--jitter',
    '0.5',
    '--fov',
    'fitted',
  ]);
  if (parsed.kind !== 'run') throw new Error('expected flags');
  expect(boneAgeSizes(parsed.values)).toEqual([50, 200, 10_000, 30_000]);
  expect(parsed.values).toMatchObject({
    seeds: [1, 2],
    jitter: 0.5,
    'rater-noise': 0.25,
    fov: 'fitted',
    transfer: false,
  });
});
