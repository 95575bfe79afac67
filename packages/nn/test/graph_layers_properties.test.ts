// Random graph models — dense layers of any activation and bias choice, batch norm, skip
// connections, concatenations, shared layers and one or two inputs, in any order — exported to
// tfjs-layers and imported back: stock tf.loadLayersModel and the re-imported mlrecipe model both
// predict what the original does.
import { createRng, tf, useBackend } from '@mlrecipe/tensor';
import * as tfl from '@tensorflow/tfjs-layers';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  type ActivationName,
  add,
  batchNorm,
  concatenate,
  connect,
  dense,
  graphModel,
  importLayersModel,
  input,
  type Layer,
  type SymbolicTensor,
  toLayersArtifacts,
} from '../src/index.js';
import { disposeAll, maxGap, perturb, random } from './helpers/interop.js';

await useBackend('wasm');

const activations: ActivationName[] = ['linear', 'relu', 'leakyRelu', 'sigmoid', 'tanh'];
// One step of building the graph; `pick` and `other` choose among the placeholders made so far.
const step = fc.oneof(
  fc.record({
    op: fc.constant('dense' as const),
    pick: fc.nat(),
    units: fc.integer({ min: 1, max: 4 }),
    activation: fc.constantFrom(...activations),
    useBias: fc.boolean(),
  }),
  fc.record({ op: fc.constant('norm' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('add' as const), pick: fc.nat(), other: fc.nat() }),
  fc.record({ op: fc.constant('concatenate' as const), pick: fc.nat(), other: fc.nat() }),
  fc.record({ op: fc.constant('shared' as const), pick: fc.nat(), other: fc.nat() }),
);

it('any graph of dense, batch norm, add, concatenate and shared layers exports and imports back with the same predictions (seeded property)', async () => {
  // How often each kind of wiring was really made, so the property cannot pass on straight lines only.
  const made = { add: 0, concatenate: 0, shared: 0, twoInputs: 0 };
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 2 }),
      fc.array(step, { minLength: 1, maxLength: 7 }),
      async (inputWidths, steps) => {
        const before = tf.memory().numTensors;
        if (inputWidths.length === 2) made.twoInputs++;
        const inputs = inputWidths.map((w, i) => input({ name: `in${i}`, shape: [w] }));
        const pool: Array<{ t: SymbolicTensor; width: number }> = inputs.map((t, i) => ({
          t,
          width: inputWidths[i]!,
        }));
        const denses: Array<{ layer: Layer; inWidth: number; units: number }> = [];
        const at = (k: number) => pool[k % pool.length]!;
        for (const s of steps) {
          const a = at(s.pick);
          if (s.op === 'dense') {
            const layer = dense({ units: s.units, activation: s.activation, useBias: s.useBias });
            denses.push({ layer, inWidth: a.width, units: s.units });
            pool.push({ t: connect(layer, a.t), width: s.units });
          } else if (s.op === 'norm') {
            pool.push({ t: connect(batchNorm(), a.t), width: a.width });
          } else if (s.op === 'concatenate') {
            // Two different placeholders: stock tfjs-layers 4.22 on wasm fails to predict a model
            // that concatenates one layer's output with itself ("Cannot read properties of
            // undefined (reading 'backend')" in the Concat kernel; the exported JSON is right and
            // mlrecipe re-imports it), so the property leaves that case out.
            const b = at(s.other);
            if (b !== a) {
              pool.push({ t: connect(concatenate(), [a.t, b.t]), width: a.width + b.width });
              made.concatenate++;
            }
          } else if (s.op === 'add') {
            const b = pool.find((p, k) => p.width === a.width && k !== s.pick % pool.length);
            if (b !== undefined) {
              pool.push({ t: connect(add(), [a.t, b.t]), width: a.width });
              made.add++;
            }
          } else {
            // A dense layer called again on another placeholder of its input width: shared.
            const d = denses[s.other % Math.max(1, denses.length)];
            const on = d === undefined ? undefined : pool.find((p) => p.width === d.inWidth);
            if (d !== undefined && on !== undefined) {
              pool.push({ t: connect(d.layer, on.t), width: d.units });
              made.shared++;
            }
          }
        }
        // Every placeholder feeds the head, so every input and layer reaches the output.
        const all = pool.map((p) => p.t);
        const joined = all.length > 1 ? connect(concatenate(), all) : all[0]!;
        const model = graphModel({ inputs, output: connect(dense({ units: 2 }), joined) });
        const shape = inputWidths.length === 1 ? [inputWidths[0]!] : { in0: [inputWidths[0]!], in1: [inputWidths[1]!] };
        const variables = model.init(shape, createRng(steps.length));
        perturb(variables, 600);
        const xs = inputWidths.map((w, i) => random([3, w], 20 + i));
        const feed = inputWidths.length === 1 ? xs[0]! : { in0: xs[0]!, in1: xs[1]! };
        const ours = model.apply(variables.params, feed, { state: variables.state });

        const artifacts = await toLayersArtifacts(model, variables, shape);
        const stock = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
        const theirs = stock.predict(xs.length === 1 ? xs[0]! : xs) as tf.Tensor;
        const imported = await importLayersModel(artifacts);
        const back = imported.model.apply(imported.params, feed, { state: imported.state });
        const gaps = [maxGap(ours, theirs), maxGap(ours, back)];
        // tfjs-layers keeps a reference per call of a layer and model.dispose() drops one; release
        // the shared layers' other calls (the count is private to tfjs-layers, read here only).
        stock.dispose();
        for (const layer of stock.layers) {
          const refs = layer as unknown as { _refCount: number | null };
          while ((refs._refCount ?? 0) > 0) layer.dispose();
        }
        tf.dispose([ours, theirs, back, ...xs]);
        disposeAll(variables);
        disposeAll(imported);
        expect(gaps[0]).toBeLessThan(1e-6);
        expect(gaps[1]).toBeLessThan(1e-6);
        expect(tf.memory().numTensors).toBe(before);
      },
    ),
    { seed: 23, numRuns: 25 },
  );
  for (const [kind, count] of Object.entries(made)) expect(count, kind).toBeGreaterThanOrEqual(3);
});
