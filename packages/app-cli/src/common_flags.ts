import type { BackendName } from '@mlrecipe/tensor';
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

// Every name `useBackend` accepts. A Record over the type, not a loose list: adding a backend to
// @mlrecipe/tensor's BackendName without adding it here fails to compile (the tensor package does not
// export its runtime list, and importing its main entry would load tfjs before the flags are read).
const BACKENDS: Readonly<Record<BackendName, true>> = {
  cpu: true,
  wasm: true,
  webgl: true,
  webgpu: true,
  cuda: true,
  tensorflow: true,
};

/**
 * `--backend NAME`: `auto` (the fastest backend that works here, and why) or one backend by name,
 * checked against the names `useBackend` accepts, so a typo fails before any work.
 *
 * @example
 * const flags = { backend: backendFlag() };
 * await useBackend(args.backend);
 */
export function backendFlag(): Flag<BackendName | 'auto'> {
  return choiceFlag({
    help: 'tensor backend: auto picks the fastest that works here and says why',
    choices: ['auto', ...(Object.keys(BACKENDS) as BackendName[])],
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
