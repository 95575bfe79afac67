import { MlrecipeError, type Rng, requireBackend, scope, tf } from '@mlrecipe/tensor';
import { ShapeError } from '@mlrecipe/tensor/errors';
import { NnError, NnShapeError } from '../errors.js';
import type { InitialTensor, Layer } from '../layers/layer.js';
import type { MergeLayer } from '../layers/merge.js';
import {
  type ApplyOptions,
  checkRng,
  checkShape,
  checkTree,
  fits,
  type InputShape,
  type Model,
  type ModelInput,
  rngForShapes,
} from '../sequential.js';
import { bool, liveTensor, options, shown } from '../validate.js';
import { checkedOrder, fromPlaceholders, type GraphConfig, type GraphRef } from './graph_config.js';
import type { GraphLayer, SymbolicTensor } from './symbolic.js';

type Built = ReturnType<Layer['build']>;

/**
 * A model that is not a straight line (Keras' functional API, tfjs-layers' `tf.model`): named
 * inputs, layers called on placeholders (`connect`), branches, skip connections (`add`), joined
 * inputs (`concatenate`) and shared layers (one layer object connected twice: one set of
 * parameters). It has the same explicit-parameter contract as `sequential` (`init`, `apply` with
 * `{ training, rng, state, frozen }`, `summary`, `config`), saves and loads with `saveModel` /
 * `loadModel`, and trains wherever a sequential model does. Layers are named kind_index in the
 * order they are first reached from the inputs, so parameters are `dense_1/kernel`, … as in
 * `sequential`. With several inputs, `init` takes `{ name: shape }` and `apply` `{ name: tensor }`;
 * with one, a plain shape and tensor work too. The wiring is checked at once: an input missing from
 * `inputs`, an input that does not reach the output, and shapes that do not fit a layer or a merge
 * throw `NnError` / `NnShapeError` naming the layer.
 *
 * @example
 * const x = input({ name: 'x', shape: [8] });
 * const h = connect(dense({ units: 8 }), connect(dense({ units: 8, activation: 'relu' }), x));
 * const model = graphModel({ inputs: [x], output: connect(dense({ units: 2 }), connect(add(), [x, h])) });
 */
export function graphModel({ inputs, output }: { inputs: readonly SymbolicTensor[]; output: SymbolicTensor }): Model {
  const { layers, graph } = fromPlaceholders(inputs, output, 'graphModel');
  return graphFromConfig(layers, graph, 'graphModel');
}

/**
 * A graph model from its layers and wiring (what `config().graph` holds): `loadModel` rebuilds with
 * it, and pipeline's `transfer` puts a new head on a graph this way. Layers are named by their
 * order in `layers`. Checks the wiring (cycles, unknown inputs or nodes, unreached parts) and every
 * layer's shapes; `caller` starts the error messages.
 *
 * @example
 * const copy = graphFromConfig(model.layers, model.config().graph!, 'copy');
 */
