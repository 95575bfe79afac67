// The tabular app's command line; parsed and checked before any table is read.
import { backendFlag, defineCommand, epochsFlag, integerFlag, numberFlag, outFlag, seedFlag } from '@mlrecipe/app-cli';

/** The tabular app's flags; `--help` is generated from them. */
export const tabularCommand = defineCommand({
  name: 'tabular',
  usage: 'pnpm --filter tabular start',
  summary:
    'tabular: structured data (UCI breast cancer, diabetes): a dense network vs logistic / linear regression, k-fold cross-validated, with intervals and the diagnosis.',
  flags: {
    folds: integerFlag({ help: 'number of cross-validation folds', default: 5, min: 2, max: 20 }),
    seed: seedFlag(1),
    epochs: epochsFlag(60),
    'human-level': numberFlag({
      help: 'human-level error rate on the breast-cancer table, if you have one (none is published for these measurements; 0 makes avoidable bias the whole train error)',
      default: 0,
      min: 0,
      max: 0.5,
    }),
    backend: backendFlag(),
    out: outFlag(),
  },
});
