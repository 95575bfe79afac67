// The structured-data example: `pnpm --filter quickstart tabular`. Breast-cancer diagnosis from 30
// measured features (UCI, via scikit-learn; data/README.md), logistic regression vs a dense network
// under stratified 5-fold cross-validation, with the diagnosis and a paired comparison.
import { countTensors, useBackend } from '@mlrecipe/tensor';
import { loadBreastCancer } from './tabular/breast_cancer.js';
import { describeStudy, tabularStudy } from './tabular/tabular_study.js';

const selection = await useBackend('auto');
console.log(`backend: ${selection.name} (${selection.reason})`);
const data = loadBreastCancer();
console.log(
  `breast cancer (Wisconsin diagnostic): ${data.y.shape[0]} rows × ${data.x.shape[1]} features, ${data.y.values.filter((v) => v === 0).length} malignant`,
);
const started = performance.now();
const study = await tabularStudy(data, { seed: 1, k: 5, epochs: 40 });
for (const line of describeStudy(study)) console.log(line);
console.log(`time: ${((performance.now() - started) / 1000).toFixed(1)} s; live tensors afterwards: ${countTensors()}`);
