import { expect, it } from 'vitest';
import { choice, coarseToFine, intUniform, logUniform, type ParamsOf, randomSearch } from '../src/index.js';

// Type-level and run-time: the objective's params carry the space's value types (typecheck runs
// over this file, so a regression to `unknown` fails `pnpm typecheck`).
it("types the objective's params by the space, and the trials' params too", async () => {
  const space = { learningRate: logUniform(1e-4, 1), units: intUniform(8, 64), act: choice(['relu', 'tanh']) };
  const seen: ParamsOf<typeof space>[] = [];
  const result = await randomSearch({
    space,
    objective: (params) => {
      seen.push(params);
      // @ts-expect-error: a name the space does not have
      void params.momentum;
      const scale: number = params.learningRate * params.units;
      const act: string = params.act;
      return { devError: scale + act.length };
    },
    optimize: { metric: 'devError', goal: 'min' },
    trials: 5,
    seed: 3,
  });
  expect(seen).toHaveLength(5);
  for (const p of seen) {
    expect(typeof p.learningRate).toBe('number');
    expect(Number.isInteger(p.units)).toBe(true);
    expect(['relu', 'tanh']).toContain(p.act);
  }
  const best = result.best;
  if (best === null) throw new Error('no constraint here: a best trial exists');
  const bestUnits: number = best.params.units;
  expect(best.metrics.devError).toBe(Math.min(...result.trials.map((t) => t.metrics.devError!)));
  expect(result.trials.map((t) => t.params.units)).toContain(bestUnits);
  const fine = await coarseToFine({
    space,
    objective: (params) => ({ devError: params.learningRate }),
    optimize: { metric: 'devError', goal: 'min' },
    trials: 4,
    rounds: 1,
    seed: 3,
  });
  const narrowed = fine.spaces[1];
  expect(narrowed?.learningRate.kind).toBe('logUniform');
});
