import { countTensors, createRng, expectNoLeaks, scope, tf, useBackend } from '@mlrecipe/tensor';
import { describe, expect, it } from 'vitest';
import { dropout, earlyStopping, elasticNet, l1, l2, maxNorm, RegularizerError } from '../src/index.js';

await useBackend('wasm');

describe('penalties', () => {
  const params = () => ({
    'dense_1/kernel': tf.tensor2d([
      [1, -2],
      [3, 0],
    ]),
    'dense_1/bias': tf.tensor1d([10, 10]),
    'dense_2/kernel': tf.tensor1d([-1, 1]),
  });

  it('l2 is λ/(2m)·Σ‖W‖² over kernels only: 0.5/(2·4)·(14 + 2) = 1', () => {
    const p = params();
    expectNoLeaks(() => {
      const penalty = l2({ lambda: 0.5 })(p, { batchSize: 4 });
      expect(penalty.dataSync()[0]).toBeCloseTo(1, 6);
      penalty.dispose();
    });
    tf.dispose(Object.values(p));
  });

  it('l1 is λ/m·Σ|W|: 0.4/2·(6 + 2) = 1.6; elastic net adds both', () => {
    const p = params();
    const one = l1({ lambda: 0.4 })(p, { batchSize: 2 });
    const both = elasticNet({ l1: 0.4, l2: 0.5 })(p, { batchSize: 2 });
    expect(one.dataSync()[0]).toBeCloseTo(1.6, 6);
    expect(both.dataSync()[0]).toBeCloseTo(1.6 + (0.5 / 4) * 16, 5);
    tf.dispose([one, both, ...Object.values(p)]);
  });

  it('the gradient of the l2 term is (λ/m)·W, the course’s weight-decay term', () => {
    const w = scope(() => tf.variable(tf.tensor1d([2, -4]), true, 'w/kernel'));
    const { grads, value } = tf.variableGrads(() => l2({ lambda: 0.3 })({ 'w/kernel': w }, { batchSize: 3 }));
    expect(Array.from(grads['w/kernel']!.dataSync()).map((v) => Number(v.toFixed(6)))).toEqual([0.2, -0.4]);
    tf.dispose([w, value, ...Object.values(grads)]);
  });

  it('maxNorm rescales each unit’s incoming weights above the limit', () => {
    const w = scope(() =>
      tf.variable(
        tf.tensor2d([
          [3, 0.3],
          [4, 0.4],
        ]),
        true,
        'd/kernel',
      ),
    ); // column norms 5 and 0.5
    maxNorm({ maxNorm: 1 })({ 'd/kernel': w });
    const [a, b, c, d] = Array.from(w.dataSync());
    expect([a, c]).toEqual([0.6, 0.8].map(Math.fround));
    expect([b, d]).toEqual([0.3, 0.4].map(Math.fround));
    w.dispose();
  });

  it('rejects λ < 0, a bad batch size and parameters without kernels', () => {
    expect(() => l2({ lambda: -1 })).toThrow(/lambda must be a finite number ≥ 0, got -1/);
    const p = { 'x/bias': tf.tensor1d([1]) };
    expect(() => l2({ lambda: 1 })(p, { batchSize: 1 })).toThrow(/no parameter to penalise among x\/bias/);
    expect(() => l1({ lambda: 1 })(p, { batchSize: 0 })).toThrow(RegularizerError);
    tf.dispose(Object.values(p));
  });
});

describe('inverted dropout', () => {
  it('keeps about keepProb of the units, scales them by 1/keepProb and keeps the mean', () => {
    const x = tf.ones([200, 100]);
    const y = dropout(x, { keepProb: 0.8, rng: createRng(1), training: true });
    const values = y.dataSync();
    const kept = values.filter((v) => v !== 0);
    expect(Math.abs(kept.length / values.length - 0.8)).toBeLessThan(0.01); // sd 0.0028
    expect(kept.every((v) => Math.abs(v - 1.25) < 1e-6)).toBe(true);
    tf.dispose([x, y]);
  });

  it('gives the same mask for the same seed, the identity at inference, and no leaks', () => {
    const x = tf.ones([50]);
    expectNoLeaks(() => {
      const a = dropout(x, { keepProb: 0.5, rng: createRng(7), training: true });
      const b = dropout(x, { keepProb: 0.5, rng: createRng(7), training: true });
      const c = dropout(x, { keepProb: 0.5, training: false });
      expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
      expect(Array.from(c.dataSync())).toEqual(new Array(50).fill(1));
      tf.dispose([a, b, c]);
    });
    expect(() => dropout(x, { keepProb: 0, rng: createRng(1), training: true })).toThrow(
      /keepProb must be in \(0, 1\]/,
    );
    expect(() => dropout(x, { keepProb: 0.5, training: true })).toThrow(/needs an rng/);
    x.dispose();
  });
});

