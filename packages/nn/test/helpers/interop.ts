// Shared by the tfjs-layers interop tests (export, import, graph models, properties).
import { createRng, tf } from '@mlrecipe/tensor';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ModelVariables } from '../../src/index.js';

export const disposeAll = (v: ModelVariables) => tf.dispose([...Object.values(v.params), ...Object.values(v.state)]);

/** A seeded standard-normal tensor times `scale`. */
export const random = (shape: number[], seed: number, scale = 1) => {
  const rng = createRng(seed);
  return tf.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => scale * rng.normal()),
    shape,
  );
};

/**
 * Moves biases, gammas and batch-norm statistics away from their 0 / 1 starts, so a weight written
 * under the wrong name, transposed, or a shared layer's calls wired crosswise changes the predictions.
 */
export const perturb = (v: ModelVariables, seed: number) => {
  let k = 0;
  for (const tree of [v.params, v.state])
    for (const variable of Object.values(tree)) {
      const noise = random(variable.shape, seed + k++, 0.3);
      const next = variable.name.includes('ariance') ? tf.add(tf.abs(noise), 0.5) : tf.add(variable, noise);
      variable.assign(next);
      tf.dispose([noise, next]);
    }
};

/** Random weights everywhere in a tfjs-layers model (variances positive), so a weight read under the wrong name shows. */
export function randomiseWeights(model: tfl.LayersModel, seed: number) {
  const weights = model.weights.map((w, i) => {
    const noise = random(w.shape as number[], seed + i, 0.4);
    return w.originalName.endsWith('moving_variance') ? tf.add(tf.abs(noise), 0.5) : noise;
  });
  model.setWeights(weights);
  tf.dispose(weights);
}

/** What a tfjs-layers model saves, caught in memory. */
export async function artifactsOf(model: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved!;
}

/** The largest absolute difference between two tensors. */
export const maxGap = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
