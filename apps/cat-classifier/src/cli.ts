// The cat classifier's command line: its flags, the rules between them, and the plan they make.
// Parsed and checked before any picture is drawn, so a typo costs nothing.
import {
  backendFlag,
  choiceFlag,
  defineCommand,
  epochsFlag,
  type FlagValues,
  integerFlag,
  listFlag,
  numberFlag,
  outFlag,
  seedFlag,
  switchFlag,
  UsageError,
} from '@mlrecipe/app-cli';
import { CANDIDATES, TINY } from './candidates.js';
import { FASHION_SIZES } from './fashion_track.js';
import { DEFAULT_SETTINGS, FULL_SIZES } from './generator/generate.js';

const MODEL_NAMES = [...CANDIDATES, TINY].map((c) => c.name);
const share = (help: string) => numberFlag({ help, min: 0, max: 1 });

/** The cat classifier's flags; `--help` is generated from them. */
export const catCommand = defineCommand({
  name: 'cat-classifier',
  usage: 'pnpm --filter cat-classifier start',
  summary: 'cat-classifier: one turn of the ML recipe on web vs mobile-app pictures.',
  flags: {
    track: choiceFlag({
      help: 'SYNTHETIC cat pictures, or real Fashion-MNIST photos (shirt vs not-shirt)',
      choices: ['synthetic', 'fashion'],
      default: 'synthetic',
    }),
    web: integerFlag({ help: 'pictures from the web (default 20000 synthetic, 12000 fashion)', min: 1 }),
    app: integerFlag({ help: 'pictures from the app (default 1000)', min: 1 }),
    scale: numberFlag({
      help: 'multiply the default sizes (0.1: 2000 web + 100 app; 10: the course sizes)',
      min: 1e-4,
    }),
    full: switchFlag("the course's sizes: 200000 web, 10000 app (slow)"),
    'hard-dog-share': share('share of dogs that look exactly like cats, synthetic track (default 0.1)'),
    'label-noise': share('share of flipped labels, synthetic track, below 0.5 (default 0.02)'),
    'app-severity': share('how badly the app degrades pictures, 0–1 (default 0.6)'),
    'no-app-in-train': switchFlag('keep app pictures out of training (data mismatch at its worst)'),
    models: listFlag(choiceFlag({ help: '', choices: MODEL_NAMES }), {
      help: `candidates among ${MODEL_NAMES.join(', ')}`,
      default: CANDIDATES.map((c) => c.name),
      valueName: 'a,b',
    }),
    epochs: epochsFlag(4),
    'human-level': share("human-level error (default: the data's own estimate, explained in the output)"),
    'max-latency-ms': numberFlag({
      help: "satisficing bound per picture, ms (a phone app's budget for one picture)",
      default: 20,
      min: 1e-3,
    }),
    backend: backendFlag(),
    seed: seedFlag(1),
    out: outFlag(),
    'dry-run': switchFlag('print what would run (picture counts, models, epochs) and stop before any work'),
  },
  check(values) {
    const sizeFlags = (['web', 'app', 'scale'] as const).filter((name) => values[name] !== undefined);
    if (values.full && sizeFlags.length > 0) {
      throw new UsageError(`--full sets the sizes; drop it or drop --${sizeFlags.join(' and --')}`);
    }
    if (values.track === 'fashion') {
      const syntheticOnly = (['hard-dog-share', 'label-noise'] as const).filter((name) => values[name] !== undefined);
      if (syntheticOnly.length > 0) {
        const verb = syntheticOnly.length > 1 ? 'apply' : 'applies';
        throw new UsageError(
          `--${syntheticOnly.join(' and --')} ${verb} only to --track synthetic; got --track fashion`,
        );
      }
    }
    const noise = values['label-noise'];
    if (noise !== undefined && noise >= 0.5) {
      throw new UsageError(`--label-noise must be below 0.5 (it would flip most labels), got ${noise}`);
    }
    const { web, app } = catSizes(values);
    if (web < 1 || app < 1) {
      throw new UsageError(`--scale ${values.scale} leaves ${web} web and ${app} app pictures; use at least 1 of each`);
    }
  },
});

/** What the cat classifier's flags parse to. */
export type CatArgs = FlagValues<typeof catCommand.flags>;

/**
 * How many web and app pictures to draw: `--full` is the course's sizes; otherwise the track's
 * defaults times `--scale`, and `--web`/`--app` set one count outright.
 */
export function catSizes(args: CatArgs): { web: number; app: number } {
  if (args.full) return { ...FULL_SIZES };
  const base = args.track === 'fashion' ? FASHION_SIZES : DEFAULT_SETTINGS;
  const scale = args.scale ?? 1;
  return { web: args.web ?? Math.round(base.web * scale), app: args.app ?? Math.round(base.app * scale) };
}

/** The synthetic generator's settings for these flags (sizes, seed, and only the knobs given). */
export function syntheticSettings(args: CatArgs) {
  return {
    ...catSizes(args),
    seed: args.seed,
    ...(args['app-severity'] === undefined ? {} : { appSeverity: args['app-severity'] }),
    ...(args['hard-dog-share'] === undefined ? {} : { hardDogShare: args['hard-dog-share'] }),
    ...(args['label-noise'] === undefined ? {} : { labelNoise: args['label-noise'] }),
  };
}

/** The real-photo track's settings for these flags. */
export function fashionSettings(args: CatArgs) {
  return {
    ...catSizes(args),
    seed: args.seed,
    ...(args['app-severity'] === undefined ? {} : { appSeverity: args['app-severity'] }),
  };
}
