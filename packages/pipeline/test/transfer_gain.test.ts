// Transfer learning on real images. Source task A: the 10 Fashion-MNIST classes, 6,000 images.
// Target task B: a new label set on other images (upper body / trousers and dresses / footwear /
// bags) with only 20 labelled examples. As with ImageNet features reused for a new image task, A
// has much more data than B, the same input, and features that help B; its model is saved and
// loaded with @mlrecipe/nn as a user would ship it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { takeRows } from '@mlrecipe/data';
import { FASHION_MNIST_DIR, loadFashionMnist } from '@mlrecipe/data/node';
import { dense, loadModel, saveModel, sequential, softmaxCrossEntropy } from '@mlrecipe/nn';
import { fileHandler } from '@mlrecipe/nn/node';
import { adam, freeze } from '@mlrecipe/optim';
import { countTensors, createRng, tf, useBackend } from '@mlrecipe/tensor';
import { systemResource } from '@mlrecipe/tensor/testing';
import { expect, it } from 'vitest';
import { evaluate, train, transfer } from '../src/index.js';

const ready = systemResource(FASHION_MNIST_DIR, 'dataset-fashion-mnist', 'transfer-learning gain test');
// Target groups of the 10 classes: T-shirt, Pullover, Coat, Shirt | Trouser, Dress | Sandal, Sneaker, Ankle boot | Bag.
const GROUP = [0, 1, 0, 1, 0, 2, 0, 2, 3, 2];

it.runIf(ready)(
  'with 20 target examples, retraining only a new head on transferred layers beats training from scratch',
  async () => {
    await useBackend('wasm');
    const before = countTensors();
    const { train: all, test: heldOut } = await loadFashionMnist();
    const rows = (from: number, count: number) => Uint32Array.from({ length: count }, (_, i) => from + i);
    const part = (set: typeof all, indices: ArrayLike<number>, label: (c: number) => number) => ({
      x: takeRows(set.images, indices),
      y: { values: Int32Array.from(indices, (i) => label(set.labels[i]!)), shape: [indices.length] },
    });
    const scale = (v: Float32Array) => v.map((p) => p / 255);
    const common = { inputShape: [784], loss: softmaxCrossEntropy, progress: 'none' as const, transformX: scale };
    const sourceModel = sequential([dense({ units: 128, activation: 'relu' }), dense({ units: 10 })]);
    const source = await train({
      ...common,
      model: sourceModel,
      data: { train: part(all, rows(0, 6000), (c) => c), dev: part(all, rows(6000, 1000), (c) => c) },
      optimizer: adam({ learningRate: 1e-3 }),
      batchSize: 64,
      epochs: 4,
      seed: 1,
    });
    const dir = mkdtempSync(join(tmpdir(), 'source-model-'));
    await saveModel(sourceModel, source, [784], fileHandler(dir));
    tf.dispose([...Object.values(source.params), ...Object.values(source.state)]);
    const loaded = await loadModel(fileHandler(dir));

    const group = (c: number) => GROUP[c]!;
    const targetTest = part(heldOut, rows(0, 2000), group);
    const errors = { headOnly: [] as number[], scratch: [] as number[] };
    for (const seed of [11, 12, 13, 14, 15]) {
      const few = part(
        all,
        createRng(seed)
          .permutation(20_000)
          .subarray(0, 20)
          .map((i) => 30_000 + i),
        group,
      );
      const options = {
        ...common,
        data: { train: few, dev: targetTest },
        optimizer: adam({ learningRate: 3e-3 }),
        batchSize: 20,
        epochs: 40,
        seed,
      };
      const moved = transfer(loaded, [784], createRng(seed), {
        replaceHead: [dense({ units: 4 })],
        freeze: 'all-but-head',
      });
      const headOnly = await train({
        ...options,
        model: moved.model,
        variables: moved,
        optimizer: freeze(options.optimizer, moved.frozen),
      });
      const scratch = await train({ ...options, model: moved.model });
      for (const [name, result] of [
        ['headOnly', headOnly],
        ['scratch', scratch],
      ] as const) {
        const { test } = evaluate(
          moved.model,
          result,
          { test: targetTest },
          { inputShape: [784], transformX: scale, keepPredictions: false },
        );
        errors[name].push(test!.error);
        tf.dispose([...Object.values(result.params), ...Object.values(result.state)]);
      }
    }
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    console.log(
      `target test error with 20 examples: head only ${errors.headOnly.map((e) => e.toFixed(3))}, from scratch ${errors.scratch.map((e) => e.toFixed(3))}`,
    );
    expect(mean(errors.headOnly)).toBeLessThan(mean(errors.scratch) - 0.01);
    tf.dispose([...Object.values(loaded.params), ...Object.values(loaded.state)]);
    expect(countTensors()).toBe(before);
  },
  240_000,
);
