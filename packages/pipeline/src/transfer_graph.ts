import { type GraphConfig, type GraphRef, graphFromConfig, type Layer, type Model } from '@mlrecipe/nn';
import { PipelineError } from './errors.js';

/**
 * A graph model whose last `headSize` layer calls (a chain ending at the output) are replaced by
 * `head`, called on what fed them. The kept layers stay first in the model's layer order, so they
 * keep their names (and `transfer` can copy their parameters by name).
 */
export function graphWithNewHead(source: Model, graph: GraphConfig, headSize: number, head: readonly Layer[]): Model {
  const { nodes } = graph;
  const layerCount = source.layers.length;
  let cut: GraphRef = graph.output;
  for (let k = 0; k < headSize; k++) {
    if (typeof cut === 'string')
      throw new PipelineError(
        `transfer: cannot replace ${headSize} layers; the output is only ${k} layers from input '${cut}'`,
      );
    const node = nodes[cut]!;
    const name = source.names[node.layer];
    const uses = nodes.filter((n) => n.layer === node.layer).length;
    // The head must be the last nodes and layers: a chain of single-input layers used once.
    if (node.inputs.length !== 1 || uses !== 1 || cut !== nodes.length - 1 - k || node.layer !== layerCount - 1 - k) {
      throw new PipelineError(
        `transfer: the last ${headSize} layers of this graph model are not a chain ending at the output (${name} ${node.inputs.length !== 1 ? 'merges several inputs' : uses !== 1 ? 'is shared' : 'is not among the last layers'}); lower headSize`,
      );
    }
    cut = node.inputs[0]!;
  }
  const keptNodes = nodes.slice(0, nodes.length - headSize);
  const keptLayers = source.layers.slice(0, layerCount - headSize);
  const headNodes = head.map((_, j) => ({
    layer: keptLayers.length + j,
    inputs: [j === 0 ? cut : keptNodes.length + j - 1],
  }));
  return graphFromConfig(
    [...keptLayers, ...head],
    { inputs: graph.inputs, nodes: [...keptNodes, ...headNodes], output: keptNodes.length + head.length - 1 },
    'transfer',
  );
}