export function graphFromConfig(layers: readonly GraphLayer[], graph: GraphConfig, caller: string): Model {
  const order = checkedOrder(graph, layers, caller);
  const counts = new Map<string, number>();
  const names = layers.map((layer) => {
    const n = (counts.get(layer.kind) ?? 0) + 1;
    counts.set(layer.kind, n);
    return `${layer.kind}_${n}`;
  });
  const declared = new Map(graph.inputs.map((x) => [x.name, [...x.shape]]));
  const single = graph.inputs.length === 1 ? graph.inputs[0]!.name : undefined;
  const nodes = graph.nodes;
  const nameOf = (ref: GraphRef) => (typeof ref === 'string' ? `input '${ref}'` : names[nodes[ref]!.layer]!);
  const where = (i: number) =>
    `layer ${names[nodes[i]!.layer]} (input${nodes[i]!.inputs.length > 1 ? 's' : ''} from ${nodes[i]!.inputs.map(nameOf).join(', ')})`;

  // Builds every layer at its first call, in order; a shared layer's later calls must give the
  // same parameter shapes (one set of parameters serves every call).
  const buildAll = (rng: Rng, callerName: string) => {
    const outputShapes = new Map<number, number[]>();
    const built = new Map<number, Built>();
    const shapeOf = (ref: GraphRef) => (typeof ref === 'string' ? declared.get(ref)! : outputShapes.get(ref)!);
    for (const i of order) {
      const { layer: l, inputs: refs } = nodes[i]!;
      const layer = layers[l]!;
      const shapes = refs.map(shapeOf);
      const first = !built.has(l);
      let result: Built;
      try {
        const layerRng = first ? rng.fork(names[l]!) : rngForShapes();
        result = isMerge(layer) ? layer.build(shapes, layerRng) : layer.build(shapes[0]!, layerRng);
      } catch (error) {
        if (!(error instanceof MlrecipeError)) throw error;
        const message = `${callerName}: ${where(i)} cannot take input shape${shapes.length > 1 ? 's' : ''} ${shapes.map((s) => `[${s.join(', ')}]`).join(', ')}: ${error.message}`;
        throw error instanceof ShapeError
          ? new NnShapeError(message, { cause: error })
          : new NnError(message, { cause: error });
      }
      if (first) built.set(l, result);
      else {
        const before = paramShapes(built.get(l)!);
        if (before !== paramShapes(result)) {
          throw new NnShapeError(
            `${callerName}: ${where(i)} is shared, but this call's input [${shapes.map((s) => s.join(', ')).join('], [')}] needs parameters ${paramShapes(result)} where its first call made ${before}; a shared layer needs inputs of one shape`,
          );
        }
      }
      outputShapes.set(i, result.outputShape);
    }
    return { built, outputShapes };
  };
  const structure = buildAll(rngForShapes(), caller);

  const checkInputShape = (inputShape: InputShape, callerName: string) => {
    if (Array.isArray(inputShape)) {
      checkShape(inputShape);
      if (single === undefined)
        throw new NnShapeError(
          `${callerName}: this graph model has ${declared.size} inputs (${[...declared.keys()].join(', ')}); give { name: shape } for each`,
        );
      if (inputShape.join() !== declared.get(single)!.join())
        throw new NnShapeError(
          `${callerName}: input '${single}' is declared [${declared.get(single)}] but inputShape is [${inputShape}]`,
        );
      return;
    }
    if (inputShape === null || typeof inputShape !== 'object')
      throw new NnShapeError(`${callerName}: inputShape must be { name: shape } per input, got ${shown(inputShape)}`);
    const given = Object.keys(inputShape);
    const extra = given.filter((n) => !declared.has(n));
    const missing = [...declared.keys()].filter((n) => !given.includes(n));
    if (extra.length > 0 || missing.length > 0)
      throw new NnShapeError(
        `${callerName}: inputShape names ${given.join(', ') || 'nothing'} but the inputs are ${[...declared.keys()].join(', ')}${missing.length ? ` (missing ${missing.join(', ')})` : ''}${extra.length ? ` (unknown ${extra.join(', ')})` : ''}`,
      );
    for (const [name, shape] of Object.entries(inputShape as Record<string, readonly number[]>)) {
      checkShape(shape);
      if (shape.join() !== declared.get(name)!.join())
        throw new NnShapeError(
          `${callerName}: input '${name}' is declared [${declared.get(name)}] but inputShape gives [${shape}]`,
        );
    }
  };

  const inputsOf = (x: ModelInput): Map<string, tf.Tensor> => {
    const record: Record<string, unknown> =
      x instanceof tf.Tensor
        ? single === undefined
          ? (() => {
              throw new NnShapeError(
                `apply: this graph model has ${declared.size} inputs (${[...declared.keys()].join(', ')}); give x as { name: tensor } for each, got one tensor of shape [${x.shape}]`,
              );
            })()
          : { [single]: x }
        : (x as Record<string, unknown>);
    if (record === null || typeof record !== 'object')
      throw new NnError(`apply: x must be a tensor or { name: tensor } per input, got ${shown(x)}`);
    const given = Object.keys(record);
    const unknown = given.filter((n) => !declared.has(n));
    const missing = [...declared.keys()].filter((n) => !given.includes(n));
    if (unknown.length > 0 || missing.length > 0)
      throw new NnShapeError(
        `apply: x names ${given.join(', ') || 'nothing'} but the inputs are ${[...declared.keys()].join(', ')}${missing.length ? ` (missing ${missing.join(', ')})` : ''}${unknown.length ? ` (unknown ${unknown.join(', ')})` : ''}`,
      );
    const tensors = new Map<string, tf.Tensor>();
    let batch: number | undefined;
    for (const [name, shape] of declared) {
      const t = liveTensor(record[name], `x['${name}']`, 'apply');
      if (t.rank !== shape.length + 1 || !shape.every((d, k) => t.shape[k + 1] === d))
        throw new NnShapeError(
          `apply: input '${name}' expects shape [*, ${shape.join(', ')}] but received [${t.shape}]`,
        );
      if (batch !== undefined && t.shape[0] !== batch)
        throw new NnShapeError(
          `apply: input '${name}' has ${t.shape[0]} rows but the other inputs ${batch}; give every input the same rows`,
        );
      batch = t.shape[0];
      tensors.set(name, t);
    }
    return tensors;
  };

  const local = (tree: Readonly<Record<string, tf.Tensor>>, name: string) => {
    const prefix = `${name}/`;
    return Object.fromEntries(
      Object.entries(tree)
        .filter(([k]) => k.startsWith(prefix))
        .map(([k, v]) => [k.slice(prefix.length), v]),
    );
  };

  return {
    layers,
    names,
    init(inputShape, rng) {
      checkInputShape(inputShape, 'init');
      checkRng(rng, 'init');
      requireBackend('init');
      const { built } = buildAll(rng, 'init');
      const params: Record<string, tf.Variable> = {};
      const state: Record<string, tf.Variable> = {};
      // Variables in layer order (as sequential), whatever order the nodes were built in.
      layers.forEach((_, l) => {
        const b = built.get(l)!;
        for (const [key, initial] of Object.entries(b.params)) params[`${names[l]}/${key}`] = variable(initial, true);
        for (const [key, initial] of Object.entries(b.state ?? {}))
          state[`${names[l]}/${key}`] = variable(initial, false);
      });
      return { params, state };
    },
    apply(params, x, applyOptions?: ApplyOptions) {
      const { training = false, rng, state = {}, frozen } = options(applyOptions, 'apply');
      bool(training, 'training', 'apply');
      if (rng !== undefined) checkRng(rng, 'apply');
      checkTree(params, 'params');
      checkTree(state, 'state');
      if (frozen !== undefined && typeof frozen !== 'function')
        throw new NnError(`apply: frozen must be a function of a layer name, got ${typeof frozen}`);
      const given = inputsOf(x);
      return tf.tidy(() => {
        const values = new Map<number, tf.Tensor>();
        const calls = new Map<number, number>();
        const tensorOf = (ref: GraphRef) => (typeof ref === 'string' ? given.get(ref)! : values.get(ref)!);
        for (const i of order) {
          const { layer: l, inputs: refs } = nodes[i]!;
          const layer = layers[l]!;
          const name = names[l]!;
          const xs = refs.map(tensorOf);
          // Each call of a shared layer draws its own dropout mask; the first call forks by the
          // layer's name alone, as in sequential.
          const call = (calls.get(l) ?? 0) + 1;
          calls.set(l, call);
          const own = local(params, name);
          try {
            const expected = isMerge(layer) ? undefined : layer.expectedInput?.(own);
            if (expected !== undefined && !fits(xs[0]!.shape, expected)) {
              throw new NnShapeError(
                `apply: ${where(i)} expects shape [${expected.map((d) => d ?? '*').join(', ')}] but received [${xs[0]!.shape}]; check the params belong to this model`,
              );
            }
            const context = {
              training,
              frozen: frozen?.(name) ?? false,
              state: local(state, name) as Record<string, tf.Variable>,
              ...(rng === undefined ? {} : { rng: rng.fork(call === 1 ? name : `${name}@${call}`) }),
            };
            values.set(i, isMerge(layer) ? layer.call(xs, own, context) : layer.call(xs[0]!, own, context));
          } catch (error) {
            if (error instanceof MlrecipeError && error.message.startsWith('apply: ')) throw error;
            const message = `apply: ${where(i)} cannot take input${xs.length > 1 ? 's' : ''} of shape ${xs.map((t) => `[${t.shape}]`).join(', ')}: ${(error as Error)?.message ?? error}`;
            if (error instanceof NnError) throw new NnError(message, { cause: error });
            throw new NnShapeError(message, { cause: error });
          }
        }
        return values.get(graph.output as number)!;
      });
    },
    summary(inputShape) {
      checkInputShape(inputShape, 'summary');
      const { built, outputShapes } = structure;
      const seen = new Set<number>();
      const count = (b: Built) => Object.values(b.params).reduce((s, p) => s + p.values.length, 0);
      const rows = order.map((i) => {
        const l = nodes[i]!.layer;
        const shared = seen.has(l);
        seen.add(l);
        return [
          `${names[l]}${shared ? ' (shared)' : ''}`,
          `[${outputShapes.get(i)!.join(', ')}]`,
          shared ? '0' : count(built.get(l)!).toLocaleString('en'),
          nodes[i]!.inputs.map(nameOf).join(', '),
        ];
      });
      const total = [...built.values()].reduce((s, b) => s + count(b), 0);
      const header = ['layer', 'output shape', 'params', 'inputs from'];
      const widths = [0, 1, 2, 3].map((c) => Math.max(...[header, ...rows].map((r) => r[c]!.length)));
      const line = (r: string[]) =>
        `${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]!.padStart(widths[2]!)}  ${r[3]!}`.trimEnd();
      const inputsLine = graph.inputs.map((x) => `${x.name} [${x.shape.join(', ')}]`).join(', ');
      return [
        `inputs: ${inputsLine}`,
        line(header),
        ...rows.map(line),
        `total trainable parameters: ${total.toLocaleString('en')}`,
      ].join('\n');
    },
    config() {
      return {
        layers: layers.map((l) => ({ kind: l.kind, config: l.config })),
        graph: {
          inputs: graph.inputs.map((x) => ({ name: x.name, shape: [...x.shape] })),
          nodes: nodes.map((n) => ({ layer: n.layer, inputs: [...n.inputs] })),
          output: graph.output,
        },
      };
    },
  };
}

function isMerge(layer: GraphLayer): layer is MergeLayer {
  return (layer as MergeLayer).merges === true;
}

function paramShapes(b: Built): string {
  return Object.entries(b.params)
    .map(([k, p]) => `${k} [${p.shape.join(', ')}]`)
    .join(', ');
}

function variable(initial: InitialTensor, trainable: boolean): tf.Variable {
  return scope(() => tf.variable(tf.tensor(initial.values, [...initial.shape], 'float32'), trainable));
}
