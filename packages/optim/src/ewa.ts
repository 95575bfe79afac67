import { OptimError } from './errors.js';
import { bool, beta as checkBeta, options, shown } from './validate.js';

/** An exponentially weighted average (`ewa`): add values one at a time, read the average. */
export interface Ewa {
  /** Adds θ_t and returns the (bias-corrected, when asked) average v_t. */
  update(value: number): number;
  /** The current average (bias-corrected when asked); 0 before any update. */
  readonly value: number;
  readonly count: number;
}

/**
 * Exponentially weighted average, the course's building block for momentum, RMSProp and Adam:
 * v_t = β·v_{t−1} + (1 − β)·θ_t, averaging over about 1/(1 − β) values. With bias correction,
 * v_t / (1 − β^t), which removes the pull towards the initial v_0 = 0 in the first steps.
 *
 * @example
 * const temperature = ewa(0.9, { biasCorrection: true });
 * temperature.update(40); // 40 (uncorrected: 4)
 */
export function ewa(beta: number, ewaOptions?: { biasCorrection?: boolean }): Ewa {
  checkBeta(beta, 'beta', 'ewa');
  const { biasCorrection } = options(ewaOptions, 'ewa');
  const correct = biasCorrection === undefined ? false : bool(biasCorrection, 'biasCorrection', 'ewa');
  let v = 0;
  let t = 0;
  const current = () => (t === 0 ? 0 : correct ? v / (1 - beta ** t) : v);
  return {
    update(value: number) {
      // A NaN would poison every later average silently.
      if (!(typeof value === 'number' && Number.isFinite(value)))
        throw new OptimError(`ewa.update: value must be a finite number, got ${shown(value)}`);
      t++;
      v = beta * v + (1 - beta) * value;
      return current();
    },
    get value() {
      return current();
    },
    get count() {
      return t;
    },
  };
}
