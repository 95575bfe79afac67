import { fileURLToPath } from 'node:url';
import { runScript } from '@mlrecipe/app-cli/testing';
import { expect, it } from 'vitest';
import { quickstartCommand } from '../src/cli.js';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

it('-h prints every flag and exits 0', () => {
  const result = runScript(main, ['-h']);
  expect(result.status).toBe(0);
  for (const name of Object.keys(quickstartCommand.flags)) expect(result.stdout).toContain(`--${name}`);
});

it.each([
  [['--steps', '3'], "quickstart: unknown flag '--steps'; see --help for the flags"],
  [['--epochs', '1e2x'], "quickstart: --epochs must be a whole number, got '1e2x'"],
  [['--seed', '-1'], "quickstart: --seed must be at least 0, got '-1'"],
])('%j is a usage error: one line, exit 2, no stack trace, no training', (argv, message) => {
  const result = runScript(main, argv);
  expect(result.status).toBe(2);
  expect(result.stderr).toBe(`${message}\nRun with --help to see every flag.\n`);
  expect(result.stdout).toBe('');
});

it('honours --seed, --epochs and --backend (a real, tiny run)', () => {
  const result = runScript(main, ['--seed', '3', '--epochs', '101', '--backend', 'cpu']);
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/^backend: cpu /);
  expect(result.stdout).toContain('two Gaussian blobs (seed 3), 101 full-batch steps:');
  // A loss is logged at steps 0, 50, 100 (every 50, and the last step): three values.
  expect(result.stdout).toMatch(/loss every 50 steps: [\d.]+ → [\d.]+ → [\d.]+\n/);
});
