// The quickstart's command line: the shared names, nothing else.
import { backendFlag, defineCommand, epochsFlag, seedFlag } from '@mlrecipe/app-cli';

/** The quickstart's flags; `--help` is generated from them. */
export const quickstartCommand = defineCommand({
  name: 'quickstart',
  usage: 'pnpm start:quickstart',
  summary:
    'quickstart: picks the best backend here, trains a tiny seeded logistic regression on two blobs and says what it did.',
  flags: {
    seed: seedFlag(42),
    // Full-batch gradient descent: one step is one pass over the 1,000 points, i.e. one epoch.
    epochs: epochsFlag(300),
    backend: backendFlag(),
  },
});
