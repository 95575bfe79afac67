// The bone-age app's command line; parsed and checked before any radiograph is drawn.
import {
  backendFlag,
  choiceFlag,
  defineCommand,
  type FlagValues,
  integerFlag,
  listFlag,
  numberFlag,
  outFlag,
  switchFlag,
} from '@mlrecipe/app-cli';

/** The bone-age app's flags; `--help` is generated from them. */
export const boneAgeCommand = defineCommand({
  name: 'bone-age',
  usage: 'pnpm --filter bone-age start',
  summary:
    'bone-age: a two-step pipeline (locate bones, then measure) vs an end-to-end CNN on SYNTHETIC hand radiographs, compared on learning curves.',
  flags: {
    sizes: listFlag(integerFlag({ help: '', min: 1 }), {
      help: 'training-set sizes, one learning-curve point each',
      default: [100, 300, 1000, 3000],
    }),
    seeds: listFlag(integerFlag({ help: '', min: 0 }), {
      help: 'seeds; every size is trained once per seed',
      default: [1, 2],
    }),
    full: switchFlag('also the sizes 10000 and 30000 (slow)'),
    fov: choiceFlag({
      help: 'field of view: fixed, or fitted to each hand',
      choices: ['fixed', 'fitted'],
      default: 'fixed',
    }),
    jitter: numberFlag({ help: 'per-bone maturity jitter, years (sd)', default: 1, min: 0 }),
    'rater-noise': numberFlag({ help: "the rater's noise on the age label, years (sd)", default: 0.25, min: 0 }),
    'machine-shift': switchFlag('also test on 1,000 pictures from a different X-ray machine (data mismatch)'),
    transfer: switchFlag('also transfer from a bone locator trained on the keypoints'),
    backend: backendFlag(),
    out: outFlag(),
  },
});

/** What the bone-age app's flags parse to. */
export type BoneAgeArgs = FlagValues<typeof boneAgeCommand.flags>;

/** The learning-curve sizes these flags ask for: `--sizes`, plus 10,000 and 30,000 with `--full`. */
export function boneAgeSizes(args: BoneAgeArgs): number[] {
  return args.full ? [...args.sizes, 10_000, 30_000] : [...args.sizes];
}
