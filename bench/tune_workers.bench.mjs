// A short study (learning rate and hidden units of an MLP on a Fashion-MNIST subset) with the
// workerThreads executor: 1 worker vs 2 workers in the same run. Needs dataset-fashion-mnist.
import { randomSearch } from '@mlrecipe/tune';
import { workerThreads } from '@mlrecipe/tune/node';
import { studyOptions as options } from './lib/study.mjs';

const objective = { module: new URL('./lib/mlp_objective.mjs', import.meta.url).href, exportName: 'objective' };
const timings = {};
for (const workers of [1, 2]) {
  const start = performance.now();
  const result = await randomSearch({ ...options, executor: workerThreads(objective, { workers }) });
  timings[workers] = (performance.now() - start) / 1000;
  const best = result.best;
  console.log(
    `${workers} worker(s): ${timings[workers].toFixed(1)} s for ${result.trials.length} trials; best devError ${(100 * best.metrics.devError).toFixed(2)} % ` +
      `at learningRate ${best.params.learningRate.toExponential(2)}, units ${best.params.units}`,
  );
}
console.log(`speed-up of 2 workers over 1: ${(timings[1] / timings[2]).toFixed(2)}×`);
