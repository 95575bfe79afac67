// The wiring of a Keras functional model (tfjs-layers' `class_name: 'Model'`) as tfjs-layers
// reads it: which node number each `inbound_nodes` entry becomes. Both directions need it, since
// a reference `[layer, k, 0]` means "the k-th node tfjs-layers created for that layer", and
// tfjs-layers creates nodes in passes over the layer list, deferring a node whose inputs do not
// exist yet (tfjs-layers 4.22 `Container.fromConfig`, `processNode`).
import { NnError } from '../errors.js';
import { shown } from '../validate.js';
import type { KerasLayerJson } from './keras_layers.js';

/** A reference to a layer's output in Keras' config: `[layer name, node index, tensor index, kwargs]`. */
export type KerasRef = [string, number, number, Record<string, never>?];

/** One layer of a functional model's config: its `{ class_name, config }`, name, and calls. */
export interface KerasFunctionalLayer extends KerasLayerJson {
  name: string;
  /** One entry per call of the layer (two or more for a shared layer), each the inputs of that call. */
  inbound_nodes: KerasRef[][];
}

/**
 * For each layer and each of its `inbound_nodes` entries, the node index tfjs-layers gives it when
 * it loads the config, and the order it builds them in (inputs before their users): entries are taken in passes over `layers`, and one whose inputs are not
 * built yet waits for the next pass. Throws `NnError` for a reference to an unknown layer or a
 * node that never exists (a cycle, an index out of range).
 */
export function kerasNodeIndices(
  layers: readonly KerasFunctionalLayer[],
  caller: string,
): { indices: number[][]; buildOrder: Array<[layer: number, entry: number]> } {
  const byName = new Map(layers.map((l, i) => [l.name, i]));
  // An InputLayer has its one node from the start.
  const created = layers.map((l) => (l.class_name === 'InputLayer' ? 1 : 0));
  const indices = layers.map((l) => l.inbound_nodes.map(() => -1));
  const buildOrder: Array<[number, number]> = [];
  let pending = layers.map((l) => l.inbound_nodes.map((_, k) => k));
  while (pending.some((p) => p.length > 0)) {
    let progress = false;
    pending = pending.map((entries, l) =>
      entries.filter((k) => {
        const refs = layers[l]!.inbound_nodes[k]!;
        const ready = refs.every((ref) => {
          const from = byName.get(ref[0]);
          if (from === undefined)
            throw new NnError(
              `${caller}: layer '${layers[l]!.name}' takes its input from '${ref[0]}', which is not a layer of the model`,
            );
          return created[from]! > ref[1];
        });
        if (!ready) return true;
        indices[l]![k] = created[l]!++;
        buildOrder.push([l, k]);
        progress = true;
        return false;
      }),
    );
    if (!progress) {
      const stuck = pending.flatMap((entries, l) => entries.map((k) => `${layers[l]!.name} call ${k}`));
      throw new NnError(
        `${caller}: ${stuck.join(', ')} take inputs from nodes that never exist (a cycle or a node index out of range); inbound_nodes ${shown(pending.flatMap((e, l) => e.map((k) => layers[l]!.inbound_nodes[k])))}`,
      );
    }
  }
  return { indices, buildOrder };
}