describe('earlyStopping', () => {
  it('stops after `patience` epochs without improvement and restores the best parameters and state', () => {
    const w = scope(() => tf.variable(tf.scalar(0), true, 'es/kernel'));
    const mean = scope(() => tf.variable(tf.scalar(0), false, 'es/movingMean'));
    const stopper = earlyStopping({ monitor: 'devLoss', patience: 2, minDelta: 0.01 });
    const devLosses = [0.9, 0.7, 0.65, 0.645, 0.66, 0.7];
    const decisions = devLosses.map((devLoss, i) => {
      w.assign(tf.scalar(i + 1)); // the variables after epoch i + 1
      mean.assign(tf.scalar(10 * (i + 1)));
      return stopper.update(i + 1, { devLoss }, { params: { w }, state: { mean } }).stop;
    });
    // 0.645 is not 0.01 better than 0.65: the best stays epoch 3; epochs 4 and 5 do not improve, so
    // (as keras.callbacks.EarlyStopping(patience=2, min_delta=0.01) does on this sequence) it stops after epoch 5.
    expect(decisions).toEqual([false, false, false, false, true, true]);
    expect([stopper.bestEpoch, stopper.bestValue]).toEqual([3, 0.65]);
    stopper.restore({ params: { w }, state: { mean } });
    expect([w.dataSync()[0], mean.dataSync()[0]]).toEqual([3, 30]);
    stopper.dispose();
    tf.dispose([w, mean]);
  });

  it('counts patience in epochs, not in reports: evaluating every other epoch does not double it', () => {
    const stopper = earlyStopping({ monitor: 'devLoss', patience: 3, restoreBest: false });
    const seen = [2, 4, 6, 8].map((epoch, i) =>
      stopper.update(epoch, { devLoss: [0.5, 0.4, 0.45, 0.46][i]! }, { params: {} }),
    );
    // Best at epoch 4; epoch 6 is 2 epochs later (< 3), epoch 8 is 4 epochs later (≥ 3): stop.
    expect(seen.map((s) => s.stop)).toEqual([false, false, false, true]);
    expect(stopper.bestEpoch).toBe(4);
    expect(() => stopper.update(8, { devLoss: 0.1 }, { params: {} })).toThrow(/increasing order from 1, got 8 after 8/);
  });

  it('hands out its memory and takes it back, so a resumed run stops where the first would have', () => {
    const before = countTensors();
    const w = scope(() => tf.variable(tf.scalar(0), true, 'es2/kernel'));
    const first = earlyStopping({ monitor: 'devLoss', patience: 2 });
    const second = earlyStopping({ monitor: 'devLoss', patience: 2 });
    const losses = [0.9, 0.5, 0.6, 0.7];
    for (const [i, devLoss] of losses.slice(0, 2).entries()) {
      tf.tidy(() => w.assign(tf.scalar(i + 1)));
      first.update(i + 1, { devLoss }, { params: { w } });
    }
    const saved = first.getState();
    second.setState({ ...saved, best: { params: { w: tf.clone(saved.best!.params.w!) }, state: {} } });
    const tail = (s: typeof first) =>
      losses.slice(2).map((devLoss, i) => s.update(i + 3, { devLoss }, { params: { w } }).stop);
    expect(tail(second)).toEqual(tail(first));
    expect(second.bestEpoch).toBe(2);
    second.restore({ params: { w } });
    expect(w.dataSync()[0]).toBe(2);
    expect(() => second.setState({ bestValue: null, bestEpoch: 3, lastEpoch: 3 })).toThrow(
      /not a saved early-stopping state/,
    );
    first.dispose();
    second.dispose();
    w.dispose();
    expect(countTensors()).toBe(before);
  });

  it('watches a metric to maximise and names a missing one', () => {
    const stopper = earlyStopping({ monitor: 'devF1', mode: 'max', patience: 0, restoreBest: false });
    expect(stopper.update(1, { devF1: 0.5 }, { params: {} }).stop).toBe(false);
    expect(stopper.update(2, { devF1: 0.4 }, { params: {} }).stop).toBe(true);
    expect(() => stopper.update(3, { devLoss: 1 }, { params: {} })).toThrow(/no 'devF1' among the metrics \(devLoss\)/);
    expect(() => stopper.restore({ params: {} })).toThrow(/restoreBest: false/);
  });
});
