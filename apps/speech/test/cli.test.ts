import { fileURLToPath } from 'node:url';
import { parseCommandLine } from '@mlrecipe/app-cli';
import { runScript } from '@mlrecipe/app-cli/testing';
import { expect, it } from 'vitest';
import { speechCommand } from '../src/cli.js';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

it('-h prints every flag and exits 0', () => {
  const result = runScript(main, ['-h']);
  expect(result.status).toBe(0);
  for (const name of Object.keys(speechCommand.flags)) expect(result.stdout).toContain(`--${name}`);
});

it.each([
  [['--voices', '3'], "speech: unknown flag '--voices'; see --help for the flags"],
  [['--per-leter', '3'], "speech: unknown flag '--per-leter'; did you mean --per-letter?"],
  [['--epochs', 'abc'], "speech: --epochs must be a whole number, got 'abc'"],
  [['--per-letter', '0'], "speech: --per-letter must be at least 1, got '0'"],
  [['--human-level', 'five'], "speech: --human-level must be a number, got 'five'"],
  [
    ['--backend', 'gpu'],
    "speech: --backend must be one of auto, cpu, wasm, webgl, webgpu, cuda, tensorflow, got 'gpu'",
  ],
])('%j is a usage error: one line, exit 2, no stack trace, no speech synthesised', (argv, message) => {
  const result = runScript(main, argv);
  expect(result.status).toBe(2);
  expect(result.stderr).toBe(`${message}\nRun with --help to see every flag.\n`);
  expect(result.stdout).toBe('');
});

it('reads numbers as numbers (no Number("abc") flowing on)', () => {
  const parsed = parseCommandLine(speechCommand, ['--per-letter', '12', '--human-level', '0.1', '--seed', '9']);
  expect(parsed).toEqual({
    kind: 'run',
    values: {
      'per-letter': 12,
      epochs: 15,
      words: 400,
      'word-epochs': 15,
      'latency-ms': 250,
      'human-level': 0.1,
      seed: 9,
      backend: 'auto',
      cache: '.cache/tts',
      out: 'reports',
    },
  });
});
