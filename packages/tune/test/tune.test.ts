import { createRng } from '@mlrecipe/tensor/rng';
import { describe, expect, it } from 'vitest';
import {
  choice,
  coarseToFine,
  intUniform,
  logUniform,
  oneMinusLogUniform,
  randomSearch,
  sampleSpace,
  TuneError,
  uniform,
} from '../src/index.js';

const draws = (dim: { sample: (r: ReturnType<typeof createRng>) => number }, n = 20_000, seed = 1) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => dim.sample(rng));
};

describe('search spaces sample on the right scale', () => {
  it('logUniform(1e-4, 1) gives each decade a quarter of the samples', () => {
    const values = draws(logUniform(1e-4, 1));
    for (const [lo, hi] of [
      [1e-4, 1e-3],
      [1e-3, 1e-2],
      [1e-2, 1e-1],
      [1e-1, 1],
    ]) {
      const share = values.filter((v) => v >= lo! && v < hi!).length / values.length;
      expect(Math.abs(share - 0.25)).toBeLessThan(0.015); // sd ≈ 0.003
    }
  });

  it('oneMinusLogUniform(0.9, 0.999) puts half the β samples above 0.99', () => {
    const values = draws(oneMinusLogUniform(0.9, 0.999));
    const share = values.filter((v) => v > 0.99).length / values.length;
    expect(Math.abs(share - 0.5)).toBeLessThan(0.015);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0.9);
    expect(Math.max(...values)).toBeLessThanOrEqual(0.999);
  });

  it('uniform, intUniform and choice cover their ranges evenly and are seeded', () => {
    const ints = draws(intUniform(1, 4));
    for (let k = 1; k <= 4; k++)
      expect(Math.abs(ints.filter((v) => v === k).length / ints.length - 0.25)).toBeLessThan(0.015);
    const u = draws(uniform(-2, 2));
    expect(Math.abs(u.reduce((s, v) => s + v, 0) / u.length)).toBeLessThan(0.05);
    const space = { lr: logUniform(1e-4, 1), act: choice(['relu', 'tanh']) };
    expect(sampleSpace(space, createRng(3))).toEqual(sampleSpace(space, createRng(3)));
  });

  it('rejects empty spaces and impossible bounds', () => {
    expect(() => logUniform(0, 1)).toThrow(/must be positive/);
    expect(() => uniform(1, 1)).toThrow(/low < high/);
    expect(() => oneMinusLogUniform(0.9, 1)).toThrow(/below 1/);
    expect(() => choice([])).toThrow(TuneError);
    expect(() => sampleSpace({}, createRng(1))).toThrow(/search space is empty/);
  });
});

// A noisy-free objective with a known optimum: dev error lowest at lr = 1e-2, units = 64.
const objective = (p: Readonly<Record<string, unknown>>) => {
  const lr = p.lr as number;
  const units = p.units as number;
  return { devError: 0.1 + (Math.log10(lr) + 2) ** 2 * 0.02 + ((units - 64) / 64) ** 2 * 0.01, runtimeMs: units * 2 };
};

describe('random search and coarse to fine', () => {
  it('finds a configuration near the optimum and applies satisficing constraints', async () => {
    const seen: number[] = [];
    const result = await randomSearch({
      space: { lr: logUniform(1e-5, 1), units: intUniform(8, 256) },
      objective,
      trials: 60,
      seed: 7,
      optimize: { metric: 'devError', goal: 'min' },
      satisfice: [{ metric: 'runtimeMs', max: 300 }],
      onTrial: (_, done) => seen.push(done),
    });
    expect(seen).toHaveLength(60);
    expect(result.best).not.toBeNull();
    expect(result.best!.metrics.runtimeMs).toBeLessThanOrEqual(300);
    expect(Math.abs(Math.log10(result.best!.params.lr as number) + 2)).toBeLessThan(0.5);
    expect(result.selection.rejected.every((r) => r.reasons[0]!.startsWith('runtimeMs'))).toBe(true);
  });

  it('narrows the space around the best trials and does at least as well', async () => {
    const options = {
      space: { lr: logUniform(1e-5, 1), units: intUniform(8, 256) },
      objective,
      trials: 20,
      seed: 3,
      optimize: { metric: 'devError', goal: 'min' as const },
    };
    const coarse = await randomSearch(options);
    const fine = await coarseToFine({ ...options, rounds: 2, keep: 3 });
    expect(fine.trials).toHaveLength(60);
    expect(fine.spaces).toHaveLength(3);
    expect(fine.spaces[2]!.lr!.describe()).not.toBe('logUniform(0.00001, 1)');
    expect(fine.best!.metrics.devError!).toBeLessThanOrEqual(coarse.best!.metrics.devError!);
  });
});

describe('babysitting one model (panda)', () => {
  it('lets the watcher see each epoch, lower the learning rate and stop a trial', async () => {
    const { inProcess } = await import('../src/index.js');
    const seen: string[] = [];
    const result = await randomSearch({
      space: { units: intUniform(8, 16) },
      trials: 2,
      seed: 1,
      optimize: { metric: 'devError', goal: 'min' },
      executor: inProcess(
        async (_, trial) => {
          let learningRate = 0.1;
          let epoch = 0;
          while (!trial.stopped && epoch < 10) {
            epoch++;
            trial.report(epoch, { devError: 1 / epoch, learningRate });
            learningRate = trial.learningRate ?? learningRate;
          }
          return { devError: 1 / epoch, epochs: epoch, learningRate };
        },
        {
          watch: (id, epoch, metrics) => {
            seen.push(`${id}:${epoch}`);
            if (id === 0 && epoch === 3) return { learningRate: metrics.learningRate! / 10 };
            if (id === 1 && epoch === 2) return 'stop';
            return 'continue';
          },
        },
      ),
    });
    expect(result.trials[0]!.metrics).toEqual({ devError: 0.1, epochs: 10, learningRate: 0.01 });
    expect(result.trials[1]!.metrics.epochs).toBe(2);
    expect(seen.filter((s) => s.startsWith('1:'))).toEqual(['1:1', '1:2']);
  });
});
