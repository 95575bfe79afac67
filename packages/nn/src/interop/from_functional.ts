// A Keras functional model (tfjs-layers' `tf.model({ inputs, outputs })`, Keras' `Model` /
// `Functional`) read as an mlrecipe graph model. Each layer is read by fromKeras, as in a
// sequential import; only the wiring (InputLayers, inbound_nodes, merges) is read here.
import { createRng, MlrecipeError } from '@mlrecipe/tensor';
import { NnError } from '../errors.js';
import type { GraphConfig, GraphRef } from '../graph/graph_config.js';
import { graphFromConfig } from '../graph/graph_model.js';
import type { GraphLayer } from '../graph/symbolic.js';
import type { Layer } from '../layers/layer.js';
import { add, concatenate, type MergeLayer } from '../layers/merge.js';
import type { InputShape, Model } from '../sequential.js';
import { shown } from '../validate.js';
import { type UnsupportedLayer, UnsupportedLayerError } from './errors.js';
import { fromKeras, standaloneActivation, type WeightSource } from './from_keras.js';
import { type KerasFunctionalLayer, kerasNodeIndices } from './keras_functional.js';

/** A Keras model read into mlrecipe terms: the model and where each layer's weights are in the file. */
export interface KerasImport {
  readonly model: Model;
  /** Index for index with `model.layers`: the layer's name in the file and its weights' keys there. */
  readonly sources: ReadonlyArray<{ name: string; weights: Readonly<Record<string, WeightSource>> }>;
  readonly inputShape: InputShape;
}

const isRef = (r: unknown): r is [string, number, number] =>
  Array.isArray(r) &&
  typeof r[0] === 'string' &&
  Number.isInteger(r[1]) &&
  r[1] >= 0 &&
  Number.isInteger(r[2]) &&
  r[2] >= 0;

/**
 * The mlrecipe graph model a functional model's `config` describes. Activation layers stay layers
 * of their own (in a graph their input may feed other layers too, so they are not folded). Layers
 * or options mlrecipe does not compute the same way are one `UnsupportedLayerError` listing them.
 */
