// What saveModel and loadModel need to know about graph models, kept out of save_load.ts (which
// the sequential format and its tfjs-layers interop own): the merge layers' factories, the input
// shape a graph saves, and the rebuild from the saved wiring.
import { NnError, NnShapeError } from '../errors.js';
import { add, concatenate, type MergeLayer } from '../layers/merge.js';
import type { InputShape, Model, ModelConfig } from '../sequential.js';
import { shown } from '../validate.js';
import type { GraphConfig } from './graph_config.js';
import { graphFromConfig } from './graph_model.js';
import type { GraphLayer } from './symbolic.js';

/** Rebuilds the merge layers from their saved `{ kind, config }`. */
export const MERGE_LAYER_FACTORIES: Readonly<Record<string, (config: Record<string, unknown>) => MergeLayer>> = {
  add: () => add(),
  concatenate: (c) => concatenate(c as Parameters<typeof concatenate>[0]),
};

/**
 * The input shape saved with a graph model: its declared shapes (one array for a single input, a
 * record by name for several). `given`, what the caller passed to saveModel, must agree with them.
 */
export function graphInputShapeToSave(config: ModelConfig, given: InputShape, caller: string): InputShape {
  const declared = declaredInputShape(config.graph!);
  if (JSON.stringify(normalised(given)) !== JSON.stringify(normalised(declared))) {
    throw new NnShapeError(
      `${caller}: inputShape ${shown(given)} is not the graph model's declared input shape ${shown(declared)}`,
    );
  }
  return declared;
}

/** The graph model a saved topology describes, with the input shape to rebuild its variables at. */
export function rebuildGraph(
  layers: readonly GraphLayer[],
  graph: unknown,
  caller: string,
): { model: Model; inputShape: InputShape } {
  let model: Model;
  try {
    model = graphFromConfig(layers, graph as GraphConfig, `${caller}: the saved graph`);
  } catch (error) {
    if (error instanceof NnError || error instanceof NnShapeError) throw error;
    throw new NnError(`${caller}: the saved graph is malformed: ${(error as Error)?.message ?? error}`, {
      cause: error,
    });
  }
  return { model, inputShape: declaredInputShape(graph as GraphConfig) };
}

/** The input shape to give `init`: the single input's shape, or `{ name: shape }` for several inputs. */
function declaredInputShape(graph: GraphConfig): InputShape {
  if (graph.inputs.length === 1) return [...graph.inputs[0]!.shape];
  return Object.fromEntries(graph.inputs.map((x) => [x.name, [...x.shape]]));
}

function normalised(shape: InputShape): unknown {
  if (Array.isArray(shape)) return shape;
  const entries = Object.values(shape as Record<string, readonly number[]>);
  if (entries.length === 1) return entries[0]; // one named input: the same as its plain shape
  return Object.fromEntries(
    Object.entries(shape as Record<string, readonly number[]>).sort(([a], [b]) => a.localeCompare(b)),
  );
}
