import { expect, it } from 'vitest';
import { InvalidArgumentError, tf, useBackend } from '../src/index.js';
import { formatFuzzTable, runBadInputs } from '../src/testing/index.js';

await useBackend('cpu');

it('classifies each way a bad input can be handled, and only a clean typed error passes', async () => {
  let leaked: tf.Tensor | undefined;
  const report = await runBadInputs(
    'example',
    [
      {
        entry: 'typed',
        input: '-1',
        run: () => {
          throw new InvalidArgumentError('x must be ≥ 0, got -1');
        },
      },
      { entry: 'raw', input: 'null', run: () => (null as unknown as { a: number }).a },
      { entry: 'nan', input: '0/0', run: () => tf.scalar(Number.NaN) },
      { entry: 'accepted', input: '2.5', run: () => 3 },
      { entry: 'hang', input: 'never', run: () => new Promise(() => {}) },
      {
        entry: 'leak',
        input: 'tensor',
        run: () => {
          leaked = tf.ones([2]);
          throw new InvalidArgumentError('bad');
        },
      },
      {
        entry: 'async typed',
        input: 'x',
        run: async () => {
          throw new InvalidArgumentError('bad');
        },
      },
    ],
    { timeoutMs: 50 },
  );
  leaked?.dispose();
  expect(report.outcomes).toEqual({ typed: 2, raw: 1, nonfinite: 1, accepted: 1, hang: 1, leak: 1 });
  expect(report).toMatchObject({ cases: 7, typedErrors: 3, passes: 2 });
  expect(report.failures.map((f) => [f.entry, f.outcome])).toEqual([
    ['raw', 'raw'],
    ['nan', 'nonfinite'],
    ['accepted', 'accepted'],
    ['hang', 'hang'],
    ['leak', 'leak'],
  ]);
  expect(report.failures[0]!.detail).toMatch(/^TypeError: /);
  expect(formatFuzzTable([report]).split('\n')[1]).toMatch(/^example\s+7\s+3\s+2\s+1\s+1\s+1\s+1\s+1$/);
});
