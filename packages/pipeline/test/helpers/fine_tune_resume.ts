import { importLayersModel } from '@mlrecipe/nn';
import { tf } from '@mlrecipe/tensor';
import { type TrainingSnapshot, type TrainOptions, train } from '../../src/index.js';

type Variables = { params: Record<string, tf.Variable>; state: Record<string, tf.Variable> };

/** Each variable's values, by name, as plain arrays (for exact comparisons). */
export const variableValues = (tree: Record<string, tf.Variable>) =>
  Object.fromEntries(Object.entries(tree).map(([name, p]) => [name, Array.from(p.dataSync())]));

/** Frees a model's parameters and state. */
export const disposeVariables = (v: Variables) => tf.dispose([...Object.values(v.params), ...Object.values(v.state)]);

/**
 * Imports a tfjs-layers model, fine-tunes it through `train` keeping every snapshot (as JSON, as a
 * file would), then imports it again — a new process — and resumes from the snapshot after epoch 2.
 * The caller asserts on what comes back and disposes `first`, `second` and `resumed`.
 */
export async function fineTuneThenResume(
  artifacts: Parameters<typeof importLayersModel>[0],
  options: Omit<TrainOptions, 'model' | 'variables' | 'resumeFrom' | 'onSnapshot'>,
) {
  const first = await importLayersModel(artifacts);
  const start = variableValues(first.params);
  const snapshots: TrainingSnapshot[] = [];
  const straight = await train({
    ...options,
    model: first.model,
    variables: { params: first.params, state: first.state },
    onSnapshot: (s) => {
      snapshots.push(JSON.parse(JSON.stringify(s)));
    },
  });
  const second = await importLayersModel(artifacts);
  const resumed = await train({ ...options, model: second.model, resumeFrom: snapshots[1]! });
  return { first, start, straight, second, resumed };
}
