import { normalCdf, normalQuantile } from '@mlrecipe/metrics';
import { SplitError } from './errors.js';

/** A difference between two error rates a dev (or test) set should resolve. */
export interface DevSizeOptions {
  /** The error rate of the model you have (e.g. 0.05 for 5 %). */
  readonly baseline: number;
  /** The improvement to detect: the other model's error is baseline − difference (e.g. 0.01 for one point). */
  readonly difference: number;
  /** Two-sided confidence, 1 − α. Default 0.95. */
  readonly confidence?: number;
  /** The chance of detecting a real difference of this size. Default 0.8. */
  readonly power?: number;
}

/**
 * How many dev examples tell apart two error rates, `baseline` and `baseline − difference`: the
 * two-proportion sample size on Cohen's effect size h = 2·asin√p₁ − 2·asin√p₂ (arcsine-stabilised
 * variance), the n per set solving Φ(|h|·√(n/2) − z_{1−α/2}) + Φ(−|h|·√(n/2) − z_{1−α/2}) = power
 * (statsmodels' `NormalIndPower().solve_power(proportion_effectsize(p₁, p₂), alpha, power, ratio=1)`),
 * rounded up. Close to 2·((z_{1−α/2} + z_power)/h)².
 *
 * It treats the two error rates as measured on independent sets; comparing two models on the same
 * dev set (McNemar, see `compareModels` in @mlrecipe/metrics) needs fewer examples when their errors
 * overlap, so this is the safe side. The course's point in numbers: at 5 % error, telling apart one
 * point needs about 6,700 examples, a tenth of a point about 740,000.
 *
 * @example
 * devSizeFor({ baseline: 0.05, difference: 0.01 }); // 6,726
 * devSizeFor({ baseline: 0.05, difference: 0.001 }); // 738,556
 */
export function devSizeFor(options: DevSizeOptions): number {
  const caller = 'devSizeFor';
  if (options === null || typeof options !== 'object') {
    throw new SplitError(`${caller}: pass { baseline, difference, confidence?, power? }, got ${String(options)}`);
  }
  const { baseline, difference, confidence = 0.95, power = 0.8 } = options;
  const percentHint = (v: number) =>
    v > 1 && v <= 100 ? ` (it looks like a percentage: pass ${v / 100} for ${v} %)` : '';
  if (!(typeof baseline === 'number' && baseline > 0 && baseline <= 1)) {
    throw new SplitError(
      `${caller}: baseline must be an error rate in (0, 1], e.g. 0.05, got ${String(baseline)}${percentHint(baseline)}`,
    );
  }
  if (!(typeof difference === 'number' && difference > 0 && difference <= baseline)) {
    throw new SplitError(
      `${caller}: difference must be in (0, baseline ${baseline}] (the other model's error is baseline − difference ≥ 0), got ${String(difference)}${percentHint(difference)}`,
    );
  }
  for (const [name, v, example] of [
    ['confidence', confidence, 0.95],
    ['power', power, 0.8],
  ] as const) {
    if (!(typeof v === 'number' && v > 0 && v < 1)) {
      throw new SplitError(`${caller}: ${name} must be in (0, 1), e.g. ${example}, got ${String(v)}${percentHint(v)}`);
    }
  }
  const h = Math.abs(2 * Math.asin(Math.sqrt(baseline)) - 2 * Math.asin(Math.sqrt(baseline - difference)));
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const powerAt = (n: number) => {
    const shift = h * Math.sqrt(n / 2);
    return normalCdf(shift - z) + normalCdf(-shift - z);
  };
  // The one-tail closed form is an upper bound (the far tail only adds power); bisect below it.
  let high = 2 * ((z + normalQuantile(power)) / h) ** 2;
  let low = 0;
  for (let i = 0; i < 200 && high - low > 1e-9 * high; i++) {
    const mid = (low + high) / 2;
    if (powerAt(mid) < power) low = mid;
    else high = mid;
  }
  return Math.max(1, Math.ceil(high - 1e-9));
}
