// The transfer study's command line (pnpm --filter cat-classifier transfer).
import { backendFlag, defineCommand, integerFlag, listFlag, outFlag } from '@mlrecipe/app-cli';

/** The transfer study's flags; `--seeds` is a list because each size is trained once per seed. */
export const transferCommand = defineCommand({
  name: 'cat-classifier transfer',
  usage: 'pnpm --filter cat-classifier transfer',
  summary:
    'cat-classifier transfer: does a pretrained MobileNetV3 (COCO) or a CNN trained on SYNTHETIC web cats help (a) SYNTHETIC app cats and (b) shirt vs not-shirt on real Fashion-MNIST photos, against training from scratch?',
  flags: {
    sizes: listFlag(integerFlag({ help: '', min: 1 }), {
      help: 'target training-set sizes, one learning-curve point each',
      default: [20, 100, 500],
    }),
    seeds: listFlag(integerFlag({ help: '', min: 0 }), {
      help: 'seeds; every size is trained once per seed',
      default: [1, 2],
    }),
    'source-pictures': integerFlag({ help: 'SYNTHETIC pictures the source model trains on', default: 10_000, min: 10 }),
    'trunk-size': integerFlag({
      help: 'pixels the MobileNetV3 trunk sees (pictures upscaled to it); 0 leaves the trunk out',
      default: 64,
      min: 0,
    }),
    backend: backendFlag(),
    out: outFlag(),
  },
});
