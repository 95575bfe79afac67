import type { Command, Flags, FlagValues } from './command.js';
import { UsageError } from './usage_error.js';

/** The outcome of a command line that parsed: either "print the help" or the flags' values. */
export type ParsedCommandLine<F extends Flags> =
  | { readonly kind: 'help' }
  | { readonly kind: 'run'; readonly values: FlagValues<F> };

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function unknownFlag(written: string, names: readonly string[]): UsageError {
  const bare = written.replace(/^-+/, '');
  const near = names.filter((n) => editDistance(n, bare) <= Math.max(1, Math.floor(n.length / 4)));
  const hint = near.length > 0 ? `did you mean ${near.map((n) => `--${n}`).join(' or ')}?` : 'see --help for the flags';
  return new UsageError(`unknown flag '${written}'; ${hint}`);
}

/**
 * Reads `argv` (without `node` and the script) against a command's flags. `--name value`,
 * `--name=value` and switches are accepted; `--help`/`-h` anywhere wins. Anything else — an
 * unknown flag, a positional argument, a flag given twice, a missing or malformed value — throws a
 * `UsageError` naming the flag and the text received, as does the command's `check` of the
 * combination. Pure: prints nothing, exits nothing.
 *
 * @example
 * const parsed = parseCommandLine(command, ['--epochs', '2']);
 * if (parsed.kind === 'run') parsed.values.epochs; // 2
 */
export function parseCommandLine<F extends Flags>(command: Command<F>, argv: readonly string[]): ParsedCommandLine<F> {
  if (argv.some((arg) => arg === '--help' || arg === '-h')) return { kind: 'help' };
  const names = Object.keys(command.flags);
  const given = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    // `pnpm start -- --seed 2` hands the script a literal `--`; with no positional arguments to
    // separate, it means nothing and is skipped.
    if (arg === '--') continue;
    if (!arg.startsWith('--')) {
      throw arg.startsWith('-') && arg !== '-'
        ? unknownFlag(arg, names)
        : new UsageError(`unexpected argument '${arg}'; every setting is a --flag (see --help)`);
    }
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    const flag = Object.hasOwn(command.flags, name) ? command.flags[name] : undefined;
    if (flag === undefined) throw unknownFlag(equals === -1 ? arg : arg.slice(0, equals), names);
    if (given.has(name)) throw new UsageError(`--${name} is given twice; give it once`);
    if (flag.valueName === undefined) {
      if (equals !== -1) throw new UsageError(`--${name} is a switch and takes no value, got '${arg}'`);
      given.set(name, true);
    } else if (equals !== -1) {
      given.set(name, arg.slice(equals + 1));
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        throw new UsageError(
          `--${name} needs a value (${flag.valueName}), got ${next === undefined ? 'nothing' : `'${next}'`}`,
        );
      }
      given.set(name, next);
      i++;
    }
  }
  const values: Record<string, unknown> = {};
  for (const name of names) {
    const flag = command.flags[name]!;
    const text = given.get(name);
    values[name] = text === undefined ? flag.default : flag.parse(text === true ? '' : text, name);
  }
  command.check?.(values as FlagValues<F>);
  return { kind: 'run', values: values as FlagValues<F> };
}
