// Seeded property tests of graph models: random wirings of dense layers, skip connections (add),
// joins (concatenate) and shared layers. Whatever the wiring: the output has the width worked out
// alongside, summary counts every parameter once, a save/load round trip gives the same outputs bit
// for bit, every parameter gets a finite gradient, nothing leaks; and a graph that is a straight
// line is the sequential model of the same layers (same names, same initial values, same outputs).
import { countTensors, createRng, tf, useBackend } from '@mlrecipe/tensor';
import { type BadInputCase, badInput, runBadInputs } from '@mlrecipe/tensor/testing';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  add,
  concatenate,
  connect,
  dense,
  graphModel,
  input,
  type Layer,
  loadModel,
  type Model,
  type SymbolicTensor,
  saveModel,
  sequential,
  valueAndGrads,
} from '../src/index.js';

await useBackend('wasm');

type Step =
  | { op: 'dense'; units: number; activation: 'linear' | 'relu' | 'tanh' }
  | { op: 'add'; from: number }
  | { op: 'concatenate'; from: number }
  | { op: 'shared'; which: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant('dense' as const),
    units: fc.integer({ min: 1, max: 4 }),
    activation: fc.constantFrom('linear' as const, 'relu' as const, 'tanh' as const),
  }),
  fc.record({ op: fc.constant('add' as const), from: fc.nat(20) }),
  fc.record({ op: fc.constant('concatenate' as const), from: fc.nat(20) }),
  fc.record({ op: fc.constant('shared' as const), which: fc.nat(20) }),
);

/** Builds the wiring the steps describe, tracking each placeholder's width by hand. */
function build(steps: readonly Step[]) {
  const x = input({ name: 'x', shape: [3] });
  const nodes: Array<{ t: SymbolicTensor; width: number }> = [{ t: x, width: 3 }];
  const denses: Array<{ layer: Layer; fanIn: number; units: number }> = [];
  const newDense = (units: number, from: { t: SymbolicTensor; width: number }, activation = 'linear' as const) => {
    const layer = dense({ units, activation });
    denses.push({ layer, fanIn: from.width, units });
    return { t: connect(layer, from.t), width: units };
  };
  for (const s of steps) {
    const last = nodes.at(-1)!;
    if (s.op === 'dense') nodes.push(newDense(s.units, last, s.activation as 'linear'));
    else if (s.op === 'add') {
      // Project the earlier node to the last one's width: the residual block's shortcut.
      const projected = newDense(last.width, nodes[s.from % nodes.length]!);
      nodes.push({ t: connect(add(), [last.t, projected.t]), width: last.width });
    } else if (s.op === 'concatenate') {
      const other = nodes[s.from % nodes.length]!;
      nodes.push({ t: connect(concatenate(), [last.t, other.t]), width: last.width + other.width });
    } else {
      const fits = denses.filter((d) => d.fanIn === last.width);
      if (fits.length === 0) continue;
      const d = fits[s.which % fits.length]!;
      nodes.push({ t: connect(d.layer, last.t), width: d.units });
    }
  }
  // Always end with a fresh dense head, so the output is a layer's.
  const head = newDense(2, nodes.at(-1)!);
  return { model: graphModel({ inputs: [x], output: head.t }), width: head.width };
}

async function roundTrip(model: Model, variables: ReturnType<Model['init']>) {
  let saved: tf.io.ModelArtifacts | undefined;
  await saveModel(
    model,
    variables,
    [3],
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return loadModel(tf.io.fromMemory(saved!));
}

it('any wiring: the expected width, parameters counted once, bit-identical after save/load, finite gradients, no leak', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(step, { minLength: 1, maxLength: 8 }),
      fc.integer({ min: 1, max: 1000 }),
      async (steps, seed) => {
        const before = countTensors();
        const { model, width } = build(steps);
        const variables = model.init([3], createRng(seed));
        const x = tf.tensor2d(
          Array.from({ length: 12 }, (_, i) => Math.cos(seed + i)),
          [4, 3],
        );
        const out = model.apply(variables.params, x);
        expect(out.shape).toEqual([4, width]);
        const total = Object.values(variables.params).reduce((s, p) => s + p.size, 0);
        expect(model.summary([3])).toContain(`total trainable parameters: ${total.toLocaleString('en')}`);
        const loaded = await roundTrip(model, variables);
        const again = loaded.model.apply(loaded.params, x);
        expect(Array.from(again.dataSync())).toEqual(Array.from(out.dataSync()));
        const { value, grads } = valueAndGrads(
          () => tf.sum(tf.square(model.apply(variables.params, x))),
          variables.params,
        );
        expect(Object.keys(grads).sort()).toEqual(Object.keys(variables.params).sort());
        for (const g of Object.values(grads)) expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
        tf.dispose([
          x,
          out,
          again,
          value,
          ...Object.values(grads),
          ...Object.values(variables.params),
          ...Object.values(loaded.params),
        ]);
        expect(countTensors()).toBe(before);
      },
    ),
    { seed: 18, numRuns: 30 },
  );
}, 120_000);

