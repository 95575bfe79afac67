import type { Diagnosis, ErrorAnalysis, Focus, LabelNoiseAnalysis } from '@mlrecipe/diagnostics';
import type { Comparison } from '../compare_approaches.js';
import type { CrossValidation } from '../cross_validation/cross_validate.js';
import { PipelineError } from '../errors.js';
import type { SplitEvaluation } from '../evaluate.js';
import type { Task } from '../task.js';
import type { EpochRecord } from '../train.js';
import { crossValidationSection } from './cross_validation_section.js';
import { formatError, formatInterval, supportedDecisions } from './decisions.js';
import {
  approachCurves,
  confusionHeatmap,
  diagnosisBars,
  errorAnalysisBars,
  errorCurves,
  gradientNormCurves,
  lossCurves,
  perTaskCurves,
} from './plots.js';
import { renderSvg } from './render_svg.js';

/** What a report can show; every part is optional except the title. `iterate()` returns one. */
export interface ReportInput {
  readonly title: string;
  readonly task?: Task;
  readonly history?: readonly EpochRecord[];
  /** Evaluations per split (train, trainDev, dev, test), e.g. from evaluate(). */
  readonly evaluation?: Readonly<Record<string, SplitEvaluation>>;
  readonly classNames?: readonly string[];
  readonly taskNames?: readonly string[];
  readonly diagnosis?: Diagnosis;
  readonly errorAnalysis?: ErrorAnalysis;
  readonly labelNoise?: LabelNoiseAnalysis;
  /** The prioritised next steps. */
  readonly nextSteps?: readonly string[];
  readonly comparison?: Comparison;
  /** A cross-validation (crossValidate's result): its summary and folds as tables, its pooled error among the decisions. */
  readonly crossValidation?: CrossValidation;
  /** Human-level error, drawn on comparison curves when there is no diagnosis. */
  readonly humanLevel?: number;
  /** Things a reader must know, e.g. "All images are SYNTHETIC (generator v1, seed 1)". */
  readonly notes?: readonly string[];
  /** More tables to show (e.g. the candidates of a model choice), after the evaluation. */
  readonly tables?: readonly {
    readonly title: string;
    readonly head: readonly string[];
    readonly rows: readonly (readonly string[])[];
  }[];
  /**
   * Statements about decisions and how sure they are (e.g. the model choice from selectModel's
   * reasons), shown with the diagnosis' own under "What the data support".
   */
  readonly decisions?: readonly string[];
  /** Example images (e.g. misclassified dev examples) as data: URLs. */
  readonly examples?: readonly { readonly caption: string; readonly src: string }[];
}

export interface Report {
  readonly markdown: string;
  /** One self-contained page (inline SVG and CSS, no scripts): it opens offline. */
  readonly html: string;
  /** The plots as SVG, by name (the Markdown links to `plots/<name>.svg`). */
  readonly plots: Readonly<Record<string, string>>;
}

/**
 * A report of one turn of the recipe in Markdown and self-contained HTML: learning and loss curves,
 * the confusion matrix, the diagnosis with its numbers and next steps, the error-analysis table,
 * and learning curves of compared approaches. Plots are SVG drawn by Vega-Lite. Works in browsers.
 *
 * @example
 * const { html } = await report({ title: 'Fashion-MNIST, turn 1', history, evaluation, diagnosis });
 */
