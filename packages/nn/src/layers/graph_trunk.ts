import { tf } from '@mlrecipe/tensor';
import { NnError, NnShapeError } from '../errors.js';
import { shown } from '../validate.js';
import type { Layer } from './layer.js';

/** What `graphTrunk` needs of a tfjs-converter `GraphModel` (so nn does not depend on tfjs-converter). */
export interface GraphModelLike {
  /** Runs the graph on `inputs` up to the node(s) named by `outputs` (tfjs-converter's `GraphModel.execute`). */
  execute(inputs: tf.Tensor | tf.NamedTensorMap, outputs?: string | string[]): tf.Tensor | tf.Tensor[];
}

/** Options of `graphTrunk`. */
export interface GraphTrunkOptions {
  /** The node whose output is the feature map, e.g. 'tower_0/MobilenetV3/expanded_conv_14/add'. */
  outputNode: string;
  /** 'average' (default): global average pooling of an NHWC feature map to one vector per example; 'none': the node's output as is. */
  pool?: 'average' | 'none';
  /**
   * What the graph expects made of the layer's input, inside the frozen op: e.g. grey to RGB,
   * upscaling, padding to a square, scaling to 0–255. Default: the input as is.
   */
  inputTransform?: (x: tf.Tensor) => tf.Tensor;
}

/** The layer kind of a graph-model trunk: `transfer` refuses to fine-tune it, `saveModel` to save it. */
export const GRAPH_TRUNK_KIND = 'graphTrunk';

/**
 * A pretrained tfjs `GraphModel` (from `tf.loadGraphModel`), cut at a named node, as a frozen
 * feature extractor layer: the first layer of a transfer-learning model whose head mlrecipe trains.
 * It has no parameters and cannot be fine-tuned: a graph model's weights are constants baked into
 * its graph, not variables, so no gradient can reach them (its gradient with respect to its input
 * is zero, which also keeps the tape from recording the whole graph). Compute its features once
 * per example with pipeline's `cacheFeatures` and train the head on them: the course's "precompute
 * the frozen layers' activations". It is not saved by `saveModel`: save the head and load the
 * graph model again.
 *
 * @example
 * const graph = await tf.loadGraphModel(tf.io.fromMemory(json, weights)); // tfjs-converter
 * const trunk = graphTrunk(graph, { outputNode: 'tower_0/MobilenetV3/expanded_conv_14/add' });
 * const model = sequential([trunk, dense({ units: 2 })]);
 */
export function graphTrunk(graph: GraphModelLike, trunkOptions: GraphTrunkOptions): Layer {
  if (graph === null || typeof graph !== 'object' || typeof graph.execute !== 'function')
    throw new NnError(`graphTrunk: give a GraphModel from tf.loadGraphModel (tfjs-converter), got ${shown(graph)}`);
  const { outputNode, pool = 'average', inputTransform } = trunkOptions ?? ({} as GraphTrunkOptions);
  if (inputTransform !== undefined && typeof inputTransform !== 'function')
    throw new NnError(`graphTrunk: inputTransform must be a function of a tensor, got ${shown(inputTransform)}`);
  if (typeof outputNode !== 'string' || outputNode === '')
    throw new NnError(`graphTrunk: outputNode must name a node of the graph, got ${shown(outputNode)}`);
  if (pool !== 'average' && pool !== 'none')
    throw new NnError(`graphTrunk: pool must be 'average' or 'none', got ${shown(pool)}`);
  const run = (input: tf.Tensor): tf.Tensor => {
    const x = inputTransform === undefined ? input : inputTransform(input);
    let features: tf.Tensor | tf.Tensor[];
    try {
      features = graph.execute(x, outputNode);
    } catch (error) {
      throw new NnShapeError(
        `graphTrunk: the graph could not run to '${outputNode}' on inputs [${x.shape}]: ${(error as Error)?.message ?? error}`,
        { cause: error },
      );
    }
    const out = Array.isArray(features) ? features[0]! : features;
    if (pool === 'none') return out;
    if (out.rank !== 4)
      throw new NnShapeError(
        `graphTrunk: pool 'average' needs an NHWC feature map, but '${outputNode}' gives [${out.shape}]`,
      );
    return tf.mean(out, [1, 2]);
  };
  // Frozen: a zero gradient for the input, and the graph's ops run inside one custom op, off the tape.
  const frozen = tf.customGrad((x) => ({
    value: run(x as tf.Tensor),
    gradFunc: () => tf.zerosLike(x as tf.Tensor),
  }));
  return {
    kind: GRAPH_TRUNK_KIND,
    config: { outputNode, pool },
    build(inputShape) {
      const outputShape = tf.tidy(() => run(tf.zeros([1, ...inputShape])).shape.slice(1));
      return { params: {}, outputShape };
    },
    call(x) {
      return frozen(x);
    },
  };
}