export function functionalFromKeras(config: unknown, caller: string): KerasImport {
  const c = config as { layers?: unknown; input_layers?: unknown; output_layers?: unknown } | null;
  if (c === null || typeof c !== 'object' || !Array.isArray(c.layers) || !Array.isArray(c.input_layers))
    throw new NnError(`${caller}: a functional model's config must have layers and input_layers, got ${shown(config)}`);
  const layers = c.layers as KerasFunctionalLayer[];
  layers.forEach((l, i) => {
    const wellFormed =
      l !== null &&
      typeof l === 'object' &&
      typeof l.name === 'string' &&
      typeof l.class_name === 'string' &&
      Array.isArray(l.inbound_nodes) &&
      l.inbound_nodes.every((node) => Array.isArray(node) && node.length > 0 && node.every(isRef));
    if (!wellFormed)
      throw new NnError(
        `${caller}: layer ${i} of the functional model must be { name, class_name, config, inbound_nodes: [[[layer, node, tensor, {}], …], …] } (the tfjs-layers / Keras 2 form), got ${shown(l)}`,
      );
  });
  const outputs = c.output_layers;
  if (!Array.isArray(outputs) || outputs.length !== 1 || !isRef(outputs[0]))
    throw new NnError(
      `${caller}: mlrecipe graph models have one output; output_layers must list one [layer, node, 0], got ${shown(outputs)}`,
    );

  // Inputs, in the order the model takes them (predict([a, b])).
  const inputShapes = new Map<string, number[]>();
  for (const l of layers) {
    if (l.class_name !== 'InputLayer') continue;
    const batchShape = (l.config?.batch_input_shape ?? l.config?.batch_shape) as unknown;
    if (!Array.isArray(batchShape) || !batchShape.slice(1).every((d) => Number.isInteger(d) && d >= 1))
      throw new NnError(
        `${caller}: input '${l.name}' must give every size but the batch in batch_input_shape, got ${shown(batchShape)}`,
      );
    inputShapes.set(l.name, batchShape.slice(1) as number[]);
  }
  const inputOrder = (c.input_layers as unknown[]).map((r) => {
    if (!isRef(r) || !inputShapes.has(r[0]))
      throw new NnError(
        `${caller}: input_layers must name InputLayers (${[...inputShapes.keys()].join(', ')}), got ${shown(r)}`,
      );
    return r[0];
  });

  // Each layer once (a shared layer is one mlrecipe layer, so one set of parameters).
  const unsupported: UnsupportedLayer[] = [];
  const graphLayers: GraphLayer[] = [];
  const sources: Array<{ name: string; weights: Readonly<Record<string, WeightSource>> }> = [];
  const checkRanks: Array<((rank: number) => string | null) | undefined> = [];
  const layerIndex = new Map<string, number>();
  for (const l of layers) {
    if (l.class_name === 'InputLayer') continue;
    const made = toGraphLayer(l);
    if ('unsupported' in made) {
      unsupported.push({ name: l.name, kind: l.class_name, reason: made.unsupported });
      continue;
    }
    layerIndex.set(l.name, graphLayers.push(made.layer) - 1);
    sources.push({ name: l.name, weights: made.weights });
    checkRanks.push(made.checkRank);
  }

  // Nodes in the order tfjs-layers builds them, so every input is made before its user; shapes
  // followed along find a size problem (and a normalisation over another axis) for every layer.
  const { indices, buildOrder } = kerasNodeIndices(layers, caller);
  const nodes: Array<{ layer: number; inputs: GraphRef[] }> = [];
  const nodeOf = new Map<string, GraphRef>([...inputShapes.keys()].map((name) => [`${name}#0`, name]));
  const shapes = new Map<GraphRef, number[] | undefined>([...inputShapes].map(([name, shape]) => [name, shape]));
  for (const [l, k] of buildOrder) {
    const keras = layers[l]!;
    const ml = layerIndex.get(keras.name);
    const refs = keras.inbound_nodes[k]!;
    const multiOutput = refs.find((r) => r[2] !== 0);
    if (multiOutput !== undefined)
      throw new NnError(
        `${caller}: layer '${keras.name}' takes output ${multiOutput[2]} of '${multiOutput[0]}'; mlrecipe layers have one output`,
      );
    const inputs = refs.map((r) => nodeOf.get(`${r[0]}#${r[1]}`));
    const id = nodes.length;
    nodeOf.set(`${keras.name}#${indices[l]![k]}`, id);
    if (ml === undefined || inputs.some((r) => r === undefined)) {
      shapes.set(id, undefined);
      nodes.push({ layer: -1, inputs: [] });
      continue;
    }
    nodes.push({ layer: ml, inputs: inputs as GraphRef[] });
    const inputShapesHere = (inputs as GraphRef[]).map((r) => shapes.get(r));
    if (inputShapesHere.some((s) => s === undefined)) continue;
    const layer = graphLayers[ml]!;
    try {
      const rankProblem = checkRanks[ml]?.(inputShapesHere[0]!.length + 1);
      if (rankProblem) unsupported.push({ name: keras.name, kind: layer.kind, reason: rankProblem });
      const built = isMerge(layer)
        ? layer.build(inputShapesHere as number[][], createRng(0))
        : layer.build(inputShapesHere[0]!, createRng(0));
      shapes.set(id, built.outputShape);
    } catch (error) {
      // A bad size in the file (units 0, a merge of unequal shapes) is reported with the rest.
      if (!(error instanceof MlrecipeError)) throw error;
      unsupported.push({ name: keras.name, kind: 'config', reason: error.message });
    }
  }
  if (unsupported.length > 0)
    throw new UnsupportedLayerError(
      caller,
      unsupported,
      'Replace them in the source model, or rebuild those layers in mlrecipe',
    );
  const [outName, outNode] = outputs[0] as [string, number, number];
  const output = nodeOf.get(`${outName}#${outNode}`);
  if (output === undefined || typeof output === 'string')
    throw new NnError(`${caller}: output_layers names ${shown(outputs[0])}, which is not a layer call of the model`);
  const graph: GraphConfig = {
    inputs: inputOrder.map((name) => ({ name, shape: inputShapes.get(name)! })),
    nodes,
    output,
  };
  const model = graphFromConfig(graphLayers, graph, caller);
  const inputShape: InputShape =
    inputOrder.length === 1
      ? [...inputShapes.get(inputOrder[0]!)!]
      : Object.fromEntries(inputOrder.map((name) => [name, [...inputShapes.get(name)!]]));
  return { model, sources, inputShape };
}

type Converted =
  | {
      layer: GraphLayer;
      weights: Readonly<Record<string, WeightSource>>;
      checkRank?: (rank: number) => string | null;
    }
  | { unsupported: string };

/** One Keras layer as an mlrecipe layer: merges here, every other layer through fromKeras. */
function toGraphLayer(l: KerasFunctionalLayer): Converted {
  const config = (l.config ?? {}) as Record<string, unknown>;
  if (l.class_name === 'Add') return { layer: add(), weights: {} };
  if (l.class_name === 'Concatenate') {
    try {
      return { layer: concatenate({ axis: (config.axis ?? -1) as number }), weights: {} };
    } catch (error) {
      if (error instanceof MlrecipeError) return { unsupported: error.message };
      throw error;
    }
  }
  const read = fromKeras(l.class_name, config);
  if ('unsupported' in read) return read;
  if ('fold' in read) return { layer: standaloneActivation(read.fold).make('linear'), weights: {} };
  try {
    const layer: Layer = read.make(read.activation ?? 'linear');
    return { layer, weights: read.weights, ...(read.checkRank ? { checkRank: read.checkRank } : {}) };
  } catch (error) {
    if (error instanceof MlrecipeError) return { unsupported: error.message };
    throw error;
  }
}

function isMerge(layer: GraphLayer): layer is MergeLayer {
  return (layer as MergeLayer).merges === true;
}
