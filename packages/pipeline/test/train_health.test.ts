// train runs the course's training-health checks: vanishing and exploding gradients across depth,
// and a cost that does not decrease, flagged with the layer and the course's advice.
import { dense, randomNormal, sequential, softmaxCrossEntropy } from '@mlrecipe/nn';
import { adam, chain, type GradientTransformation, mapTree, sgd } from '@mlrecipe/optim';
import { countTensors, tf, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { iterate, lineProgress, report, train } from '../src/index.js';
import { blobs } from './helpers/blobs.js';

await useBackend('wasm');

const deepSigmoid = (scale: number) =>
  sequential(
    Array.from({ length: 12 }, (_, i) =>
      dense({
        units: i === 11 ? 2 : 16,
        activation: i === 11 ? 'linear' : 'sigmoid',
        kernelInitializer: randomNormal({ scale }),
      }),
    ),
  );
const base = {
  inputShape: [2],
  data: { train: blobs(256, 1), dev: blobs(64, 2) },
  loss: softmaxCrossEntropy,
  batchSize: 32,
  seed: 1,
  epochs: 1,
};

it('a 12-layer sigmoid network with small initial weights is flagged as vanishing, naming the layers', async () => {
  const lines: string[] = [];
  const before = countTensors();
  const result = await train({
    ...base,
    model: deepSigmoid(0.01),
    optimizer: sgd({ learningRate: 0.1 }),
    progress: 'none',
    callbacks: [{ onEpochEnd: (_e, r) => void lines.push(r ? JSON.stringify(r.health) : '') }],
  });
  const health = result.history[0]!.health!;
  expect(health.verdict).toBe('vanishing');
  expect(health.gradientNorms.map((n) => n.layer)).toEqual(Array.from({ length: 12 }, (_, i) => `dense_${i + 1}`));
  expect(health.gradientNorms[0]!.norm).toBeLessThan(1e-3 * health.gradientNorms[11]!.norm);
  expect(health.message).toMatch(/vanish with depth; use relu with He initialisation/);
  tf.dispose(Object.values(result.params));
  expect(countTensors()).toBe(before);
});

it('large initial weights are flagged as exploding, and the progress line says so', async () => {
  const printed: string[] = [];
  const result = await train({
    ...base,
    // Eight linear layers whose weights have standard deviation 1 with 16 inputs: each multiplies
    // the signal by about 4, so activations and gradients grow 4⁸-fold through the network.
    model: sequential(
      Array.from({ length: 8 }, (_, i) =>
        dense({ units: i === 7 ? 2 : 16, kernelInitializer: randomNormal({ scale: 1 }) }),
      ),
    ),
    optimizer: sgd({ learningRate: 1e-6 }),
    progress: 'none',
    callbacks: [{ onEpochEnd: (_e, r) => lineProgress((line) => printed.push(line)).endEpoch(r) }],
  });
  expect(result.history[0]!.health!.verdict).toBe('exploding');
  expect(printed.join('\n')).toMatch(/⚠ gradients exploding: gradients explode: clip them/);
  tf.dispose(Object.values(result.params));
});

it('a wrong-sign update (a broken optimizer) is flagged as a cost that does not decrease within the first epoch', async () => {
  // Gradient ascent: the transform returns +α·g where descent needs −α·g.
  const ascent: GradientTransformation<Record<string, never>> = {
    init: () => ({}),
    update: (grads, state) => ({ updates: mapTree(grads, (g) => tf.mul(g, 0.05)), state }),
  };
  const result = await train({
    ...base,
    data: { train: blobs(640, 1), dev: blobs(64, 2) },
    model: sequential([dense({ units: 8, activation: 'tanh' }), dense({ units: 2 })]),
    optimizer: chain(ascent),
    progress: 'none',
  });
  const kinds = result.history[0]!.health!.lossIssues.map((i) => i.kind);
  expect(kinds).toContain('not-decreasing');
  expect(result.history[0]!.health!.lossIssues.find((i) => i.kind === 'not-decreasing')!.message).toMatch(
    /check backprop with gradientCheck, or lower the learning rate/,
  );
  // The same network with a correct optimizer is not flagged.
  const healthy = await train({
    ...base,
    data: { train: blobs(640, 1), dev: blobs(64, 2) },
    model: sequential([dense({ units: 8, activation: 'tanh' }), dense({ units: 2 })]),
    optimizer: adam({ learningRate: 0.05 }),
    progress: 'none',
  });
  expect(healthy.history[0]!.health!.lossIssues).toEqual([]);
  expect(healthy.history[0]!.health!.verdict).toBe('healthy');
  const ratios = healthy.history[0]!.health!.updateRatios;
  expect(ratios).toHaveLength(2);
  for (const r of ratios) expect(r.ratio).toBeGreaterThan(0);
  tf.dispose([...Object.values(result.params), ...Object.values(healthy.params)]);
});

it('health: false records nothing', async () => {
  const result = await train({
    ...base,
    model: sequential([dense({ units: 4 }), dense({ units: 2 })]),
    optimizer: sgd({ learningRate: 0.1 }),
    progress: 'none',
    health: false,
  });
  expect(result.history[0]!.health).toBeUndefined();
  tf.dispose(Object.values(result.params));
});

it('iterate puts a training-health problem first among the next steps, and the report says it', async () => {
  const turn = await iterate({
    ...base,
    data: { ...base.data, test: blobs(64, 3) },
    model: deepSigmoid(0.01),
    optimizer: sgd({ learningRate: 0.1 }),
    progress: 'none',
    humanLevel: 0.02,
  });
  expect(turn.nextSteps[0]).toMatch(/^Training health: gradients vanishing \(epoch 1\): the first layer's gradient is/);
  const { markdown } = await report(turn);
  expect(markdown).toMatch(/## Training health\n\n- Epoch 1: gradients vanishing/);
  tf.dispose(Object.values(turn.params));
});
