import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backendFlag,
  choiceFlag,
  defineCommand,
  epochsFlag,
  helpText,
  integerFlag,
  listFlag,
  numberFlag,
  outFlag,
  parseCommandLine,
  readCommandLine,
  seedFlag,
  switchFlag,
  UsageError,
} from '../src/index.js';

const command = defineCommand({
  name: 'demo',
  usage: 'pnpm --filter demo start',
  summary: 'demo: a command with one flag of every kind.',
  flags: {
    seed: seedFlag(1),
    epochs: epochsFlag(4),
    backend: backendFlag(),
    out: outFlag(),
    scale: numberFlag({ help: 'multiply the sizes', default: 1, min: 0.001 }),
    'human-level': numberFlag({ help: 'human-level error', min: 0, max: 1 }),
    track: choiceFlag({ help: 'which data', choices: ['synthetic', 'fashion'], default: 'synthetic' }),
    sizes: listFlag(integerFlag({ help: '', min: 1 }), { help: 'training sizes', default: [100, 300] }),
    full: switchFlag('the full sizes'),
  },
});

function usageError(argv: string[]): UsageError {
  try {
    parseCommandLine(command, argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).code).toBe('USAGE');
    return error as UsageError;
  }
  throw new Error(`expected a usage error for ${JSON.stringify(argv)}`);
}

describe('parseCommandLine', () => {
  it('gives every flag its default when the command line is empty', () => {
    expect(parseCommandLine(command, [])).toEqual({
      kind: 'run',
      values: {
        seed: 1,
        epochs: 4,
        backend: 'auto',
        out: 'reports',
        scale: 1,
        'human-level': undefined,
        track: 'synthetic',
        sizes: [100, 300],
        full: false,
      },
    });
  });

  it('reads back any combination of flags, in any order, written as --name value or --name=value', () => {
    const present = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    fc.assert(
      fc.property(
        fc.record({
          seed: present(fc.integer({ min: 0, max: 2 ** 31 })),
          epochs: present(fc.integer({ min: 1, max: 1000 })),
          backend: present(fc.constantFrom('auto', 'cpu', 'wasm', 'webgl', 'webgpu', 'cuda', 'tensorflow')),
          out: present(fc.stringMatching(/^[a-z][a-z0-9/._-]{0,12}$/)),
          scale: present(fc.double({ min: 0.001, max: 1e6, noNaN: true })),
          'human-level': present(fc.double({ min: 0, max: 1, noNaN: true })),
          track: present(fc.constantFrom('synthetic', 'fashion')),
          sizes: present(fc.array(fc.integer({ min: 1, max: 1e6 }), { minLength: 1, maxLength: 5 })),
          full: fc.boolean(),
        }),
        fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }),
        fc.integer(),
        (chosen, useEquals, shuffleSeed) => {
          const parts: string[][] = [];
          for (const [i, [name, value]] of Object.entries(chosen).entries()) {
            if (value === undefined || value === false) continue;
            if (value === true) {
              parts.push([`--${name}`]);
              continue;
            }
            const text = Array.isArray(value) ? value.join(',') : String(value);
            parts.push(useEquals[i] ? [`--${name}=${text}`] : [`--${name}`, text]);
          }
          // A seeded shuffle: flag order must not matter.
          const order = parts.map((p, i) => ({ p, key: Math.sin(shuffleSeed + i) })).sort((a, b) => a.key - b.key);
          const parsed = parseCommandLine(
            command,
            order.flatMap((o) => o.p),
          );
          const defaults = parseCommandLine(command, []);
          if (parsed.kind !== 'run' || defaults.kind !== 'run') throw new Error('expected values');
          for (const [name, value] of Object.entries(chosen)) {
            const expected = value === undefined ? defaults.values[name as keyof typeof chosen] : value;
            expect(parsed.values[name as keyof typeof chosen]).toEqual(expected);
          }
        },
      ),
      { seed: 20, numRuns: 300 },
    );
  });

  it('refuses any flag it does not declare, naming it', () => {
    const declared = new Set([...Object.keys(command.flags), 'help']);
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z-]{0,15}$/).filter((n) => !declared.has(n)),
        (name) => {
          expect(usageError([`--${name}`, '1']).message).toContain(`unknown flag '--${name}'`);
        },
      ),
      { seed: 21, numRuns: 200 },
    );
  });

  it('suggests the flag a typo was meant to be', () => {
    expect(usageError(['--epoch', '3']).message).toBe("unknown flag '--epoch'; did you mean --epochs?");
    expect(usageError(['-x']).message).toBe("unknown flag '-x'; see --help for the flags");
  });

  it('says which value is wrong, what it received and what it accepts', () => {
    expect(usageError(['--epochs', 'abc']).message).toBe("--epochs must be a whole number, got 'abc'");
    expect(usageError(['--epochs', '2.5']).message).toBe("--epochs must be a whole number, got '2.5'");
    expect(usageError(['--epochs', '0']).message).toBe("--epochs must be at least 1, got '0'");
    expect(usageError(['--scale', 'NaN']).message).toBe("--scale must be a number, got 'NaN'");
    expect(usageError(['--scale=']).message).toBe("--scale must be a number, got ''");
    expect(usageError(['--human-level', '1.5']).message).toBe("--human-level must be between 0 and 1, got '1.5'");
    expect(usageError(['--backend', 'gpu']).message).toBe(
      "--backend must be one of auto, cpu, wasm, webgl, webgpu, cuda, tensorflow, got 'gpu'",
    );
    expect(usageError(['--sizes', '100,abc']).message).toBe(
      "--sizes must be a whole number (each item of the list), got 'abc' in '100,abc'",
    );
    expect(usageError(['--sizes', '100,,3']).message).toBe(
      "--sizes must be a comma-separated list with no empty item, got '100,,3'",
    );
    expect(usageError(['--seed']).message).toBe('--seed needs a value (N), got nothing');
    expect(usageError(['--seed', '--full']).message).toBe("--seed needs a value (N), got '--full'");
    expect(usageError(['--full=yes']).message).toBe("--full is a switch and takes no value, got '--full=yes'");
    expect(usageError(['--seed', '1', '--seed', '2']).message).toBe('--seed is given twice; give it once');
    expect(usageError(['extra']).message).toBe("unexpected argument 'extra'; every setting is a --flag (see --help)");
  });

  it('skips the bare -- that pnpm passes through to the script', () => {
    const parsed = parseCommandLine(command, ['--', '--seed', '3']);
    expect(parsed.kind === 'run' && parsed.values.seed).toBe(3);
  });

  it('reads negative numbers as values, not as flags', () => {
    const signed = defineCommand({
      name: 'signed',
      usage: 'signed',
      summary: 'signed numbers',
      flags: { shift: numberFlag({ help: 'shift' }) },
    });
    expect(parseCommandLine(signed, ['--shift', '-0.5'])).toEqual({ kind: 'run', values: { shift: -0.5 } });
  });

  it('answers --help and -h wherever they stand, even beside a bad flag', () => {
    expect(parseCommandLine(command, ['-h'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(command, ['--epochs', 'abc', '--help'])).toEqual({ kind: 'help' });
  });

  it("reports a rule between flags, from the command's check, as a usage error", () => {
    const exclusive = defineCommand({
      name: 'exclusive',
      usage: 'exclusive',
      summary: 'two flags that exclude each other',
      flags: { full: switchFlag('full'), scale: numberFlag({ help: 'scale' }) },
      check: (v) => {
        if (v.full && v.scale !== undefined) throw new UsageError(`--full and --scale ${v.scale} exclude each other`);
      },
    });
    expect(parseCommandLine(exclusive, ['--full'])).toEqual({ kind: 'run', values: { full: true, scale: undefined } });
    expect(() => parseCommandLine(exclusive, ['--full', '--scale', '2'])).toThrow('--full and --scale 2 exclude');
  });

  it('refuses a flag named help, which --help owns', () => {
    expect(() => defineCommand({ name: 'x', usage: 'x', summary: 'x', flags: { help: switchFlag('') } })).toThrow(
      /reserved/,
    );
  });
});