export async function report(given: ReportInput): Promise<Report> {
  if (typeof given?.title !== 'string' || given.title.trim() === '')
    throw new PipelineError('report: give a title ({ title: "…", history, evaluation, diagnosis, … })');
  const input = withCrossValidation(given);
  const percent = input.task !== 'regression';
  const bayes = input.diagnosis?.bayesProxy.value ?? input.humanLevel;
  const confusion = input.evaluation?.dev?.confusion;
  const specs: Record<string, Record<string, unknown> | null> = {
    'error-curves': input.history
      ? errorCurves(input.history, { percent, ...(bayes === undefined ? {} : { bayes }) })
      : null,
    'loss-curves': input.history ? lossCurves(input.history) : null,
    'per-task': input.history ? perTaskCurves(input.history, input.taskNames) : null,
    'gradient-norms': input.history ? gradientNormCurves(input.history) : null,
    'confusion-matrix': confusion ? confusionHeatmap(confusion, input.classNames) : null,
    diagnosis: input.diagnosis && input.evaluation ? diagnosisBars(input.diagnosis, levels(input.evaluation)) : null,
    'error-analysis': input.errorAnalysis ? errorAnalysisBars(input.errorAnalysis) : null,
    'learning-curves': input.comparison
      ? approachCurves(input.comparison.curves, { percent, ...(bayes === undefined ? {} : { bayes }) })
      : null,
  };
  const plots: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs)) if (spec) plots[name] = await renderSvg(spec);
  return { markdown: toMarkdown(input, plots), html: toHtml(input, plots), plots };
}

/** The cross-validation section's tables and statements added to the report's own. */
function withCrossValidation(input: ReportInput): ReportInput {
  if (!input.crossValidation) return input;
  const section = crossValidationSection(input.crossValidation);
  return {
    ...input,
    tables: [...(input.tables ?? []), ...section.tables],
    decisions: [...(input.decisions ?? []), ...section.decisions],
  };
}

function levels(evaluation: Readonly<Record<string, SplitEvaluation>>) {
  const { train, trainDev, dev, test } = evaluation;
  if (!train || !dev) throw new PipelineError('report: a diagnosis plot needs train and dev evaluations');
  const level = (e: SplitEvaluation) => ({
    error: e.error,
    ...(e.errorInterval ? { low: e.errorInterval.low, high: e.errorInterval.high } : {}),
  });
  return {
    train: level(train),
    dev: level(dev),
    ...(trainDev ? { trainDev: level(trainDev) } : {}),
    ...(test ? { test: level(test) } : {}),
  };
}

const fmt = formatError;

/** One line per evaluated epoch whose health check found something, or one saying all was well. */
function healthVerdicts(history: readonly EpochRecord[]): string[] {
  const checked = history.filter((r) => r.health);
  if (checked.length === 0) return ['Not checked (train ran with health: false).'];
  const lines = checked.flatMap((r) => [
    ...(r.health!.verdict === 'healthy'
      ? []
      : [`Epoch ${r.epoch}: gradients ${r.health!.verdict}: ${r.health!.message}.`]),
    ...r.health!.lossIssues.map((i) => `Epoch ${r.epoch}: loss ${i.kind}: ${i.message}.`),
  ]);
  return lines.length > 0
    ? lines
    : [`Healthy in every checked epoch: ${checked.at(-1)!.health!.message}; the loss went down in the first epoch.`];
}

function evaluationRows(input: ReportInput): string[][] {
  const percent = input.task !== 'regression';
  return Object.entries(input.evaluation ?? {}).map(([split, e]) => [
    split,
    String(e.rows),
    fmt(e.error, percent) +
      (e.errorInterval
        ? ` (${Math.round(100 * e.errorInterval.confidence)} % CI ${formatInterval(e.errorInterval.low, e.errorInterval.high, percent)})`
        : ''),
    e.loss === undefined ? '' : e.loss.toFixed(4),
    Object.entries(e.metrics)
      .map(([name, v]) => `${name} ${v.toFixed(4)}`)
      .join(', '),
  ]);
}

const DIAGNOSIS_HEAD = ['quantity', 'value', 'interval', 'the data say', 'from'];

