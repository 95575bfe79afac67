// @mlrecipe/app-cli: the apps' one command-line convention (private; not published).

// Declaring a command
export { type Command, defineCommand, type Flags, type FlagValues } from './command.js';
// Flags every app names the same way
export { backendFlag, epochsFlag, outFlag, seedFlag } from './common_flags.js';
// Flags by kind
export {
  choiceFlag,
  type Flag,
  integerFlag,
  listFlag,
  type NumberBounds,
  numberFlag,
  switchFlag,
  textFlag,
  type ValueFlagOptions,
} from './flag.js';
// Reading the command line
export { helpText } from './help_text.js';
export { type ParsedCommandLine, parseCommandLine } from './parse_command_line.js';
export { type CommandLineIo, readCommandLine } from './read_command_line.js';
export { UsageError } from './usage_error.js';
