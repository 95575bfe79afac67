import { binomialCdf } from './beta_function.js';
import { MetricInputError } from './errors.js';
import { optionsObject } from './input.js';
import { normalQuantile } from './normal_distribution.js';

/**
 * McNemar's exact test of two classifiers on the same examples. Only the discordant examples speak:
 * `onlyAWrong` (A wrong, B right) and `onlyBWrong` (A right, B wrong). Under "same error rate" each
 * discordant example is a fair coin, so the two-sided p-value is
 * min(1, 2·P(X ≤ min(b, c))) with X ~ Binomial(b + c, ½) — statsmodels' `mcnemar(table, exact=True)`.
 *
 * @example
 * mcnemarExactPValue(12, 3); // 0.0352…: 15 disagreements split 12 to 3 are unlikely under a tie
 */
export function mcnemarExactPValue(onlyAWrong: number, onlyBWrong: number): number {
  for (const [name, v] of [
    ['onlyAWrong', onlyAWrong],
    ['onlyBWrong', onlyBWrong],
  ] as const) {
    if (!(Number.isInteger(v) && v >= 0)) {
      throw new MetricInputError(
        `mcnemarExactPValue: ${name} must be a whole number of examples ≥ 0, got ${String(v)}`,
      );
    }
  }
  const m = onlyAWrong + onlyBWrong;
  if (m === 0) return 1;
  return Math.min(1, 2 * binomialCdf(Math.min(onlyAWrong, onlyBWrong), m, 0.5));
}

/**
 * About how many examples a paired comparison (McNemar) needs to detect a difference `difference`
 * between two error rates when a share `discordant` of examples has exactly one model wrong:
 * Connor (1987), n = (z_{1−α/2}·√q + z_{power}·√(q − d²))² / d².
 *
 * @example
 * pairedSampleSize({ discordant: 0.1, difference: 0.02 }); // 1,941 examples at 95 % confidence, 80 % power
 */
export function pairedSampleSize(options: {
  readonly discordant: number;
  readonly difference: number;
  readonly confidence?: number;
  readonly power?: number;
}): number {
  if (options === undefined) throw new MetricInputError('pairedSampleSize: pass { discordant, difference }');
  optionsObject(options, 'pairedSampleSize');
  const { discordant: q, confidence = 0.95, power = 0.8 } = options;
  const d = Math.abs(options.difference);
  if (!(d > 0 && d <= q && q <= 1)) {
    throw new MetricInputError(
      `pairedSampleSize: need 0 < |difference| ≤ discordant ≤ 1 (a difference comes from disagreements), got difference ${options.difference}, discordant ${q}`,
    );
  }
  checkProbability(confidence, 'confidence');
  checkProbability(power, 'power');
  const za = normalQuantile(1 - (1 - confidence) / 2);
  const zb = normalQuantile(power);
  const n = Math.ceil(((za * Math.sqrt(q) + zb * Math.sqrt(q - d * d)) / d) ** 2);
  if (!Number.isFinite(n)) {
    throw new MetricInputError(
      `pairedSampleSize: a difference of ${options.difference} needs more examples than a number can hold; no dev set can detect it`,
    );
  }
  return n;
}

function checkProbability(v: number, name: string): void {
  if (!(v > 0 && v < 1)) throw new MetricInputError(`pairedSampleSize: ${name} must be in (0, 1), e.g. 0.95, got ${v}`);
}
