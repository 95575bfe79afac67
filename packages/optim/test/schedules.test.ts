import { describe, expect, it } from 'vitest';
import {
  constant,
  cosineDecay,
  epochSchedule,
  ewa,
  exponentialDecay,
  inverseSqrtEpochDecay,
  inverseSqrtStepDecay,
  inverseTimeDecay,
  isEpochSchedule,
  isStepSchedule,
  manual,
  OptimError,
  perStep,
  scaleByLearningRate,
  sgd,
  staircase,
  stepSchedule,
  warmup,
} from '../src/index.js';

describe('learning-rate schedules match their formulas', () => {
  it('inverse time decay: the course’s example α₀ = 0.2, decay 1 gives 0.1, 0.067, 0.05, 0.04', () => {
    const s = inverseTimeDecay({ initial: 0.2, decayRate: 1 });
    expect([1, 2, 3, 4].map(s)).toEqual([0.1, 0.2 / 3, 0.05, 0.04]);
  });

  it('exponential, 1/√epoch and 1/√t decays', () => {
    expect(exponentialDecay({ initial: 0.1 })(3)).toBeCloseTo(0.95 ** 3 * 0.1, 15);
    expect(exponentialDecay({ initial: 0.1, base: 0.5 })(1)).toBe(0.05);
    expect(inverseSqrtEpochDecay({ initial: 0.1, k: 2 })(4)).toBe(0.1);
    expect(inverseSqrtStepDecay({ initial: 0.3, k: 1 })(9)).toBeCloseTo(0.1, 15);
  });

  it('staircase, constant, manual, warm-up and cosine decay', () => {
    const stairs = staircase({ boundaries: [10, 20], values: [0.1, 0.01, 0.001] });
    expect([1, 10, 11, 20, 21, 1000].map(stairs)).toEqual([0.1, 0.1, 0.01, 0.01, 0.001, 0.001]);
    expect(constant(0.3)(7)).toBe(0.3);
    const hand = manual(0.1);
    expect(hand(5)).toBe(0.1);
    hand.set(0.02);
    expect([hand(6), hand.value]).toEqual([0.02, 0.02]);
    const warm = warmup({ steps: 4, schedule: constant(0.8) });
    expect([1, 2, 4, 5, 100].map(warm)).toEqual([0.2, 0.4, 0.8, 0.8, 0.8]);
    const cosine = cosineDecay({ initial: 1, steps: 100, alpha: 0.1 });
    expect(cosine(50)).toBeCloseTo(0.1 + 0.9 * 0.5, 15); // cos(π/2) = 0
    expect(cosine(100)).toBeCloseTo(0.1, 15);
    expect(cosine(500)).toBeCloseTo(0.1, 15);
  });

  it('count epochs and steps from 1, as the course writes them, and say so when given 0', () => {
    expect(() => inverseTimeDecay({ initial: 0.2, decayRate: 1 })(0)).toThrow(
      /counts from 1 \(the first epoch is 1\), got 0/,
    );
    expect(() => inverseSqrtStepDecay({ initial: 0.1, k: 1 })(0)).toThrow(OptimError);
    expect(() => staircase({ boundaries: [10], values: [0.1] })).toThrow(/one more value than boundaries/);
    expect(() => manual(0.1).set(-1)).toThrow(OptimError);
    expect(() => exponentialDecay({ initial: 0.1, base: 1.5 })).toThrow(/base must be in \(0, 1\]/);
  });
});

describe('ewa', () => {
  it('averages as v_t = βv + (1 − β)θ and removes the start-up bias when asked', () => {
    const plain = ewa(0.9);
    const corrected = ewa(0.9, { biasCorrection: true });
    expect(plain.update(40)).toBeCloseTo(4, 12); // 0.1·40
    expect(corrected.update(40)).toBeCloseTo(40, 12); // 4 / (1 − 0.9)
    expect(plain.update(50)).toBeCloseTo(0.9 * 4 + 5, 12); // 8.6
    expect(corrected.update(50)).toBeCloseTo(8.6 / (1 - 0.81), 12); // 45.26…
    expect(corrected.value).toBeCloseTo(8.6 / (1 - 0.81), 12);
    expect(plain.count).toBe(2);
    expect(() => ewa(1)).toThrow(OptimError);
  });
});

describe('step and epoch schedules are different kinds', () => {
  it('perStep reads an epoch schedule at ⌈t / batchesPerEpoch⌉: the rate changes only at epoch boundaries', () => {
    const decay = inverseTimeDecay({ initial: 0.2, decayRate: 1 });
    const steps = perStep(decay, { batchesPerEpoch: 3 });
    expect([1, 2, 3, 4, 6, 7].map(steps)).toEqual([0.1, 0.1, 0.1, 0.2 / 3, 0.2 / 3, 0.05]);
    expect(isStepSchedule(steps)).toBe(true);
    expect(isEpochSchedule(steps)).toBe(false);
  });

  it('an epoch schedule given to scaleByLearningRate is a typed error that names the fix', () => {
    const decay = inverseTimeDecay({ initial: 0.2, decayRate: 1 });
    // @ts-expect-error an epoch schedule where steps are counted is a type error too
    expect(() => scaleByLearningRate(decay)).toThrow(/counts epochs.*perStep\(schedule, \{ batchesPerEpoch \}\)/);
    // @ts-expect-error an untagged function is not a schedule
    expect(() => sgd({ learningRate: (t: number) => 0.1 / t })).toThrow(/stepSchedule\(fn\)/);
    // @ts-expect-error perStep takes an epoch schedule only
    expect(() => perStep(cosineDecay({ initial: 1, steps: 10 }), { batchesPerEpoch: 2 })).toThrow(OptimError);
    expect(() => perStep(decay, { batchesPerEpoch: 0 })).toThrow(/batchesPerEpoch counts from 1/);
  });

  it('constant and manual schedules are both kinds; staircase counts steps unless told epochs', () => {
    expect(isStepSchedule(constant(0.1)) && isEpochSchedule(constant(0.1))).toBe(true);
    expect(isStepSchedule(manual(0.1)) && isEpochSchedule(manual(0.1))).toBe(true);
    const byEpoch = staircase({ boundaries: [2], values: [0.1, 0.01], counts: 'epoch' });
    expect(isEpochSchedule(byEpoch) && !isStepSchedule(byEpoch)).toBe(true);
    expect(byEpoch(3)).toBe(0.01);
    expect(isStepSchedule(epochSchedule((e) => e))).toBe(false);
    expect(stepSchedule((t) => 2 * t)(3)).toBe(6);
  });
});
