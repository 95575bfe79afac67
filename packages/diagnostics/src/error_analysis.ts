import { mcnemarExactPValue, pairedSampleSize, rateInterval } from '@mlrecipe/metrics';
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
  /** The share's Wilson interval over the reviewed sample (binomial: count of reviewed). */
  readonly shareInterval: { readonly low: number; readonly high: number };
  /** The ceiling's interval, errorRate × (1 − share) at the share's bounds (the error rate taken as given). */
  readonly ceilingInterval: { readonly low: number; readonly high: number };
}

/** The result of `errorAnalysis`: the error rate, how many errors were reviewed, one row per tag, and renderings. */
export interface ErrorAnalysis {
  readonly errorRate: number;
  readonly reviewed: number;
  /** Tags, most frequent first. */
  readonly rows: readonly ErrorAnalysisRow[];
  readonly confidence: number;
  /** What the sample size allows: whether the top two categories can be told apart, and how many more errors to review if not. */
  readonly notes: readonly string[];
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
 * Shares come from a sample of reviewed errors, so each has a Wilson interval (binomial over the
 * reviewed sample) and so does its ceiling. When the top two categories' intervals overlap, a note
 * says whether the paired count (McNemar's exact test on the errors tagged with only one of the two)
 * still separates them, and if not about how many more errors to review (Connor's paired sample size
 * at the confidence and 80 % power, if the shares stay as they are).
 *
 * @example
 * errorAnalysis(reviewed, { errorRate: 0.1 }).toMarkdown();
 */
export function errorAnalysis<T extends ReviewedExample | object>(
  examples: readonly T[],
  options: { errorRate: number; tagger?: (example: T) => readonly string[]; confidence?: number },
): ErrorAnalysis {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new DiagnosticsError(
      `errorAnalysis: options must be { errorRate, tagger?, confidence? }, got ${JSON.stringify(options)}`,
    );
  }
  const errorRate = rate(options.errorRate, 'errorRate', 'errorAnalysis');
  const confidence = options.confidence === undefined ? 0.95 : options.confidence;
  if (!(typeof confidence === 'number' && confidence > 0 && confidence < 1))
    throw new DiagnosticsError(`errorAnalysis: confidence must be in (0, 1), e.g. 0.95, got ${String(confidence)}`);
  if (!Array.isArray(examples) || examples.length === 0) {
    throw new DiagnosticsError(
      'errorAnalysis: no examples; review some misclassified dev examples (about 100) and tag them',
    );
  }
  const counts = new Map<string, number>();
  const tagSets: Array<ReadonlySet<string>> = [];
  const { tagger } = options;
  if (tagger !== undefined && typeof tagger !== 'function') {
    throw new DiagnosticsError(
      `errorAnalysis: tagger must be a function (example) => tags, got ${JSON.stringify(tagger)}`,
    );
  }
  examples.forEach((example, i) => {
    const tags = tagger ? tagger(example) : (example as ReviewedExample | null)?.tags;
    if (!Array.isArray(tags))
      throw new DiagnosticsError(`errorAnalysis: example ${i} has no tags array (and no tagger was given)`);
    if (tags.some((t) => typeof t !== 'string')) {
      throw new DiagnosticsError(`errorAnalysis: example ${i} has tags ${JSON.stringify(tags)}; tags are strings`);
    }
    const set = new Set(tags);
    tagSets.push(set);
    for (const tag of set) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  });
  const n = examples.length;
  const rows = [...counts.entries()]
    .map(([tag, count]) => {
      const { low, high } = rateInterval(count, n, { confidence });
      return {
        tag,
        count,
        share: count / n,
        ceiling: errorRate * (1 - count / n),
        shareInterval: { low, high },
        ceilingInterval: { low: errorRate * (1 - high), high: errorRate * (1 - low) },
      };
    })
    .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
  const notes = topTwoNote(rows, tagSets, n, confidence);
  const level = `${Math.round(1000 * confidence) / 10} %`;
  const range = (r: { low: number; high: number }) => `${percent(r.low)} – ${percent(r.high)}`;
  const escapeHtml = (s: string) =>
    s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  return {
    errorRate,
    reviewed: n,
    rows,
    confidence,
    notes,
    toMarkdown: () =>
      [
        `Error analysis of ${n} reviewed dev errors (dev error ${percent(errorRate)}); tags may overlap; intervals at ${level} over the reviewed sample.`,
        '',
        '| category | errors | share of errors | error if all fixed | share interval | error-if-fixed interval |',
        '|---|---:|---:|---:|---:|---:|',
        ...rows.map(
          (r) =>
            `| ${r.tag} | ${r.count} | ${percent(r.share)} | ${percent(r.ceiling)} | ${range(r.shareInterval)} | ${range(r.ceilingInterval)} |`,
        ),
        '',
        ...notes.map((note) => `${note}\n`),
      ].join('\n'),
    toHTML: () =>
      `<table class="error-analysis"><caption>Error analysis of ${n} reviewed dev errors (dev error ${percent(errorRate)})</caption>` +
      `<thead><tr><th>category</th><th>errors</th><th>share of errors</th><th>error if all fixed</th><th>share ${level} interval</th><th>error-if-fixed interval</th></tr></thead><tbody>` +
      rows
        .map(
          (r) =>
            // The bar measures the share, in the share's column: longer means more errors. (In the
            // "error if all fixed" column it read backwards: the longer the bar, the lower that error.)
            `<tr><td>${escapeHtml(r.tag)}</td><td>${r.count}</td>` +
            `<td><span class="bar" style="display:inline-block;width:${(100 * r.share).toFixed(1)}px;height:0.8em;background:#4a7"></span> ${percent(r.share)}</td>` +
            `<td>${percent(r.ceiling)}</td>` +
            `<td>${range(r.shareInterval)}</td><td>${range(r.ceilingInterval)}</td></tr>`,
        )
        .join('') +
      '</tbody></table>' +
      notes.map((note) => `<p class="error-analysis-note">${escapeHtml(note)}</p>`).join(''),
  };
}

/** Whether the two most frequent categories can be told apart on this sample, and if not how many more reviews would. */
function topTwoNote(
  rows: readonly ErrorAnalysisRow[],
  tagSets: ReadonlyArray<ReadonlySet<string>>,
  n: number,
  confidence: number,
): string[] {
  const [first, second] = rows;
  if (first === undefined || second === undefined) return [];
  if (second.shareInterval.high < first.shareInterval.low) return [];
  // Paired: the same reviewed errors carry both tags or one; only the errors with exactly one speak.
  let onlyFirst = 0;
  let onlySecond = 0;
  for (const tags of tagSets) {
    const a = tags.has(first.tag);
    const b = tags.has(second.tag);
    if (a && !b) onlyFirst++;
    else if (b && !a) onlySecond++;
  }
  const head = `'${first.tag}' (${percent(first.share)}, ${percent(first.shareInterval.low)} – ${percent(first.shareInterval.high)}) and '${second.tag}' (${percent(second.share)}, ${percent(second.shareInterval.low)} – ${percent(second.shareInterval.high)}) overlap`;
  if (onlyFirst === onlySecond) {
    return [
      `${head}, and they are equally frequent in this review: reviewing more errors separates them only if they differ.`,
    ];
  }
  const p = mcnemarExactPValue(onlyFirst, onlySecond);
  if (p < 1 - confidence) {
    return [
      `${head}, but paired on the same ${n} errors (${onlyFirst} tagged only '${first.tag}', ${onlySecond} only '${second.tag}', McNemar p = ${p.toPrecision(2)}) '${first.tag}' is the larger.`,
    ];
  }
  const needed = pairedSampleSize({
    discordant: (onlyFirst + onlySecond) / n,
    difference: (onlyFirst - onlySecond) / n,
    confidence,
  });
  return [
    `${head}: this review cannot rank them (${onlyFirst} errors tagged only '${first.tag}', ${onlySecond} only '${second.tag}', McNemar p = ${p.toPrecision(2)}). ` +
      `Review about ${Math.max(1, needed - n).toLocaleString('en')} more errors (about ${needed.toLocaleString('en')} in all) to tell which is larger, if the shares hold.`,
  ];
}

/** What `labelNoiseAnalysis` found: how much of the dev error incorrect labels explain, and whether fixing them is worth it. */
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
export function labelNoiseAnalysis(input: {
  devErrorRate: number;
  mislabeledShareOfErrors: number;
}): LabelNoiseAnalysis {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new DiagnosticsError(
      `labelNoiseAnalysis: pass { devErrorRate, mislabeledShareOfErrors } (two rates), got ${JSON.stringify(input)}`,
    );
  }
  const { devErrorRate, mislabeledShareOfErrors } = input;
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