function diagnosisRows(d: Diagnosis, percent: boolean): string[][] {
  const gap = (v: number | null) => (v === null ? 'n/a' : fmt(v, percent));
  const sure = (focus: Focus) => {
    const g = d.gaps[focus];
    if (!g) return ['', ''];
    if (g.low === null || g.high === null) return ['unknown (no set sizes)', ''];
    return [formatInterval(g.low, g.high, percent), g.low > 0 ? 'real' : 'could be 0'];
  };
  return [
    ['Bayes proxy (human level)', fmt(d.bayesProxy.value, percent), '', 'taken as exact', d.bayesProxy.source],
    ['avoidable bias', gap(d.avoidableBias), ...sure('avoidable-bias'), 'train − human level'],
    ['variance', gap(d.variance), ...sure('variance'), d.dataMismatch === null ? 'dev − train' : 'train-dev − train'],
    ['data mismatch', gap(d.dataMismatch), ...sure('data-mismatch'), 'dev − train-dev'],
    ['dev overfitting', gap(d.devOverfit), ...sure('dev-overfit'), 'test − dev'],
  ];
}

/** The diagnosis' statements the data support, then the caller's own (e.g. the model choice). */
function decisionsOf(input: ReportInput, percent: boolean): string[] {
  return [...(input.diagnosis ? supportedDecisions(input.diagnosis, percent) : []), ...(input.decisions ?? [])];
}

