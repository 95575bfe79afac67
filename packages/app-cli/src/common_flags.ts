import { choiceFlag, type Flag, integerFlag, textFlag } from './flag.js';

// One name and one meaning per shared thing across the apps, so `--seed 3 --backend cpu --out runs
// --epochs 2` means the same to cat-classifier, speech, bone-age and quickstart.

/**
 * `--seed N`: the seed every random choice of the run derives from (a whole number ≥ 0).
 *
 * @example
 * const flags = { seed: seedFlag(1) };
 */
export function seedFlag(defaultSeed: number): Flag<number> {
  return integerFlag({ help: 'seed of every random choice in the run', default: defaultSeed, min: 0 });
}

/**
 * `--backend NAME`: `auto` (the fastest backend that works here, and why) or one backend by name.
 * The app passes the names its tensor package knows, so a typo fails before any work.
 *
 * @example
 * const flags = { backend: backendFlag(BACKEND_NAMES) };
 */
export function backendFlag(backendNames: readonly string[]): Flag<string> {
  return choiceFlag({
    help: 'tensor backend: auto picks the fastest that works here and says why',
    choices: ['auto', ...backendNames],
    default: 'auto',
    valueName: 'NAME',
  });
}

/**
 * `--out DIR`: the directory the run writes its reports into (created if missing).
 *
 * @example
 * const flags = { out: outFlag() };
 */
export function outFlag(defaultDirectory = 'reports'): Flag<string> {
  return textFlag({ help: 'directory for reports', default: defaultDirectory, valueName: 'DIR' });
}

/**
 * `--epochs N`: passes over the training set per model (a whole number ≥ 1).
 *
 * @example
 * const flags = { epochs: epochsFlag(4) };
 */
export function epochsFlag(defaultEpochs: number): Flag<number> {
  return integerFlag({ help: 'epochs (passes over the training set) per model', default: defaultEpochs, min: 1 });
}
