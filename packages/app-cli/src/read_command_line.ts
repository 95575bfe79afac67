import type { Command, Flags, FlagValues } from './command.js';
import { helpText } from './help_text.js';
import { parseCommandLine } from './parse_command_line.js';
import { UsageError } from './usage_error.js';

/** Where `readCommandLine` prints and how it exits; the process's by default, replaced in tests. */
export interface CommandLineIo {
  readonly argv: readonly string[];
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly exit: (code: number) => never;
}

const processIo = (): CommandLineIo => ({
  argv: process.argv.slice(2),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  exit: (code) => process.exit(code),
});

/**
 * The first line of every app's main: parses the command line and returns the flags' values, or
 * prints the help (exit 0) or a short usage error (exit 2, no stack trace) — before any work.
 *
 * @example
 * const args = readCommandLine(command); // exits on --help or a bad flag
 * const data = generate({ seed: args.seed });
 */
export function readCommandLine<F extends Flags>(command: Command<F>, io: CommandLineIo = processIo()): FlagValues<F> {
  let parsed: ReturnType<typeof parseCommandLine<F>>;
  try {
    parsed = parseCommandLine(command, io.argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`${command.name}: ${error.message}\nRun with --help to see every flag.\n`);
    return io.exit(2);
  }
  if (parsed.kind === 'help') {
    io.stdout(helpText(command));
    return io.exit(0);
  }
  return parsed.values;
}
