import { SplitError } from './errors.js';
import { optionsObject, shown } from './validate.js';

/**
 * The smallest dev set that can tell apart two models whose error rates differ by `difference`.
 * Two bounds, the larger wins: one example must be worth less than the difference (m ≥ 1/Δ: a
 * 100-example dev set moves in steps of 1 % and cannot show 0.1 %), and the difference must exceed
 * `z` standard errors of the difference of two error rates near `errorRate`: m ≥ 2·p(1−p)·(z/Δ)².
 *
 * @example
 * minDevSize(0.001, { errorRate: 0.05 }); // 364,952 examples for a 0.1 % difference at 5 % error
 */
export function minDevSize(difference: number, devOptions?: { errorRate?: number; z?: number }): number {
  const { errorRate = 0.1, z = 1.96 } = optionsObject(devOptions, 'minDevSize');
  if (!(difference > 0 && difference < 1)) {
    throw new SplitError(`minDevSize: difference must be in (0, 1), e.g. 0.001 for 0.1 %, got ${difference}`);
  }
  if (!(errorRate > 0 && errorRate < 1))
    throw new SplitError(`minDevSize: errorRate must be in (0, 1), got ${errorRate}`);
  if (!(typeof z === 'number' && Number.isFinite(z) && z > 0))
    throw new SplitError(`minDevSize: z must be a positive finite number, got ${shown(z)}`);
  const granularity = Math.ceil(1 / difference - 1e-9);
  // The relative slack keeps exact products (691,488.0000001 from rounding) from rounding up.
  const statistical = Math.ceil(2 * errorRate * (1 - errorRate) * (z / difference) ** 2 * (1 - 1e-12));
  return Math.max(granularity, statistical);
}
