import type { Command, Flags } from './command.js';

/**
 * The `--help` text of a command: summary, usage line, one line per flag with its value's shape and
 * its default, then the epilogue.
 *
 * @example
 * console.log(helpText(command));
 */
export function helpText<F extends Flags>(command: Command<F>): string {
  const rows = Object.entries(command.flags).map(([name, flag]) => [
    `--${name}${flag.valueName === undefined ? '' : ` ${flag.valueName}`}`,
    flag.help,
  ]);
  rows.push(['-h, --help', 'print this help and exit']);
  const width = Math.max(...rows.map(([left]) => left!.length));
  const lines = rows.map(([left, right]) => `  ${left!.padEnd(width)}  ${right}`);
  const epilogue = command.epilogue ? `\n${command.epilogue.trimEnd()}\n` : '';
  return `${command.summary}\n\nUsage: ${command.usage} [flags]\n\n${lines.join('\n')}\n${epilogue}`;
}
