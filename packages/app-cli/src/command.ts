import type { Flag } from './flag.js';

/** The flags of a command, by name as typed after `--` (kebab-case: `max-latency-ms`). */
export type Flags = Readonly<Record<string, Flag<unknown>>>;

/** What an app reads after parsing: each flag's typed value, under the flag's name. */
export type FlagValues<F extends Flags> = { -readonly [K in keyof F]: F[K] extends Flag<infer T> ? T : never };

/**
 * A command line: the program's name, what it does in one line, and its flags. The help text is
 * generated from it, so a flag is listed in `--help` exactly when the parser accepts it.
 */
export interface Command<F extends Flags> {
  /** The program's name, the prefix of its usage errors: `cat-classifier`. */
  readonly name: string;
  /** How users start it, e.g. `pnpm --filter cat-classifier start`. */
  readonly usage: string;
  /** What the program does, in one sentence. */
  readonly summary: string;
  /** The flags; `help` is reserved (`--help` and `-h` always print the help). */
  readonly flags: F;
  /** Lines printed after the flags (examples, notes). */
  readonly epilogue?: string;
  /**
   * Rules between flags (`--full` with `--scale`): throws a `UsageError` when the combination makes
   * no sense, so it is reported like any other bad flag, before any work.
   */
  readonly check?: (values: FlagValues<F>) => void;
}

/**
 * Declares a command; only here so that TypeScript infers the flags' value types.
 *
 * @example
 * const command = defineCommand({ name: 'quickstart', usage: 'pnpm start:quickstart', summary: 'trains a tiny model', flags: { seed: seedFlag(42) } });
 */
export function defineCommand<F extends Flags>(command: Command<F>): Command<F> {
  if ('help' in command.flags) throw new Error("defineCommand: 'help' is reserved for --help/-h; rename the flag");
  return command;
}
