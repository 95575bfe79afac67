// The cross-validation part of a report, as data (tables and statements) that the renderers draw
// like any other table: kept in its own file so that the report's sections can be reorganised
// around it without touching what it says.
import type { CrossValidation } from '../cross_validation/cross_validate.js';
import { formatError, formatInterval } from './decisions.js';

/** A report table: a title, a header and rows of cells. */
interface SectionTable {
  readonly title: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/**
 * The cross-validation section: a table of every quantity's mean ± sd with its interval and the
 * per-fold values, a table of the folds (sizes, errors and each fold's diagnosis), and statements for
 * "What the data support" (the pooled error with its interval, the pooled diagnosis' focus).
 */
export function crossValidationSection(cv: CrossValidation): { tables: SectionTable[]; decisions: string[] } {
  const percent = cv.task !== 'regression';
  const level = `${Math.round(100 * cv.confidence)} %`;
  const k = cv.folds.length;
  const isError = (name: string) => name === 'testError' || name === 'trainError';
  const show = (name: string, v: number) => (isError(name) ? formatError(v, percent) : v.toFixed(4));
  const summaryRows = Object.entries(cv.summary).map(([name, s]) => [
    name,
    `${show(name, s.mean)} ± ${show(name, s.sd)}`,
    isError(name) ? formatInterval(s.low, s.high, percent) : `${s.low.toFixed(4)} to ${s.high.toFixed(4)}`,
    s.perFold.map((v) => show(name, v)).join(', '),
  ]);
  const foldRows = cv.folds.map((f) => [
    String(f.fold),
    String(f.trainRows),
    String(f.testRows),
    formatError(f.train.error, percent),
    formatError(f.test.error, percent),
    f.diagnosis ? `${f.diagnosis.focus}: ${f.diagnosis.summary}` : '',
  ]);
  const decisions: string[] = [];
  const p = cv.pooledTestError;
  if (p)
    decisions.push(
      `Cross-validated error ${formatError(p.error, true)} (${p.errors} of ${p.rows} held-out rows over ${k} folds; ${level} CI ${formatInterval(p.low, p.high, true)}).`,
    );
  const t = cv.summary.testError;
  if (t)
    decisions.push(
      `Test error over ${k} folds: ${formatError(t.mean, percent)} ± ${formatError(t.sd, percent)} (sd); the mean's ${level} interval ${formatInterval(t.low, t.high, percent)} (corrected resampled t: the folds share training rows).`,
    );
  if (cv.diagnosis) decisions.push(`Pooled over the folds: ${cv.diagnosis.summary}`);
  return {
    tables: [
      {
        title: `Cross-validation (${k} folds)`,
        head: ['quantity', 'mean ± sd', `${level} interval of the mean`, 'per fold'],
        rows: summaryRows,
      },
      {
        title: 'Cross-validation folds',
        head: ['fold', 'train rows', 'test rows', 'train error', 'test error', 'diagnosis'],
        rows: foldRows,
      },
    ],
    decisions,
  };
}
