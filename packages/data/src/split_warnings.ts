import { type DevSizeOptions, devSizeFor } from './dev_size_for.js';
import { minDevSize } from './min_dev_size.js';

/**
 * The difference a dev set must resolve: a number (a difference in error rate, checked with
 * `minDevSize` at 10 % error and 95 % confidence) or the two error rates with confidence and power
 * (checked with `devSizeFor`).
 */
export type DetectDifference = number | DevSizeOptions;

/** The recipe's warnings about dev and test sizes. */
export function splitWarnings(sizes: { dev: number; test: number }, detectDifference?: DetectDifference): string[] {
  const warnings: string[] = [];
  for (const name of ['dev', 'test'] as const) {
    const m = sizes[name];
    if (m === 0) continue;
    if (m < 100) {
      warnings.push(
        `the ${name} set has ${m} examples: one example is ${(100 / m).toFixed(1)} % of it, so it cannot tell apart models closer than that`,
      );
    }
    if (typeof detectDifference === 'number') {
      const needed = minDevSize(detectDifference);
      if (m < needed) {
        warnings.push(
          `the ${name} set has ${m} examples but telling apart a ${(100 * detectDifference).toPrecision(2)} % difference in error ` +
            `needs about ${needed.toLocaleString('en')} (at 10 % error, 95 % confidence; see minDevSize)`,
        );
      }
    } else if (detectDifference !== undefined) {
      const needed = devSizeFor(detectDifference);
      if (m < needed) {
        const { baseline, difference, confidence = 0.95, power = 0.8 } = detectDifference;
        const pct = (v: number) => `${Number((100 * v).toPrecision(3))} %`;
        warnings.push(
          `the ${name} set has ${m.toLocaleString('en')} examples but telling apart error rates of ${pct(baseline)} and ` +
            `${pct(baseline - difference)} (a ${pct(difference)} difference) with ${pct(confidence)} confidence and ${pct(power)} power ` +
            `needs about ${needed.toLocaleString('en')} (devSizeFor); a smaller difference will look like noise`,
        );
      }
    }
  }
  return warnings;
}

/**
 * Warnings when rows come from several distributions ("domains", e.g. 'web' and 'app') but dev and
 * test were drawn without regard to them: dev/test should come from the target only, and dev and
 * test from the same distribution.
 */
export function domainWarnings(domains: ArrayLike<number | string>, dev: Uint32Array, test: Uint32Array): string[] {
  const distinct = new Set<number | string>();
  for (let i = 0; i < domains.length; i++) distinct.add(domains[i]!);
  if (distinct.size < 2) return [];
  const share = (rows: Uint32Array) => {
    const counts = new Map<number | string, number>();
    for (const r of rows) counts.set(domains[r]!, (counts.get(domains[r]!) ?? 0) + 1);
    return counts;
  };
  const warnings = [
    `rows come from ${distinct.size} distributions (${[...distinct].join(', ')}) and dev/test were drawn from all of them; ` +
      'the recipe draws dev and test only from the distribution you care about: use mismatchSplit',
  ];
  const devShare = share(dev);
  const testShare = share(test);
  for (const d of distinct) {
    const p = (devShare.get(d) ?? 0) / Math.max(dev.length, 1);
    const q = (testShare.get(d) ?? 0) / Math.max(test.length, 1);
    const pooled = ((devShare.get(d) ?? 0) + (testShare.get(d) ?? 0)) / Math.max(dev.length + test.length, 1);
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / Math.max(dev.length, 1) + 1 / Math.max(test.length, 1)));
    if (Math.abs(p - q) > 3 * se && Math.abs(p - q) > 0.01) {
      warnings.push(
        `dev and test come from different distributions: '${d}' is ${(100 * p).toFixed(1)} % of dev but ${(100 * q).toFixed(1)} % of test; ` +
          'aim (dev) and judge (test) on the same target',
      );
    }
  }
  return warnings;
}