it('a graph that is a straight line is the sequential model of the same layers', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          units: fc.integer({ min: 1, max: 5 }),
          activation: fc.constantFrom('relu' as const, 'tanh' as const),
        }),
        {
          minLength: 1,
          maxLength: 5,
        },
      ),
      fc.integer({ min: 1, max: 1000 }),
      (specs, seed) => {
        const before = countTensors();
        const layers = specs.map((s) => dense(s));
        const x = input({ name: 'x', shape: [3] });
        const graph = graphModel({ inputs: [x], output: layers.reduce<SymbolicTensor>((h, l) => connect(l, h), x) });
        const line = sequential(layers);
        expect(graph.names).toEqual(line.names);
        const a = graph.init([3], createRng(seed));
        const b = line.init([3], createRng(seed));
        const xs = tf.tensor2d(
          Array.from({ length: 6 }, (_, i) => Math.sin(seed * i)),
          [2, 3],
        );
        const ya = graph.apply(a.params, xs);
        const yb = line.apply(b.params, xs);
        for (const name of Object.keys(b.params))
          expect(Array.from(a.params[name]!.dataSync())).toEqual(Array.from(b.params[name]!.dataSync()));
        expect(Array.from(ya.dataSync())).toEqual(Array.from(yb.dataSync()));
        tf.dispose([xs, ya, yb, ...Object.values(a.params), ...Object.values(b.params)]);
        expect(countTensors()).toBe(before);
      },
    ),
    { seed: 7, numRuns: 30 },
  );
});

it('bad inputs to the graph entries give typed errors, no NaN, no hang and no leak', async () => {
  const x = input({ name: 'x', shape: [2] });
  const model = graphModel({ inputs: [x], output: connect(dense({ units: 2 }), x) });
  const { params } = model.init([2], createRng(1));
  // Values no entry accepts where a name, shape, layer, placeholder, tensor or axis belongs.
  const junk = fc.oneof(
    fc.constant(null),
    fc.constant(0),
    fc.double({ noInteger: true }),
    fc.string().filter((t) => !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(t)),
    fc.constant([]),
    fc.constant({}),
    fc.constant([1, -2]),
  );
  const arbitraries: fc.Arbitrary<BadInputCase>[] = [
    junk.map((v) => badInput('input name', v, () => input({ name: v as string, shape: [2] }))),
    junk.map((v) => badInput('input shape', v, () => input({ name: 'a', shape: v as number[] }))),
    junk.map((v) => badInput('connect layer', v, () => connect(v as Layer, x))),
    junk.map((v) => badInput('connect inputs', v, () => connect(dense({ units: 1 }), v as SymbolicTensor))),
    junk.map((v) => badInput('graphModel inputs', v, () => graphModel({ inputs: v as SymbolicTensor[], output: x }))),
    junk.map((v) => badInput('graphModel output', v, () => graphModel({ inputs: [x], output: v as SymbolicTensor }))),
    junk.map((v) => badInput('apply x', v, () => model.apply(params, v as tf.Tensor))),
    junk.map((v) => badInput('init inputShape', v, () => model.init(v as number[], createRng(1)))),
    junk.map((v) => badInput('concatenate axis', v, () => concatenate({ axis: v as number }))),
  ];
  const cases = fc.sample(fc.oneof(...arbitraries), { seed: 21, numRuns: 200 });
  const report = await runBadInputs('@mlrecipe/nn graph', cases, { timeoutMs: 5_000 });
  tf.dispose(Object.values(params));
  expect(
    report.failures,
    report.failures.map((f) => `${f.entry} ${f.input}: ${f.outcome} ${f.detail ?? ''}`).join('\n'),
  ).toEqual([]);
});
