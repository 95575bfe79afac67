// biome-ignore-all assist/source/organizeImports: the table of contents is grouped by concept, not by file name
// @mlrecipe/core: what every mlrecipe package shares and nothing else, with no dependencies —
// so that computing an F1 score or drawing a split installs no tensor library.

// Typed errors: every package throws these (or subclasses), each with a stable `code`
export {
  BackendUnavailableError,
  DuplicateTfjsCoreError,
  InvalidArgumentError,
  MlrecipeError,
  ScopeError,
  ShapeError,
  TensorLeakError,
} from './errors.js';

// Seeded randomness: bit-identical streams on every platform, named forks, JSON state
export type { Rng, RngState } from './rng.js';
export { createRng, restoreRng } from './rng.js';

// The one warning channel: typed warnings, one replaceable handler, listeners, capture
export type { CapturedWarnings, WarningHandler } from './warnings.js';
export {
  MlrecipeWarning,
  captureWarnings,
  consoleWarningHandler,
  onWarning,
  setWarningHandler,
  warn,
} from './warnings.js';
