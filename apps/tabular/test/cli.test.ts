import { fileURLToPath } from 'node:url';
import { parseCommandLine } from '@mlrecipe/app-cli';
import { runScript } from '@mlrecipe/app-cli/testing';
import { expect, it } from 'vitest';
import { tabularCommand } from '../src/cli.js';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

it('-h prints every flag and exits 0', () => {
  const result = runScript(main, ['-h']);
  expect(result.status).toBe(0);
  for (const name of Object.keys(tabularCommand.flags)) expect(result.stdout).toContain(`--${name}`);
});

it.each([
  [['--fold', '3'], "tabular: unknown flag '--fold'; did you mean --folds?"],
  [['--folds', '1'], "tabular: --folds must be between 2 and 20, got '1'"],
  [['--epochs', 'abc'], "tabular: --epochs must be a whole number, got 'abc'"],
  [['--human-level', '0.7'], "tabular: --human-level must be between 0 and 0.5, got '0.7'"],
])('%j is a usage error: one line, exit 2, no stack trace, nothing trained', (argv, message) => {
  const result = runScript(main, argv);
  expect(result.status).toBe(2);
  expect(result.stderr).toBe(`${message}\nRun with --help to see every flag.\n`);
  expect(result.stdout).toBe('');
});

it('reads every flag', () => {
  const parsed = parseCommandLine(tabularCommand, [
    '--folds',
    '10',
    '--seed',
    '4',
    '--epochs',
    '5',
    '--human-level',
    '0.01',
  ]);
  if (parsed.kind !== 'run') throw new Error('expected flags');
  expect(parsed.values).toMatchObject({ folds: 10, seed: 4, epochs: 5, 'human-level': 0.01 });
});