function toMarkdown(input: ReportInput, plots: Record<string, string>): string {
  const percent = input.task !== 'regression';
  const table = (head: string[], rows: string[][]) =>
    [
      `| ${head.join(' | ')} |`,
      `|${head.map(() => '---').join('|')}|`,
      ...rows.map((r) => `| ${r.join(' | ')} |`),
    ].join('\n');
  const out = [`# ${input.title}`, ''];
  for (const note of input.notes ?? []) out.push(`> ${note}`, '');
  if (input.diagnosis) {
    out.push('## Diagnosis', '', input.diagnosis.summary, '');
    out.push(table(DIAGNOSIS_HEAD, diagnosisRows(input.diagnosis, percent)), '');
  }
  const decisions = decisionsOf(input, percent);
  if (decisions.length) out.push('## What the data support', '', ...decisions.map((s) => `- ${s}`), '');
  if (input.nextSteps?.length) out.push('## Next steps', '', ...input.nextSteps.map((s, i) => `${i + 1}. ${s}`), '');
  if (input.evaluation)
    out.push('## Evaluation', '', table(['split', 'rows', 'error', 'loss', 'metrics'], evaluationRows(input)), '');
  for (const t of input.tables ?? [])
    out.push(
      `## ${t.title}`,
      '',
      table(
        [...t.head],
        t.rows.map((r) => [...r]),
      ),
      '',
    );
  if (input.errorAnalysis) out.push('## Error analysis', '', input.errorAnalysis.toMarkdown());
  if (input.labelNoise) out.push('## Incorrect labels', '', ...input.labelNoise.advice.map((a) => `- ${a}`), '');
  if (input.comparison) {
    const sizes = input.comparison.curves[0]?.points.map((p) => p.size) ?? [];
    const rows = input.comparison.curves.map((c) => [
      c.approach,
      ...c.points.map((p) => `${fmt(p.testError.mean, percent)} ± ${fmt(p.testError.std, percent)}`),
    ]);
    out.push('## Learning curves', '', table(['approach', ...sizes.map((s) => `${s} examples`)], rows), '');
    const crossings = input.comparison.crossovers.map((c) => `${c.to} overtakes ${c.from} at ${c.size} examples`);
    out.push(crossings.length ? `Crossovers: ${crossings.join('; ')}.` : 'No crossover at the sizes run.', '');
  }
  if (input.history?.length)
    out.push('## Training health', '', ...healthVerdicts(input.history).map((v) => `- ${v}`), '');
  const names = Object.keys(plots);
  if (names.length) out.push('## Plots', '', ...names.map((n) => `![${n}](plots/${n}.svg)`), '');
  return out.join('\n');
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function htmlTable(head: readonly string[], rows: readonly (readonly string[])[], className: string): string {
  return (
    `<table class="${className}"><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('') +
    '</tbody></table>'
  );
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}
.note{background:#fff6d6;border-left:4px solid #e0b000;padding:.5em .8em}.focus{font-weight:bold;color:#a33}
figure.plot{display:inline-block;margin:.5em}.examples figure{display:inline-block;margin:.3em;text-align:center;font-size:.8em}
.examples img{width:96px;height:96px;image-rendering:pixelated;border:1px solid #ccc}`;

function toHtml(input: ReportInput, plots: Record<string, string>): string {
  const percent = input.task !== 'regression';
  const figure = (name: string) =>
    plots[name] ? `<figure class="plot" data-plot="${name}">${plots[name]}</figure>` : '';
  const parts = [`<h1>${escapeHtml(input.title)}</h1>`];
  for (const note of input.notes ?? []) parts.push(`<p class="note">${escapeHtml(note)}</p>`);
  if (input.diagnosis) {
    const d = input.diagnosis;
    parts.push(
      '<section id="diagnosis"><h2>Diagnosis</h2>',
      `<p>Focus: <span class="focus">${escapeHtml(d.focus)}</span>. ${escapeHtml(d.summary)}</p>`,
      htmlTable(DIAGNOSIS_HEAD, diagnosisRows(d, percent), 'diagnosis'),
      figure('diagnosis'),
      d.caveats.length ? `<ul class="caveats">${d.caveats.map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul>` : '',
      '</section>',
    );
  }
  const decisions = decisionsOf(input, percent);
  if (decisions.length) {
    parts.push(
      `<section id="support"><h2>What the data support</h2><ul>${decisions.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul></section>`,
    );
  }
  if (input.nextSteps?.length) {
    parts.push(
      `<section id="next-steps"><h2>Next steps</h2><ol>${input.nextSteps.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ol></section>`,
    );
  }
  if (input.evaluation) {
    parts.push(
      '<section id="evaluation"><h2>Evaluation</h2>',
      htmlTable(['split', 'rows', 'error', 'loss', 'metrics'], evaluationRows(input), 'evaluation'),
      figure('confusion-matrix'),
      '</section>',
    );
  }
  for (const [i, t] of (input.tables ?? []).entries()) {
    parts.push(
      `<section id="table-${i + 1}" class="extra"><h2>${escapeHtml(t.title)}</h2>${htmlTable(t.head, t.rows, 'extra')}</section>`,
    );
  }
  if (input.history?.length) {
    parts.push(
      '<section id="training"><h2>Training</h2>',
      figure('error-curves'),
      figure('loss-curves'),
      figure('per-task'),
      '</section>',
    );
    const verdicts = healthVerdicts(input.history);
    parts.push(
      '<section id="training-health"><h2>Training health</h2>',
      `<ul>${verdicts.map((v) => `<li>${escapeHtml(v)}</li>`).join('')}</ul>`,
      figure('gradient-norms'),
      '</section>',
    );
  }
  if (input.errorAnalysis || input.labelNoise) {
    parts.push('<section id="error-analysis"><h2>Error analysis</h2>');
    if (input.errorAnalysis) parts.push(input.errorAnalysis.toHTML(), figure('error-analysis'));
    if (input.labelNoise)
      parts.push(
        `<h3>Incorrect labels</h3><ul>${input.labelNoise.advice.map((a) => `<li>${escapeHtml(a)}</li>`).join('')}</ul>`,
      );
    parts.push('</section>');
  }
  if (input.examples?.length) {
    parts.push(
      '<section id="examples" class="examples"><h2>Examples</h2>',
      ...input.examples.map(
        (e) =>
          `<figure><img src="${escapeHtml(e.src)}" alt="${escapeHtml(e.caption)}"><figcaption>${escapeHtml(e.caption)}</figcaption></figure>`,
      ),
      '</section>',
    );
  }
  if (input.comparison)
    parts.push('<section id="learning-curves"><h2>Learning curves</h2>', figure('learning-curves'), '</section>');
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(input.title)}</title><style>${STYLE}</style></head><body>${parts.join('\n')}</body></html>\n`;
}
