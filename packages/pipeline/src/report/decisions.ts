import type { Diagnosis, Focus } from '@mlrecipe/diagnostics';

const NAMES: Readonly<Record<Focus, string>> = {
  'avoidable-bias': 'avoidable bias',
  variance: 'variance',
  'data-mismatch': 'data mismatch',
  'dev-overfit': 'dev overfitting',
};
const SET_NAMES = { train: 'train', trainDev: 'train-dev', dev: 'dev', test: 'test' } as const;

/** A rate as a percentage, or an error in its unit. */
export const formatError = (value: number, percent: boolean) =>
  percent ? `${(100 * value).toFixed(2)} %` : value.toPrecision(4);

/** "17.9 to 28.5 %": an interval in the report's units (words, not a dash: bounds may be negative). */
export function formatInterval(low: number, high: number, percent: boolean): string {
  return percent
    ? `${(100 * low).toFixed(1)} to ${(100 * high).toFixed(1)} %`
    : `${low.toPrecision(3)} to ${high.toPrecision(3)}`;
}

/**
 * Which of the diagnosis' statements the data support, in words: each gap with its interval (real,
 * or possibly zero), whether the focus can be told from the runner-up, and which set to enlarge.
 */
export function supportedDecisions(d: Diagnosis, percent: boolean): string[] {
  const out: string[] = [];
  const level = `${Math.round(100 * d.confidence)} %`;
  if (d.uncertainty === 'unknown') {
    out.push('The sizes of the sets are unknown, so how sure these gaps are is unknown too; pass counts to know.');
  }
  for (const [focus, gap] of Object.entries(d.gaps) as [Focus, NonNullable<Diagnosis['gaps'][Focus]>][]) {
    if (gap.low === null || gap.high === null) continue;
    const range = formatInterval(gap.low, gap.high, percent);
    out.push(
      gap.low > 0
        ? `${NAMES[focus]} ${formatError(gap.value, percent)} (${level} CI ${range}): the data show it is real.`
        : `${NAMES[focus]} ${formatError(gap.value, percent)} (${level} CI ${range}): could be zero; the data do not show it.`,
    );
  }
  if (d.focus === 'none') out.push('No gap stands out: the data support no single next step.');
  else if (d.tiedWith.length > 0) {
    out.push(
      `The data cannot tell ${NAMES[d.focus]} from ${d.tiedWith.map((f) => NAMES[f]).join(' or ')}: treat the choice of focus as open.`,
    );
  } else if (d.uncertainty !== 'unknown') {
    out.push(`The data support working on ${NAMES[d.focus]} first.`);
  }
  for (const e of d.enlarge) {
    out.push(
      `Enlarge ${SET_NAMES[e.split]} from ${e.from.toLocaleString('en')} to about ${e.to.toLocaleString('en')} examples to resolve it.`,
    );
  }
  return out;
}
