import { DiagnosticsError } from './errors.js';
import { percent, rate } from './rates.js';

/** A misclassified dev example someone reviewed, with the categories it falls in (several allowed). */
export interface ReviewedExample {
  readonly id?: string | number;
  readonly tags: readonly string[];
}

/**
 * One category of reviewed errors: its tag, how many errors carry it, its share, and the error ceiling if all were fixed.
 */
export interface ErrorAnalysisRow {
  readonly tag: string;
  readonly count: number;
  /** The share of reviewed errors with this tag. */
  readonly share: number;
  /** The error rate if every error of this category were fixed: the most fixing it can gain. */
  readonly ceiling: number;
}

/** The result of `errorAnalysis`: the error rate, how many errors were reviewed, one row per tag, and renderings. */
export interface ErrorAnalysis {
  readonly errorRate: number;
  readonly reviewed: number;
  /** Tags, most frequent first. */
  readonly rows: readonly ErrorAnalysisRow[];
  /** The rows as a Markdown table. */
  toMarkdown(): string;
  /** The rows as an HTML table. */
  toHTML(): string;
}

/**
 * Manual error analysis, counted: for each category of reviewed dev errors, its share of the errors
 * and the ceiling on what fixing it could give (errorRate × (1 − share)). With 10 % error and 5 of
 * 100 errors being dogs, working on dogs can at best reach 9.5 %: a poor use of months.
 *
 * @example
 * errorAnalysis(reviewed, { errorRate: 0.1 }).toMarkdown();
 */
export function errorAnalysis<T extends ReviewedExample | object>(
  examples: readonly T[],
  options: { errorRate: number; tagger?: (example: T) => readonly string[] },
): ErrorAnalysis {
  const errorRate = rate(options?.errorRate, 'errorRate', 'errorAnalysis');
  if (!Array.isArray(examples) || examples.length === 0) {
    throw new DiagnosticsError(
      'errorAnalysis: no examples; review some misclassified dev examples (about 100) and tag them',
    );
  }
  const counts = new Map<string, number>();
  examples.forEach((example, i) => {
    const tags = options.tagger ? options.tagger(example) : (example as ReviewedExample).tags;
    if (!Array.isArray(tags))
      throw new DiagnosticsError(`errorAnalysis: example ${i} has no tags array (and no tagger was given)`);
    for (const tag of new Set(tags)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  });
  const n = examples.length;
  const rows = [...counts.entries()]
    .map(([tag, count]) => ({ tag, count, share: count / n, ceiling: errorRate * (1 - count / n) }))
    .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
  const escapeHtml = (s: string) =>
    s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  return {
    errorRate,
    reviewed: n,
    rows,
    toMarkdown: () =>
      [
        `Error analysis of ${n} reviewed dev errors (dev error ${percent(errorRate)}); tags may overlap.`,
        '',
        '| category | errors | share of errors | error if all fixed |',
        '|---|---:|---:|---:|',
        ...rows.map((r) => `| ${r.tag} | ${r.count} | ${percent(r.share)} | ${percent(r.ceiling)} |`),
        '',
      ].join('\n'),
    toHTML: () =>
      `<table class="error-analysis"><caption>Error analysis of ${n} reviewed dev errors (dev error ${percent(errorRate)})</caption>` +
      '<thead><tr><th>category</th><th>errors</th><th>share of errors</th><th>error if all fixed</th></tr></thead><tbody>' +
      rows
        .map(
          (r) =>
            `<tr><td>${escapeHtml(r.tag)}</td><td>${r.count}</td><td>${percent(r.share)}</td>` +
            `<td><span class="bar" style="display:inline-block;width:${(100 * r.share).toFixed(1)}px;height:0.8em;background:#4a7"></span> ${percent(r.ceiling)}</td></tr>`,
        )
        .join('') +
      '</tbody></table>',
  };
}

/**
 * The result of `labelNoiseAnalysis`: how much of the dev error comes from incorrect labels, and whether fixing them is worth it.
 */
export interface LabelNoiseAnalysis {
  /** The part of dev error due to incorrect labels. */
  readonly errorFromLabels: number;
  /** The rest: what the model really gets wrong. */
  readonly otherErrors: number;
  readonly shareOfErrors: number;
  /** Fixing labels is worth it when they are a large share (≥ 20 %) of the errors. */
  readonly worthFixing: boolean;
  readonly advice: readonly string[];
}

/**
 * How much of the dev error incorrect labels explain. 10 % error with 6 % of errors mislabelled:
 * 0.6 % of the 10 %, not the priority. 2 % error with 0.6 % from labels: 30 % of the errors, worth it.
 */
export function labelNoiseAnalysis({
  devErrorRate,
  mislabeledShareOfErrors,
}: {
  devErrorRate: number;
  mislabeledShareOfErrors: number;
}): LabelNoiseAnalysis {
  const error = rate(devErrorRate, 'devErrorRate', 'labelNoiseAnalysis');
  const share = rate(mislabeledShareOfErrors, 'mislabeledShareOfErrors', 'labelNoiseAnalysis');
  const errorFromLabels = error * share;
  const worthFixing = share >= 0.2;
  return {
    errorFromLabels,
    otherErrors: error - errorFromLabels,
    shareOfErrors: share,
    worthFixing,
    advice: [
      worthFixing
        ? `Incorrect labels explain ${percent(errorFromLabels)} of the ${percent(error)} dev error (${percent(share)} of errors): fixing them is worth it, and the dev set can no longer tell models apart without it.`
        : `Incorrect labels explain only ${percent(errorFromLabels)} of the ${percent(error)} dev error (${percent(share)} of errors): not the priority; the other ${percent(error - errorFromLabels)} matter more.`,
      'Apply the same correction process to dev and test, so they keep coming from the same distribution.',
      'Look at examples the model got right as well as wrong: some of those labels are wrong too.',
      'Training labels may stay a little noisy when the errors are random; systematic errors (always the same wrong label) are not OK.',
    ],
  };
}
