import { gradientCheck } from '@mlrecipe/diagnostics/gradients';
import { countTensors, createRng, tf } from '@mlrecipe/tensor';
import { describeOnBackends } from '@mlrecipe/tensor/testing';
import { expect, it } from 'vitest';
import {
  add,
  batchNorm,
  concatenate,
  connect,
  dense,
  dropout,
  graphModel,
  input,
  loadModel,
  type Model,
  NnError,
  NnShapeError,
  saveModel,
  sequential,
  softmaxCrossEntropy,
  valueAndGrads,
} from '../src/index.js';

/** x → dense(relu) → dense → add(x, ·) → dense: one residual block. */
function residual() {
  const x = input({ name: 'x', shape: [2] });
  const h = connect(dense({ units: 2 }), connect(dense({ units: 2, activation: 'relu' }), x));
  return graphModel({ inputs: [x], output: connect(dense({ units: 1 }), connect(add(), [x, h])) });
}

/** Two inputs joined: a [2] and b [1] → concatenate → dense(1). */
function twoInputs() {
  const a = input({ name: 'a', shape: [2] });
  const b = input({ name: 'b', shape: [1] });
  return graphModel({ inputs: [a, b], output: connect(dense({ units: 1 }), connect(concatenate(), [a, b])) });
}

function setAll(params: Record<string, tf.Variable>, values: Record<string, number[]>) {
  tf.tidy(() => {
    for (const [name, v] of Object.entries(values)) params[name]!.assign(tf.tensor(v, params[name]!.shape));
  });
}

