// A real pretrained network as a frozen trunk: CenterNet's MobileNetV3 backbone from
// @vladmandic/human (a devDependency here; CI installs the workspace), on wasm in Node.
import { dense, graphTrunk, NnError, saveModel, sequential, softmaxCrossEntropy } from '@mlrecipe/nn';
import { adam, freeze } from '@mlrecipe/optim';
import { countTensors, createRng, tf, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { cacheFeatures, PipelineError, train, transfer } from '../src/index.js';
import { BACKBONE_NODE, centernetDir, loadCenterNet } from './helpers/centernet.js';
import { stripes } from './helpers/centernet_artifacts.js';

const dir = centernetDir();
if (dir === null && process.env.CI) throw new Error('@vladmandic/human is missing: CI installs the workspace with it');
if (dir === null) console.warn('frozen graph trunk tests NOT RUN: @vladmandic/human is not installed (pnpm install)');
const ready = dir !== null;

await useBackend('wasm');
const graph = ready ? await loadCenterNet(dir) : undefined;
const SIZE = 64;

const pictures = (rows: number, seed: number) => stripes(rows, seed, SIZE, createRng);

it.runIf(ready)(
  "CenterNet's MobileNetV3 backbone loads offline as a frozen trunk: 120 pooled features per picture, repeatable, no parameters, no leak",
  () => {
    const trunk = sequential([graphTrunk(graph!, { outputNode: BACKBONE_NODE })]);
    expect(trunk.summary([SIZE, SIZE, 3])).toMatch(/graphTrunk_1\s+\[120\]\s+0/);
    const { params, state } = trunk.init([SIZE, SIZE, 3], createRng(1));
    expect(Object.keys(params)).toEqual([]);
    const before = countTensors();
    const x = tf.tensor(pictures(3, 1).x.values, [3, SIZE, SIZE, 3]);
    const a = trunk.apply(params, x, { state });
    const b = trunk.apply(params, x, { state });
    expect(a.shape).toEqual([3, 120]);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    const values = Array.from(a.dataSync());
    expect(values.every(Number.isFinite)).toBe(true);
    expect(values.filter((v) => v !== 0).length).toBeGreaterThan(60); // features, not a dead map
    // The unpooled map at stride 32: 64 px → 2 × 2.
    const map = sequential([graphTrunk(graph!, { outputNode: BACKBONE_NODE, pool: 'none' })]);
    const m = map.apply({}, x);
    expect(m.shape).toEqual([3, 2, 2, 120]);
    tf.dispose([x, a, b, m]);
    expect(countTensors()).toBe(before);
  },
  120_000,
);

it.runIf(ready)(
  'a seeded transfer run on cached features: the head learns, repeats bit for bit, and matches training through the trunk',
  async () => {
    const trunk = { model: sequential([graphTrunk(graph!, { outputNode: BACKBONE_NODE })]) };
    const data = { train: pictures(48, 2), dev: pictures(32, 3) };
    const before = countTensors();
    const cached = await cacheFeatures(trunk, data, [SIZE, SIZE, 3], { batchSize: 16 });
    expect(cached.featureShape).toEqual([120]);
    expect(cached.data.train.x.shape).toEqual([48, 120]);
    const options = {
      loss: softmaxCrossEntropy,
      epochs: 4,
      batchSize: 16,
      seed: 11,
      progress: 'none' as const,
      health: false as const,
    };
    const headRun = () =>
      train({
        ...options,
        model: sequential([dense({ units: 2 })]),
        inputShape: cached.featureShape,
        data: cached.data,
        optimizer: adam({ learningRate: 0.01 }),
      });
    const first = await headRun();
    const again = await headRun();
    const kernel = (p: Record<string, tf.Variable>) => Array.from(p['dense_1/kernel']!.dataSync());
    expect(kernel(again.params)).toEqual(kernel(first.params));
    expect(first.history.at(-1)!.devError).toBeLessThan(0.15);

    // transfer + train accept the trunk itself; caching changes the speed, not the result.
    const moved = transfer({ model: trunk.model, params: {} }, [SIZE, SIZE, 3], createRng(0), {
      replaceHead: [dense({ units: 2 })],
      headSize: 0,
    });
    const head = sequential([dense({ units: 2 })]).init(cached.featureShape, createRng(11).fork('init'));
    moved.params['dense_1/kernel']!.assign(first.params['dense_1/kernel']!); // any common start will do
    head.params['dense_1/kernel']!.assign(first.params['dense_1/kernel']!);
    const through = await train({
      ...options,
      epochs: 1,
      model: moved.model,
      inputShape: [SIZE, SIZE, 3],
      data,
      variables: moved,
      optimizer: freeze(adam({ learningRate: 0.01 }), moved.frozen),
    });
    const onCache = await train({
      ...options,
      epochs: 1,
      model: sequential([dense({ units: 2 })]),
      inputShape: cached.featureShape,
      data: cached.data,
      variables: head,
      optimizer: adam({ learningRate: 0.01 }),
    });
    const gap = Math.max(...kernel(moved.params).map((v, i) => Math.abs(v - kernel(head.params)[i]!)));
    expect(gap).toBeLessThan(1e-4);
    for (const r of [first, again, through, onCache, moved, head])
      tf.dispose([...Object.values(r.params), ...Object.values(r.state)]);
    expect(countTensors()).toBe(before);
  },
  300_000,
);

it.runIf(ready)('a graph-model trunk cannot be fine-tuned or saved, and says why', async () => {
  const source = { model: sequential([graphTrunk(graph!, { outputNode: BACKBONE_NODE })]), params: {} };
  const error = (() => {
    try {
      transfer(source, [SIZE, SIZE, 3], createRng(0), {
        replaceHead: [dense({ units: 2 })],
        headSize: 0,
        freeze: 'none',
      });
    } catch (e) {
      return e;
    }
  })();
  expect(error).toBeInstanceOf(PipelineError);
  expect((error as Error).message).toMatch(
    /graphTrunk_1 is a graph-model trunk and cannot be fine-tuned \(its weights are constants in the GraphModel, not variables\)/,
  );
  const model = sequential([graphTrunk(graph!, { outputNode: BACKBONE_NODE }), dense({ units: 2 })]);
  const v = model.init([SIZE, SIZE, 3], createRng(1));
  await expect(
    saveModel(
      model,
      v,
      [SIZE, SIZE, 3],
      tf.io.withSaveHandler(async () => ({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })),
    ),
  ).rejects.toThrow(NnError);
  tf.dispose(Object.values(v.params));
});
