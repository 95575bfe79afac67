import { GRAPH_TRUNK_KIND, type InputShape, type Layer, type Model, sequential } from '@mlrecipe/nn';
import { type Rng, scope, type tf } from '@mlrecipe/tensor';
import { PipelineError } from './errors.js';
import { graphWithNewHead } from './transfer_graph.js';

/** Options of `transfer`: the new head, how many source layers it replaces, and which layers stay frozen. */
export interface TransferOptions {
  /** The layers of the new head, replacing the source model's last `headSize` layers. */
  replaceHead: readonly Layer[];
  /** How many of the source's last layers are the head being replaced. Default 1. */
  headSize?: number;
  /**
   * What stays fixed: 'all-but-head' (little target data: retrain the new head only), 'none'
   * (plenty of target data: fine-tune everything), or n (freeze the first n layers).
   */
  freeze?: 'all-but-head' | 'none' | number;
}

/**
 * The result of `transfer`: the new model, its parameters and state (kept layers copied), and which parameters may train.
 */
export interface Transferred {
  readonly model: Model;
  readonly params: Record<string, tf.Variable>;
  readonly state: Record<string, tf.Variable>;
  /**
   * Which parameters stay fixed: give it to the optimizer, `freeze(adam({ learningRate }), t.frozen)`
   * (optim's freeze). train then skips their gradients and runs frozen batch-norm layers in
   * inference mode, so their statistics stay fixed too (Keras' behaviour).
   */
  readonly frozen: (name: string) => boolean;
}

/**
 * Transfer learning: keep a trained model's layers (their learned features), put a new head on top
 * for the new task, and choose what to retrain. The source can come from nn's loadModel.
 */
export function transfer(
  source: { model: Model; params: Readonly<Record<string, tf.Tensor>>; state?: Readonly<Record<string, tf.Tensor>> },
  inputShape: InputShape,
  rng: Rng,
  { replaceHead, headSize = 1, freeze = 'all-but-head' }: TransferOptions,
): Transferred {
  const kept = source.model.layers.slice(0, source.model.layers.length - headSize);
  if (kept.length === 0 || !Number.isInteger(headSize) || headSize < 0)
    throw new PipelineError(`transfer: cannot replace ${headSize} of ${source.model.layers.length} layers`);
  if (replaceHead.length === 0) throw new PipelineError('transfer: replaceHead needs at least one layer');
  // A graph model keeps its wiring up to the replaced chain; a sequential one its first layers.
  const graph = source.model.config().graph;
  const model = graph
    ? graphWithNewHead(source.model, graph, headSize, replaceHead)
    : sequential([...(kept as Layer[]), ...replaceHead]);
  const frozenLayers = new Set(
    freeze === 'none'
      ? []
      : freeze === 'all-but-head'
        ? model.names.slice(0, kept.length)
        : model.names.slice(0, Math.max(0, Math.min(freeze, model.names.length))),
  );
  // Checked before init, so a refused request allocates nothing.
  const unfrozenTrunk = model.names.find(
    (name, i) => model.layers[i]!.kind === GRAPH_TRUNK_KIND && !frozenLayers.has(name),
  );
  if (unfrozenTrunk !== undefined)
    throw new PipelineError(
      `transfer: ${unfrozenTrunk} is a graph-model trunk and cannot be fine-tuned (its weights are constants in the GraphModel, not variables); use freeze 'all-but-head' and train the head, or rebuild the network from mlrecipe layers (importLayersModel) to retrain everything`,
    );
  const { params, state } = model.init(inputShape, rng);
  const keptNames = new Set(model.names.slice(0, kept.length));
  // Layers are named per kind in order, so the kept layers keep their names from the source.
  for (const tree of [params, state] as const) {
    for (const [name, variable] of Object.entries(tree)) {
      const layer = name.split('/')[0]!;
      if (!keptNames.has(layer)) continue;
      const learned = (tree === params ? source.params : (source.state ?? {}))[name];
      if (learned === undefined)
        throw new PipelineError(`transfer: the source has no '${name}'; is it the model these layers came from?`);
      scope(() => variable.assign(learned));
    }
  }
  return { model, params, state, frozen: (name) => frozenLayers.has(name.split('/')[0]!) };
}