async function roundTrip(model: Model, variables: ReturnType<Model['init']>, inputShape: Parameters<Model['init']>[0]) {
  let saved: tf.io.ModelArtifacts | undefined;
  await saveModel(
    model,
    variables,
    inputShape,
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return { saved: saved!, loaded: await loadModel(tf.io.fromMemory(saved!)) };
}

describeOnBackends(['cpu', 'wasm'], 'graph models (functional API)', () => {
  it('a residual block computes dense(x + dense(relu(dense(x)))) as worked out by hand', () => {
    const before = countTensors();
    const model = residual();
    expect(model.names).toEqual(['dense_1', 'dense_2', 'add_1', 'dense_3']);
    const { params, state } = model.init([2], createRng(1));
    setAll(params, {
      'dense_1/kernel': [1, -1, 2, 0.5],
      'dense_1/bias': [0, 0.5],
      'dense_2/kernel': [0.5, 1, -1, 2],
      'dense_2/bias': [0.1, -0.2],
      'dense_3/kernel': [1, -2],
      'dense_3/bias': [0.25],
    });
    const x = tf.tensor2d([
      [1, 2],
      [-1, 0.5],
    ]);
    const out = model.apply(params, x);
    // Row 1: z1 = [1·1 + 2·2, 1·(−1) + 2·0.5 + 0.5] = [5, 0.5]; relu → [5, 0.5];
    // z2 = [5·0.5 + 0.5·(−1) + 0.1, 5·1 + 0.5·2 − 0.2] = [2.1, 5.8]; s = x + z2 = [3.1, 7.8];
    // out = 3.1 − 2·7.8 + 0.25 = −12.25.
    // Row 2: z1 = [−1 + 1, 1 + 0.25 + 0.5] = [0, 1.75]; relu → [0, 1.75];
    // z2 = [−1.75 + 0.1, 3.5 − 0.2] = [−1.65, 3.3]; s = [−2.65, 3.8]; out = −2.65 − 7.6 + 0.25 = −10.
    expect(Array.from(out.dataSync())).toEqual([expect.closeTo(-12.25, 5), expect.closeTo(-10, 5)]);
    tf.dispose([x, out, ...Object.values(params), ...Object.values(state)]);
    expect(countTensors()).toBe(before);
  });

  it('a two-input model takes { a, b } and concatenates them before its head', () => {
    const before = countTensors();
    const model = twoInputs();
    const { params } = model.init({ a: [2], b: [1] }, createRng(1));
    setAll(params, { 'dense_1/kernel': [1, 2, 3], 'dense_1/bias': [-1] });
    const a = tf.tensor2d([
      [1, 1],
      [0, 2],
    ]);
    const b = tf.tensor2d([[2], [-1]]);
    const out = model.apply(params, { a, b });
    // [1, 1, 2]·[1, 2, 3] − 1 = 8; [0, 2, −1]·[1, 2, 3] − 1 = 0.
    expect(Array.from(out.dataSync())).toEqual([8, 0]);
    expect(() => model.apply(params, a)).toThrow(/has 2 inputs \(a, b\); give x as \{ name: tensor \}/);
    expect(() => model.apply(params, { a })).toThrow(/missing b/);
    expect(() => model.apply(params, { a, b, c: b })).toThrow(/unknown c/);
    expect(() => model.apply(params, { a: b, b })).toThrow(/input 'a' expects shape \[\*, 2\] but received \[2,1\]/);
    expect(() => model.init([2], createRng(1))).toThrow(NnShapeError);
    tf.dispose([a, b, out, ...Object.values(params)]);
    expect(countTensors()).toBe(before);
  });

  it('a shared layer has one set of parameters whose gradient is the sum over its calls', () => {
    const before = countTensors();
    const left = input({ name: 'left', shape: [2] });
    const right = input({ name: 'right', shape: [2] });
    const shared = dense({ units: 1, useBias: false });
    const model = graphModel({
      inputs: [left, right],
      output: connect(add(), [connect(shared, left), connect(shared, right)]),
    });
    const { params } = model.init({ left: [2], right: [2] }, createRng(3));
    expect(Object.keys(params)).toEqual(['dense_1/kernel']);
    expect(model.summary({ left: [2], right: [2] })).toMatch(/dense_1 \(shared\)/);
    const l = tf.tensor2d([
      [1, 2],
      [3, -1],
    ]);
    const r = tf.tensor2d([
      [0.5, 0],
      [1, 1],
    ]);
    // loss = Σ_rows (W·l + W·r) ⇒ dloss/dW = Σ_rows (l + r) = [1 + 3 + 0.5 + 1, 2 − 1 + 0 + 1] = [5.5, 2].
    const { value, grads } = valueAndGrads(() => tf.sum(model.apply(params, { left: l, right: r })), params);
    expect(Array.from(grads['dense_1/kernel']!.dataSync())).toEqual([5.5, 2]);
    tf.dispose([value, ...Object.values(grads), l, r, ...Object.values(params)]);
    expect(countTensors()).toBe(before);
  });

  it('gradients through a residual block with a shared layer and batch norm pass gradientCheck', () => {
    const before = countTensors();
    const x = input({ name: 'x', shape: [3] });
    const shared = dense({ units: 3, activation: 'tanh' });
    const h = connect(shared, connect(batchNorm(), connect(shared, x)));
    const out = connect(dense({ units: 2 }), connect(concatenate(), [connect(add(), [x, h]), x]));
    const model = graphModel({ inputs: [x], output: out });
    const rng = createRng(5);
    const { params, state } = model.init([3], rng);
    const xs = tf.tensor2d(
      Array.from({ length: 12 }, (_, i) => Math.sin(i + 1)),
      [4, 3],
    );
    const ys = tf.tensor1d([0, 1, 1, 0], 'int32');
    const loss = () => softmaxCrossEntropy(ys, model.apply(params, xs, { state }));
    // gradientCheck's perturbed copies are not disposed by it (diagnostics); tidy collects them.
    const result = tf.tidy(() => gradientCheck(loss, params) as never) as ReturnType<typeof gradientCheck>;
    expect(result.verdict).toBe('ok');
    expect(result.relativeDifference).toBeLessThan(1e-3);
    tf.dispose([xs, ys, ...Object.values(params), ...Object.values(state)]);
    expect(countTensors()).toBe(before);
  });

  it('training mode updates a batch-norm state once per call and draws a separate dropout mask per call of a shared dropout', () => {
    const before = countTensors();
    const x = input({ name: 'x', shape: [50] });
    const drop = dropout({ keepProb: 0.5 });
    const model = graphModel({ inputs: [x], output: connect(concatenate(), [connect(drop, x), connect(drop, x)]) });
    const { params } = model.init([50], createRng(1));
    const ones = tf.ones([1, 50]);
    const out = model.apply(params, ones, { training: true, rng: createRng(2) });
    const v = out.dataSync();
    const differ = Array.from(v.subarray(0, 50)).some((a, i) => a !== v[50 + i]);
    expect(differ).toBe(true);
    const again = model.apply(params, ones, { training: true, rng: createRng(2) });
    expect(Array.from(again.dataSync())).toEqual(Array.from(v)); // same rng, same masks
    const frozenOut = model.apply(params, ones, { training: false });
    expect(Array.from(frozenOut.dataSync()).every((a) => a === 1)).toBe(true);
    tf.dispose([ones, out, again, frozenOut]);
    expect(countTensors()).toBe(before);
  });

  it('saves and loads a residual and a two-input model: same outputs bit for bit, same names, checked weights', async () => {
    const before = countTensors();
    for (const [model, inputShape, batch] of [
      [residual(), [2], () => tf.tensor2d([1, 2, -1, 0.5, 3, 3], [3, 2])],
      [
        twoInputs(),
        { a: [2], b: [1] },
        () => ({ a: tf.tensor2d([1, 2, -1, 0.5, 3, 3], [3, 2]), b: tf.tensor2d([0.1, 0.2, 0.3], [3, 1]) }),
      ],
    ] as const) {
      const variables = model.init(inputShape, createRng(9));
      const { saved, loaded } = await roundTrip(model, variables, inputShape);
      expect(loaded.model.names).toEqual(model.names);
      expect(loaded.inputShape).toEqual(inputShape);
      expect(loaded.model.config()).toEqual(model.config());
      const x = batch();
      const a = model.apply(variables.params, x);
      const b = loaded.model.apply(loaded.params, x);
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
      // A flipped byte in the weights is found by the same checksum as for sequential models.
      const bytes = new Uint8Array((saved.weightData as ArrayBuffer).slice(0));
      bytes[5] = bytes[5]! ^ 1;
      await expect(loadModel(tf.io.fromMemory({ ...saved, weightData: bytes.buffer }))).rejects.toThrow(/SHA-256/);
      tf.dispose([a, b, ...(x instanceof tf.Tensor ? [x] : Object.values(x))]);
      tf.dispose([...Object.values(variables.params), ...Object.values(loaded.params)]);
    }
    expect(countTensors()).toBe(before);
  });

  it('a saved graph with a cycle, an unknown input or an unknown node is refused before any variable is made', async () => {
    const model = residual();
    const variables = model.init([2], createRng(1));
    const { saved } = await roundTrip(model, variables, [2]);
    tf.dispose(Object.values(variables.params));
    const before = countTensors();
    const tampered = (edit: (graph: { nodes: Array<{ layer: number; inputs: Array<string | number> }> }) => void) => {
      const topology = structuredClone(saved.modelTopology) as {
        graph: { nodes: Array<{ layer: number; inputs: Array<string | number> }> };
      };
      edit(topology.graph);
      return loadModel(tf.io.fromMemory({ ...saved, modelTopology: topology }));
    };
    // Nodes: 0 dense_1(x), 1 dense_2(0), 2 add_1(x, 1), 3 dense_3(2). Feeding add into dense_1 closes a loop.
    await expect(
      tampered((g) => {
        g.nodes[0]!.inputs = [2];
      }),
    ).rejects.toThrow(/the graph has a cycle: node 2 \(add\) → node 1 \(dense\) → node 0 \(dense\) → node 2 \(add\)/);
    await expect(
      tampered((g) => {
        g.nodes[1]!.inputs = ['y'];
      }),
    ).rejects.toThrow(/node 1 \(dense\) input 0 refers to "y", which is neither an input \(x\) nor a node/);
    await expect(
      tampered((g) => {
        g.nodes[3]!.inputs = [7];
      }),
    ).rejects.toThrow(NnError);
    await expect(
      tampered((g) => {
        g.nodes[2]!.inputs = ['x'];
      }),
    ).rejects.toThrow(/add\) has 1 inputs; a merge layer needs at least 2/);
    expect(countTensors()).toBe(before);
  });

  it('wiring mistakes throw typed errors that name the layer', () => {
    const x = input({ name: 'x', shape: [4] });
    const y = input({ name: 'y', shape: [3] });
    const h = connect(dense({ units: 8 }), x);
    expect(() => graphModel({ inputs: [x], output: connect(add(), [x, h]) })).toThrow(
      /graphModel: layer add_1 \(inputs from input 'x', dense_1\) cannot take input shapes \[4\], \[8\]: add: inputs have shapes \[4\], \[8\]/,
    );
    expect(() => graphModel({ inputs: [x], output: connect(add(), [x, h]) })).toThrow(NnShapeError);
    expect(() =>
      graphModel({ inputs: [x], output: connect(concatenate({ axis: 1 }), [y, connect(flat(), x)]) }),
    ).toThrow(/depends on an input 'y' that is not in inputs \[x\]/);
    expect(() => graphModel({ inputs: [x, y], output: h })).toThrow(/input 'y' does not reach the output/);
    const shared = dense({ units: 2 });
    expect(() =>
      graphModel({ inputs: [x, y], output: connect(add(), [connect(shared, x), connect(shared, y)]) }),
    ).toThrow(
      /layer dense_1 \(input from input 'y'\) is shared, but this call's input \[3\] needs parameters kernel \[3, 2\]/,
    );
    expect(() => graphModel({ inputs: [x], output: x })).toThrow(/the output is input 'x' itself/);
    expect(() => connect(add(), x)).toThrow(/add merges several inputs; give a list/);
    expect(() => connect(dense({ units: 1 }), [x, y])).toThrow(/dense takes one input/);
    expect(() => input({ name: 'bad name', shape: [2] })).toThrow(NnError);
    expect(() => input({ name: 'z', shape: [0] })).toThrow(/positive integers/);
    expect(() => graphModel({ inputs: [x, input({ name: 'x', shape: [2] })], output: h })).toThrow(
      /two inputs are named 'x'/,
    );
    expect(() => sequential([dense({ units: 2 }), add() as never])).toThrow(/add\) merges several inputs/);
    expect(() => concatenate({ axis: 0 })).toThrow(/0 is the batch/);
  });
});

function flat() {
  return dense({ units: 3 });
}
