// A graph model's wiring as plain data: what `Model.config()` saves and `loadModel` rebuilds from,
// and what `graphModel` derives from placeholders. Both paths are checked here, so a hand-edited or
// corrupt saved graph (a cycle, an unknown input) fails as clearly as a wiring mistake in code.
import { NnError } from '../errors.js';
import { shown } from '../validate.js';
import type { GraphLayer, SymbolicTensor } from './symbolic.js';

/** Where a node's input comes from: a model input by name, or the output of node number n. */
export type GraphRef = string | number;

/** A graph model's wiring: its inputs, the layer calls (nodes) and the node (or input) that is the output. */
export interface GraphConfig {
  readonly inputs: ReadonlyArray<{ readonly name: string; readonly shape: readonly number[] }>;
  /** Layer calls; `layer` indexes the model's layers (a layer called twice is shared). */
  readonly nodes: ReadonlyArray<{ readonly layer: number; readonly inputs: readonly GraphRef[] }>;
  readonly output: GraphRef;
}

/** The wiring and distinct layers (in order of first use) reachable from `output`. */
export function fromPlaceholders(
  inputs: readonly SymbolicTensor[],
  output: SymbolicTensor,
  caller: string,
): { layers: GraphLayer[]; graph: GraphConfig } {
  if (!Array.isArray(inputs) || inputs.length === 0)
    throw new NnError(`${caller}: inputs must be a non-empty list of input({ name, shape }), got ${shown(inputs)}`);
  const declared = new Map<string, SymbolicTensor>();
  inputs.forEach((x, i) => {
    const source = (x as SymbolicTensor | null)?.source;
    if (source === undefined || source === null || !('input' in source))
      throw new NnError(`${caller}: inputs[${i}] must come from input({ name, shape }), got ${shown(x)}`);
    if (declared.has(source.input))
      throw new NnError(`${caller}: two inputs are named '${source.input}'; give each input its own name`);
    declared.set(source.input, x);
  });
  if (output === null || typeof output !== 'object' || typeof output.source !== 'object')
    throw new NnError(`${caller}: output must be a placeholder from connect(…), got ${shown(output)}`);
  const layers: GraphLayer[] = [];
  const nodes: Array<{ layer: number; inputs: GraphRef[] }> = [];
  if ('input' in output.source)
    throw new NnError(`${caller}: the output is input '${output.source.input}' itself; connect at least one layer`);
  const refs = new Map<SymbolicTensor, GraphRef>();
  const used = new Set<string>();
  // Iterative post-order (a deep chain would overflow the call stack): inputs before their users.
  const stack: Array<{ t: SymbolicTensor; expanded: boolean }> = [{ t: output, expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (refs.has(top.t)) continue;
    const source = top.t.source;
    if ('input' in source) {
      if (declared.get(source.input) !== top.t) {
        throw new NnError(
          `${caller}: the output depends on an input '${source.input}' that is not in inputs [${[...declared.keys()].join(', ')}]; list it in inputs`,
        );
      }
      used.add(source.input);
      refs.set(top.t, source.input);
      continue;
    }
    if (!top.expanded) {
      stack.push({ t: top.t, expanded: true });
      for (const x of [...source.inputs].reverse()) if (!refs.has(x)) stack.push({ t: x, expanded: false });
      continue;
    }
    let index = layers.indexOf(source.layer);
    if (index < 0) index = layers.push(source.layer) - 1;
    refs.set(top.t, nodes.length);
    nodes.push({ layer: index, inputs: source.inputs.map((x) => refs.get(x)!) });
  }
  const unused = [...declared.keys()].filter((name) => !used.has(name));
  if (unused.length > 0) {
    throw new NnError(
      `${caller}: input${unused.length > 1 ? 's' : ''} ${unused.map((n) => `'${n}'`).join(', ')} do${unused.length > 1 ? '' : 'es'} not reach the output; connect ${unused.length > 1 ? 'them' : 'it'} or leave ${unused.length > 1 ? 'them' : 'it'} out of inputs`,
    );
  }
  const graph: GraphConfig = {
    inputs: [...declared.values()].map((x) => {
      const s = x.source as { input: string; shape: readonly number[] };
      return { name: s.input, shape: [...s.shape] };
    }),
    nodes,
    output: refs.get(output)!,
  };
  return { layers, graph };
}

/**
 * Checks a wiring against its layers and returns the node numbers in an order where every node
 * comes after its inputs. Throws `NnError` for a malformed entry, an unknown input or node, a merge
 * layer given one input (or a layer several), a cycle, or a node that does not reach the output.
 */
export function checkedOrder(graph: unknown, layers: readonly GraphLayer[], caller: string): number[] {
  const raw = graph as { inputs?: unknown; nodes?: unknown } | null;
  if (raw === null || typeof raw !== 'object' || !Array.isArray(raw.inputs) || !Array.isArray(raw.nodes))
    throw new NnError(`${caller}: the graph must be { inputs, nodes, output }, got ${shown(graph)}`);
  const g = graph as GraphConfig;
  const names = new Set<string>();
  g.inputs.forEach((x, i) => {
    const shapeOk =
      Array.isArray(x?.shape) && x.shape.length > 0 && x.shape.every((d: number) => Number.isInteger(d) && d >= 1);
    if (typeof x?.name !== 'string' || names.has(x.name) || !shapeOk)
      throw new NnError(`${caller}: graph input ${i} must have a unique name and a positive shape, got ${shown(x)}`);
    names.add(x.name);
  });
  const describe = (ref: GraphRef) => (typeof ref === 'string' ? `input '${ref}'` : `node ${ref}`);
  const checkRef = (ref: unknown, where: string): GraphRef => {
    if (typeof ref === 'string' && names.has(ref)) return ref;
    if (typeof ref === 'number' && Number.isInteger(ref) && ref >= 0 && ref < g.nodes.length) return ref;
    throw new NnError(
      `${caller}: ${where} refers to ${shown(ref)}, which is neither an input (${[...names].join(', ')}) nor a node (0 … ${g.nodes.length - 1})`,
    );
  };
  g.nodes.forEach((node, i) => {
    const layer = typeof node?.layer === 'number' ? layers[node.layer] : undefined;
    if (layer === undefined || !Array.isArray(node.inputs))
      throw new NnError(
        `${caller}: node ${i} must be { layer: 0 … ${layers.length - 1}, inputs: [...] }, got ${shown(node)}`,
      );
    node.inputs.forEach((ref: unknown, k: number) => {
      checkRef(ref, `node ${i} (${layer.kind}) input ${k}`);
    });
    const merges = (layer as { merges?: boolean }).merges === true;
    if (merges ? node.inputs.length < 2 : node.inputs.length !== 1)
      throw new NnError(
        `${caller}: node ${i} (${layer.kind}) has ${node.inputs.length} inputs; ${merges ? 'a merge layer needs at least 2' : 'a layer takes exactly 1'}`,
      );
  });
  const output = checkRef(g.output, 'the output');
  if (typeof output === 'string')
    throw new NnError(`${caller}: the output is input '${output}' itself; it must be a layer's output`);
  // Depth-first from the output: a node met again while still on the path closes a cycle.
  const order: number[] = [];
  const state = new Uint8Array(g.nodes.length); // 0 unseen, 1 on the path, 2 done
  const path: number[] = [];
  const visit = (start: number) => {
    const stack: Array<{ node: number; next: number }> = [{ node: start, next: 0 }];
    state[start] = 1;
    path.push(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const inputs = g.nodes[top.node]!.inputs;
      if (top.next === inputs.length) {
        stack.pop();
        path.pop();
        state[top.node] = 2;
        order.push(top.node);
        continue;
      }
      const ref = inputs[top.next++]!;
      if (typeof ref === 'string' || state[ref] === 2) continue;
      if (state[ref] === 1) {
        const cycle = [...path.slice(path.indexOf(ref)), ref].map(
          (n) => `${describe(n)} (${layers[g.nodes[n]!.layer]!.kind})`,
        );
        throw new NnError(
          `${caller}: the graph has a cycle: ${cycle.join(' → ')}; a layer's output cannot feed its own inputs`,
        );
      }
      state[ref] = 1;
      path.push(ref);
      stack.push({ node: ref, next: 0 });
    }
  };
  visit(output);
  const unreached = g.nodes.map((_, i) => i).filter((i) => state[i] !== 2);
  if (unreached.length > 0)
    throw new NnError(
      `${caller}: node${unreached.length > 1 ? 's' : ''} ${unreached.join(', ')} do not reach the output; remove them`,
    );
  const reachedInputs = new Set(g.nodes.flatMap((n) => n.inputs.filter((r: GraphRef) => typeof r === 'string')));
  const idle = [...names].filter((n) => !reachedInputs.has(n));
  if (idle.length > 0)
    throw new NnError(
      `${caller}: input${idle.length > 1 ? 's' : ''} ${idle.map((n) => `'${n}'`).join(', ')} do not reach the output`,
    );
  const usedLayers = new Set(g.nodes.map((n) => n.layer));
  const idleLayer = layers.findIndex((_, i) => !usedLayers.has(i));
  if (idleLayer >= 0) throw new NnError(`${caller}: layer ${idleLayer} (${layers[idleLayer]!.kind}) is never called`);
  return order;
}
