// A study's figures as console lines, a report table and the decisions the data support.
import type { StudyResult } from './studies.js';

/** How a study's errors read: percentages (error rates) or a unit (regression). */
export interface Wording {
  readonly percent: boolean;
  readonly unit?: string;
}

/** The console lines, the report table and the decision statements of one study. */
export function describeStudy(study: StudyResult, wording: Wording) {
  const show = (v: number) =>
    wording.percent ? `${(100 * v).toFixed(1)} %` : `${v.toFixed(1)}${wording.unit ? ` ${wording.unit}` : ''}`;
  const range = (low: number, high: number) =>
    wording.percent
      ? `[${(100 * low).toFixed(1)}, ${(100 * high).toFixed(1)}]`
      : `[${low.toFixed(1)}, ${high.toFixed(1)}]`;
  const rows = study.candidates.map((c) => [
    c.name,
    `${show(c.outOfFold.value)} ${range(c.outOfFold.low, c.outOfFold.high)}`,
    `${show(c.foldMean)} ± ${wording.percent ? (100 * c.foldSd).toFixed(1) : c.foldSd.toFixed(1)}`,
    show(c.trainError),
  ]);
  const { comparison: m } = study;
  const choice = `${study.table}: ${study.chosen} has the lower out-of-fold error, by ${show(m.difference)} ${range(m.low, m.high)} over ${study.runnerUp} on the same rows — ${m.decided ? 'the data support the choice' : 'the data cannot tell the two apart'}.`;
  const diagnosis = `${study.table}, diagnosis of ${study.chosen}: ${study.diagnosis.summary}`;
  const lines = [
    `${'model'.padEnd(22)}${'out-of-fold error [95 %]'.padEnd(30)}${'folds mean ± sd'.padEnd(20)}train`,
    ...rows.map((r) => `${r[0]!.padEnd(22)}${r[1]!.padEnd(30)}${r[2]!.padEnd(20)}${r[3]}`),
    choice,
    diagnosis,
  ];
  return {
    lines,
    table: {
      title: `${study.table}: cross-validated errors (95 % intervals)`,
      head: ['model', 'out-of-fold error', 'held-out folds, mean ± sd', 'train'],
      rows,
    },
    decisions: [choice, diagnosis],
  };
}
