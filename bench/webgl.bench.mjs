// The MLP (784-256-128-10, batch 128) and the small CNN (batch 64) trained on WebGL in headless
// Chromium (Debian's, SwiftShader): tfjs-layers model.fit vs @mlrecipe/nn + @mlrecipe/optim in the
// same page: optim's default finiteness check (on WebGL deferred: read asynchronously, one read for
// all steps since the last), its 'immediate' check (one read per step), and nn with a plain-ops Adam and no check; losses are read at the
// end, as fit keeps its running totals on the GPU. 3 alternating rounds of 12 batches, medians. SwiftShader renders on the CPU, so
// absolute figures say little; the ratio in the same page is the measurement.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_PATH, runInChromium } from '@mlrecipe/browser-runner';

if (!existsSync(CHROMIUM_PATH)) {
  console.log(`WebGL bench not run: ${CHROMIUM_PATH} is missing (apt-get install chromium)`);
  process.exit(0);
}
const { result, errors } = await runInChromium(join(import.meta.dirname, 'browser', 'webgl_train_entry.mjs'));
if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(
  `Training on ${result.backend} in headless Chromium (${result.renderer}), median of 3 rounds of 12 batches`,
);
for (const [model, label] of [
  ['mlp', 'MLP 784-256-128-10, batch 128'],
  ['cnn', 'small CNN, batch 64'],
]) {
  const layers = median(result.rounds[model].layers);
  const ours = median(result.rounds[model].ours);
  const plain = median(result.rounds[model].plain);
  const immediate = median(result.rounds[model].immediate);
  const unchecked = median(result.rounds[model].unchecked);
  const cell = (name, value) => `${name} ${value.toFixed(0).padStart(6)} samples/s ${(value / layers).toFixed(2)}×`;
  console.log(
    `  ${label.padEnd(32)} tfjs-layers fit ${layers.toFixed(0).padStart(6)} samples/s   ${cell('@mlrecipe/nn + optim (default check)', ours)}   ${cell("checkFinite 'immediate'", immediate)}   ${cell('checkFinite false', unchecked)}   ${cell('plain-ops Adam, no check', plain)}`,
  );
}
