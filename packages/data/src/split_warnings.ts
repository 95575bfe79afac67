import { MlrecipeWarning, warn } from '@mlrecipe/core';
import { type DevSizeOptions, devSizeFor } from './dev_size_for.js';
import { minDevSize } from './min_dev_size.js';

/**
 * The difference a dev set must resolve: a number (a difference in error rate, checked with
 * `minDevSize` at 10 % error and 95 % confidence) or the two error rates with confidence and power
 * (checked with `devSizeFor`).
 */
export type DetectDifference = number | DevSizeOptions;

/**
 * Sends each of a split's warnings through `@mlrecipe/core`'s channel and returns them, so the
 * result that carries the advice holds the very objects a listener or `captureWarnings` sees.
 */
export function emitted(warnings: MlrecipeWarning[]): MlrecipeWarning[] {
  for (const w of warnings) warn(w);
  return warnings;
}

/** The recipe's warnings about dev and test sizes (`SPLIT_TOO_SMALL`), not yet emitted. */
export function splitWarnings(
  sizes: { dev: number; test: number },
  detectDifference?: DetectDifference,
): MlrecipeWarning[] {
  const warnings: MlrecipeWarning[] = [];
  const tooSmall = (message: string, details: Record<string, unknown>) =>
    warnings.push(new MlrecipeWarning('SPLIT_TOO_SMALL', message, details));
  for (const name of ['dev', 'test'] as const) {
    const m = sizes[name];
    if (m === 0) continue;
    if (m < 100) {
      tooSmall(
        `the ${name} set has ${m} examples: one example is ${(100 / m).toFixed(1)} % of it, so it cannot tell apart models closer than that`,
        { split: name, size: m, needed: 100 },
      );
    }
    if (typeof detectDifference === 'number') {
      const needed = minDevSize(detectDifference);
      if (m < needed) {
        tooSmall(
          `the ${name} set has ${m} examples but telling apart a ${(100 * detectDifference).toPrecision(2)} % difference in error ` +
            `needs about ${needed.toLocaleString('en')} (at 10 % error, 95 % confidence; see minDevSize)`,
          { split: name, size: m, needed },
        );
      }
    } else if (detectDifference !== undefined) {
      const needed = devSizeFor(detectDifference);
      if (m < needed) {
        const { baseline, difference, confidence = 0.95, power = 0.8 } = detectDifference;
        const pct = (v: number) => `${Number((100 * v).toPrecision(3))} %`;
        tooSmall(
          `the ${name} set has ${m.toLocaleString('en')} examples but telling apart error rates of ${pct(baseline)} and ` +
            `${pct(baseline - difference)} (a ${pct(difference)} difference) with ${pct(confidence)} confidence and ${pct(power)} power ` +
            `needs about ${needed.toLocaleString('en')} (devSizeFor); a smaller difference will look like noise`,
          { split: name, size: m, needed },
        );
      }
    }
  }
  return warnings;
}

/**
 * Warnings when rows come from several distributions ("domains", e.g. 'web' and 'app') but dev and
 * test were drawn without regard to them: dev/test should come from the target only
 * (`SPLIT_MIXED_DISTRIBUTIONS`), and dev and test from the same distribution (`DEV_TEST_MISMATCH`).
 */
export function domainWarnings(
  domains: ArrayLike<number | string>,
  dev: Uint32Array,
  test: Uint32Array,
): MlrecipeWarning[] {
  const distinct = new Set<number | string>();
  for (let i = 0; i < domains.length; i++) distinct.add(domains[i]!);
  if (distinct.size < 2) return [];
  const share = (rows: Uint32Array) => {
    const counts = new Map<number | string, number>();
    for (const r of rows) counts.set(domains[r]!, (counts.get(domains[r]!) ?? 0) + 1);
    return counts;
  };
  const warnings = [
    new MlrecipeWarning(
      'SPLIT_MIXED_DISTRIBUTIONS',
      `rows come from ${distinct.size} distributions (${[...distinct].join(', ')}) and dev/test were drawn from all of them; ` +
        'the recipe draws dev and test only from the distribution you care about: use mismatchSplit',
      { domains: [...distinct] },
    ),
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
        new MlrecipeWarning(
          'DEV_TEST_MISMATCH',
          `dev and test come from different distributions: '${d}' is ${(100 * p).toFixed(1)} % of dev but ${(100 * q).toFixed(1)} % of test; ` +
            'aim (dev) and judge (test) on the same target',
          { domain: d, devShare: p, testShare: q },
        ),
      );
    }
  }
  return warnings;
}
