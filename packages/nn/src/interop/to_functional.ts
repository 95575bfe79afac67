// A graph model's wiring written as a Keras functional config, the form tfjs-layers 4.22 gives a
// `tf.model({ inputs, outputs })`: InputLayer entries, every layer once (a shared layer once, with
// one inbound node per call), input_layers in the model's input order and one output.
import { NnError } from '../errors.js';
import { checkedOrder, type GraphConfig } from '../graph/graph_config.js';
import type { GraphLayer } from '../graph/symbolic.js';
import { type KerasFunctionalLayer, type KerasRef, kerasNodeIndices } from './keras_functional.js';
import type { KerasLayerJson, KerasTranslation } from './keras_layers.js';

/** The `config` of a Keras functional model (`class_name: 'Model'`). */
export interface KerasFunctionalConfig {
  name: string;
  layers: KerasFunctionalLayer[];
  input_layers: Array<[string, number, number]>;
  output_layers: Array<[string, number, number]>;
}

/** One call of a Keras layer: its inputs are model inputs (by name) or earlier calls (by number). */
interface KerasCall {
  readonly layer: string;
  readonly inputs: ReadonlyArray<string | number>;
}

/**
 * The Keras functional config of a graph model whose layers `translations` holds (index for index
 * with `layers`). A layer written as two Keras layers (an activation split off) is called as a
 * chain at every call. Node indices are the ones tfjs-layers gives when it loads the config.
 */
export function functionalConfig(
  graph: GraphConfig,
  layers: readonly GraphLayer[],
  translations: readonly KerasTranslation[],
  caller: string,
): KerasFunctionalConfig {
  const order = checkedOrder(graph, layers, caller);
  const layerNames = new Set(translations.flatMap((t) => t.layers.map((l) => String(l.config.name))));
  const clash = graph.inputs.map((x) => x.name).filter((n) => layerNames.has(n));
  if (clash.length > 0)
    throw new NnError(
      `${caller}: input${clash.length > 1 ? 's' : ''} ${clash.map((n) => `'${n}'`).join(', ')} share${clash.length > 1 ? '' : 's'} a name with a layer, and tfjs-layers needs one name per layer; rename the input`,
    );

  // Every layer call in an order where inputs come first (the graph's own order).
  const calls: KerasCall[] = [];
  const json = new Map<string, KerasLayerJson>();
  const lastCall = new Map<number, number>();
  for (const i of order) {
    const node = graph.nodes[i]!;
    let inputs: ReadonlyArray<string | number> = node.inputs.map((ref) =>
      typeof ref === 'string' ? ref : lastCall.get(ref)!,
    );
    for (const layer of translations[node.layer]!.layers) {
      const name = String(layer.config.name);
      if (!json.has(name)) json.set(name, layer);
      inputs = [calls.push({ layer: name, inputs }) - 1];
    }
    lastCall.set(i, inputs[0] as number);
  }

  // Node numbers as tfjs-layers' loader makes them: passes over the layer list, a call waiting
  // while its inputs are not built. Each layer's calls are written in the order they are built, so
  // the k-th entry of inbound_nodes is node k.
  const names = [...json.keys()];
  const nodeIndex = new Map<number, number>();
  const built = new Map<string, number[]>(names.map((n) => [n, []]));
  let pending = new Map<string, number[]>(names.map((n) => [n, []]));
  calls.forEach((call, c) => {
    pending.get(call.layer)!.push(c);
  });
  // Calls are in graph order, so every pass builds at least one; the bound only rules out a hang.
  for (let pass = 0; [...pending.values()].some((p) => p.length > 0); pass++) {
    if (pass > calls.length)
      throw new NnError(
        `${caller}: internal error: the layer calls do not come in an order where inputs are built first`,
      );
    const next = new Map<string, number[]>();
    for (const name of names) {
      const waiting: number[] = [];
      for (const c of pending.get(name)!) {
        if (calls[c]!.inputs.every((r) => typeof r === 'string' || nodeIndex.has(r))) {
          nodeIndex.set(c, built.get(name)!.length);
          built.get(name)!.push(c);
        } else waiting.push(c);
      }
      next.set(name, waiting);
    }
    pending = next;
  }
  const ref = (r: string | number): KerasRef =>
    typeof r === 'string' ? [r, 0, 0, {}] : [calls[r]!.layer, nodeIndex.get(r)!, 0, {}];
  const entries: KerasFunctionalLayer[] = [
    ...graph.inputs.map((x) => ({
      name: x.name,
      class_name: 'InputLayer',
      config: { batch_input_shape: [null, ...x.shape], dtype: 'float32', sparse: false, name: x.name },
      inbound_nodes: [],
    })),
    ...names.map((name) => ({
      name,
      class_name: json.get(name)!.class_name,
      config: json.get(name)!.config,
      inbound_nodes: built.get(name)!.map((c) => calls[c]!.inputs.map(ref)),
    })),
  ];
  // The loader's own numbering must agree with the one written (a wrong index would wire a shared
  // layer's calls crosswise and still load).
  const check = kerasNodeIndices(entries, caller).indices;
  if (!check.every((layer) => layer.every((index, k) => index === k)))
    throw new NnError(`${caller}: internal error: the written node order is not the one tfjs-layers rebuilds`);
  const out = lastCall.get(graph.output as number)!;
  return {
    name: 'model',
    layers: entries,
    input_layers: graph.inputs.map((x) => [x.name, 0, 0]),
    output_layers: [[calls[out]!.layer, nodeIndex.get(out)!, 0]],
  };
}
