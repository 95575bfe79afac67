// The transfer study's command line (pnpm --filter cat-classifier transfer).
import { backendFlag, defineCommand, integerFlag, listFlag, outFlag } from '@mlrecipe/app-cli';

/** The transfer study's flags; `--seeds` is a list because each size is trained once per seed. */
export const transferCommand = defineCommand({
  name: 'cat-classifier transfer',
  usage: 'pnpm --filter cat-classifier transfer',
  summary:
    'cat-classifier transfer: do layers learned on SYNTHETIC cats help shirt vs not-shirt on real Fashion-MNIST photos?',
  flags: {
    sizes: listFlag(integerFlag({ help: '', min: 1 }), {
      help: 'target training-set sizes, one learning-curve point each',
      default: [20, 100, 500, 2000],
    }),
    seeds: listFlag(integerFlag({ help: '', min: 0 }), {
      help: 'seeds; every size is trained once per seed',
      default: [1, 2],
    }),
    'source-pictures': integerFlag({ help: 'SYNTHETIC pictures the source model trains on', default: 10_000, min: 10 }),
    backend: backendFlag(),
    out: outFlag(),
  },
});