describe('helpText', () => {
  it('lists every declared flag with its value shape and default, and -h', () => {
    const text = helpText(command);
    for (const name of Object.keys(command.flags)) expect(text).toContain(`--${name}`);
    expect(text).toContain('--epochs N');
    expect(text).toContain('(default 4)');
    expect(text).toContain('--backend NAME');
    expect(text).toContain('--track synthetic|fashion');
    expect(text).toContain('(default 100,300)');
    expect(text).toContain('-h, --help');
    expect(
      text.startsWith('demo: a command with one flag of every kind.\n\nUsage: pnpm --filter demo start [flags]'),
    ).toBe(true);
  });
});

describe('readCommandLine', () => {
  class Exit extends Error {
    constructor(readonly code: number) {
      super(`exit ${code}`);
    }
  }
  function run(argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    try {
      const values = readCommandLine(command, {
        argv,
        stdout: (t) => out.push(t),
        stderr: (t) => err.push(t),
        exit: (code) => {
          throw new Exit(code);
        },
      });
      return { values, code: undefined, stdout: out.join(''), stderr: err.join('') };
    } catch (error) {
      if (!(error instanceof Exit)) throw error;
      return { values: undefined, code: error.code, stdout: out.join(''), stderr: err.join('') };
    }
  }

  it('prints the help on stdout and exits 0', () => {
    const result = run(['-h']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(helpText(command));
    expect(result.stderr).toBe('');
  });

  it('prints a two-line usage error without a stack trace and exits 2', () => {
    const result = run(['--epochs', 'abc']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "demo: --epochs must be a whole number, got 'abc'\nRun with --help to see every flag.\n",
    );
    expect(result.stdout).toBe('');
  });

  it('returns the values when the command line is good', () => {
    expect(run(['--seed', '7']).values?.seed).toBe(7);
  });
});
