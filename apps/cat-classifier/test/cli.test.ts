import { fileURLToPath } from 'node:url';
import { parseCommandLine } from '@mlrecipe/app-cli';
import { runScript } from '@mlrecipe/app-cli/testing';
import { describe, expect, it } from 'vitest';
import { catCommand, catSizes, fashionSettings, syntheticSettings } from '../src/cli.js';
import { transferCommand } from '../src/cli_transfer.js';
import { syntheticTrack } from '../src/synthetic_track.js';

const dist = (file: string) => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));

/** Runs the built command line as a user would; never trains (every case stops before any work). */
const run = (file: string, argv: string[]) => runScript(dist(file), argv);

function args(argv: string[]) {
  const parsed = parseCommandLine(catCommand, argv);
  if (parsed.kind !== 'run') throw new Error('expected flags');
  return parsed.values;
}

describe('cat-classifier command line', () => {
  it('-h prints every flag and exits 0', () => {
    const result = run('main.js', ['-h']);
    expect(result.status).toBe(0);
    for (const name of Object.keys(catCommand.flags)) expect(result.stdout).toContain(`--${name}`);
  });

  it.each([
    [['--frobnicate'], "cat-classifier: unknown flag '--frobnicate'; see --help for the flags"],
    [['--epoch', '3'], "cat-classifier: unknown flag '--epoch'; did you mean --epochs?"],
    [['--epochs', 'abc'], "cat-classifier: --epochs must be a whole number, got 'abc'"],
    [['--scale', 'abc'], "cat-classifier: --scale must be a number, got 'abc'"],
    [
      ['--models', 'mlp-65'],
      "cat-classifier: --models must be one of mlp-64, cnn-8-16, cnn-16-32, cnn-16-32+augment, tiny-linear (each item of the list), got 'mlp-65' in 'mlp-65'",
    ],
    [['--full', '--scale', '2'], 'cat-classifier: --full sets the sizes; drop it or drop --scale'],
    [
      ['--track', 'fashion', '--label-noise', '0.1'],
      'cat-classifier: --label-noise applies only to --track synthetic; got --track fashion',
    ],
    [['--label-noise', '0.6'], 'cat-classifier: --label-noise must be below 0.5 (it would flip most labels), got 0.6'],
  ])('%j is a usage error: one line, exit 2, no stack trace, nothing generated', (argv, message) => {
    const result = run('main.js', argv);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`${message}\nRun with --help to see every flag.\n`);
    expect(result.stdout).toBe('');
  });

  it('--scale 0.1 plans a tenth of the default pictures, and the dry run says so without drawing any', () => {
    expect(catSizes(args([]))).toEqual({ web: 20_000, app: 1_000 });
    expect(catSizes(args(['--scale', '0.1']))).toEqual({ web: 2_000, app: 100 });
    expect(catSizes(args(['--scale', '0.1', '--track', 'fashion']))).toEqual({ web: 1_200, app: 100 });
    expect(catSizes(args(['--scale', '0.1', '--app', '250']))).toEqual({ web: 2_000, app: 250 });
    expect(catSizes(args(['--full']))).toEqual({ web: 200_000, app: 10_000 });
    expect(fashionSettings(args(['--scale', '0.5', '--track', 'fashion', '--seed', '3']))).toEqual({
      web: 6_000,
      app: 500,
      seed: 3,
    });
    const result = run('main.js', ['--scale', '0.1', '--dry-run']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^would generate 2000 web \+ 100 app SYNTHETIC pictures, train mlp-64, cnn-8-16/);
  });

  it('--scale 0.1 generates a tenth of the pictures: 2,000 web + 100 app', () => {
    const settings = syntheticSettings(args(['--scale', '0.1', '--seed', '5', '--label-noise', '0.05']));
    expect(settings).toEqual({ web: 2_000, app: 100, seed: 5, labelNoise: 0.05 });
    const data = syntheticTrack(settings);
    expect([data.webCount, data.appCount, data.labels.length]).toEqual([2_000, 100, 2_100]);
  });

  it('a scale that leaves no app picture is refused before any work', () => {
    const result = run('main.js', ['--scale', '0.0001']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--scale 0\.0001 leaves 2 web and 0 app pictures; use at least 1 of each/);
  });
});

describe('cat-classifier transfer command line', () => {
  it('-h prints every flag; a bad list item is a usage error', () => {
    const help = run('transfer_main.js', ['-h']);
    expect(help.status).toBe(0);
    for (const name of Object.keys(transferCommand.flags)) expect(help.stdout).toContain(`--${name}`);
    const bad = run('transfer_main.js', ['--sizes', '20,abc']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(
      "cat-classifier transfer: --sizes must be a whole number (each item of the list), got 'abc' in '20,abc'\nRun with --help to see every flag.\n",
    );
  });
});
