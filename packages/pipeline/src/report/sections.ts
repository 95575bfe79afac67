import type { Diagnosis, Focus } from '@mlrecipe/diagnostics';
import { type CurvePoint, choiceSet } from '../compare_approaches.js';
import type { SplitEvaluation } from '../evaluate.js';
import type { EpochRecord } from '../train.js';
import { formatError, formatInterval, supportedDecisions } from './decisions.js';
import { wordNextSteps } from './domain_steps.js';
import { perClassFigures } from './per_class.js';
import type { ReportInput } from './report.js';
import type { ReportBlock, ReportSection } from './section.js';

/** What a section builder gets: the input, the plots that were drawn, and the areas under the curves. */
export interface SectionContext {
  readonly input: ReportInput;
  readonly plots: Readonly<Record<string, string>>;
  readonly percent: boolean;
  /** Per class shown on the ROC and PR plots: area under the ROC curve and average precision. */
  readonly ranking: readonly { readonly name: string; readonly auc: number | null; readonly ap: number }[];
}

type SectionBuilder = (context: SectionContext) => ReportSection | null;

/** A plot block when the plot was drawn (a spec with nothing to draw gives none). */
const plot = (c: SectionContext, name: string, title: string): ReportBlock[] =>
  c.plots[name] ? [{ kind: 'plot', name, title }] : [];

const section = (id: string, title: string, blocks: readonly ReportBlock[]): ReportSection | null =>
  blocks.length === 0 ? null : { id, title, blocks };

const notes: SectionBuilder = ({ input }) =>
  input.notes?.length ? section('notes', 'Read this first', [{ kind: 'caveats', items: input.notes }]) : null;

const DIAGNOSIS_HEAD = ['quantity', 'value', 'interval', 'the data say', 'from'];

function diagnosisRows(d: Diagnosis, percent: boolean): string[][] {
  const fmt = (v: number | null) => (v === null ? 'n/a' : formatError(v, percent));
  const sure = (focus: Focus) => {
    const g = d.gaps[focus];
    if (!g) return ['', ''];
    if (g.low === null || g.high === null) return ['unknown (no set sizes)', ''];
    return [formatInterval(g.low, g.high, percent), g.low > 0 ? 'real' : 'could be 0'];
  };
  return [
    ['Bayes proxy (human level)', fmt(d.bayesProxy.value), '', 'taken as exact', d.bayesProxy.source],
    ['avoidable bias', fmt(d.avoidableBias), ...sure('avoidable-bias'), 'train − human level'],
    ['variance', fmt(d.variance), ...sure('variance'), d.dataMismatch === null ? 'dev − train' : 'train-dev − train'],
    ['data mismatch', fmt(d.dataMismatch), ...sure('data-mismatch'), 'dev − train-dev'],
    ['dev overfitting', fmt(d.devOverfit), ...sure('dev-overfit'), 'test − dev'],
  ];
}

const diagnosis: SectionBuilder = (c) => {
  const d = c.input.diagnosis;
  if (!d) return null;
  return section('diagnosis', 'Diagnosis', [
    { kind: 'paragraph', text: `Focus: ${d.focus}. ${d.summary}` },
    { kind: 'table', head: DIAGNOSIS_HEAD, rows: diagnosisRows(d, c.percent) },
    ...plot(c, 'diagnosis', 'Error levels from human level to test'),
    ...(d.caveats.length ? [{ kind: 'caveats', items: d.caveats } as const] : []),
  ]);
};

/** The diagnosis' statements the data support, then the caller's own (e.g. the model choice). */
const support: SectionBuilder = ({ input, percent }) => {
  const items = [...(input.diagnosis ? supportedDecisions(input.diagnosis, percent) : []), ...(input.decisions ?? [])];
  return items.length ? section('support', 'What the data support', [{ kind: 'list', items }]) : null;
};

const nextSteps: SectionBuilder = ({ input }) => {
  if (!input.nextSteps?.length) return null;
  const items = input.nextStepWording ? wordNextSteps(input.nextSteps, input.nextStepWording) : [...input.nextSteps];
  return section('next-steps', 'Next steps', [{ kind: 'list', ordered: true, items }]);
};

function evaluationRows(input: ReportInput, percent: boolean): string[][] {
  return Object.entries(input.evaluation ?? {}).map(([split, e]) => [
    split,
    String(e.rows),
    formatError(e.error, percent) +
      (e.errorInterval
        ? ` (${Math.round(100 * e.errorInterval.confidence)} % CI ${formatInterval(e.errorInterval.low, e.errorInterval.high, percent)})`
        : ''),
    e.loss === undefined ? '' : e.loss.toFixed(4),
    Object.entries(e.metrics)
      .map(([name, v]) => `${name} ${v.toFixed(4)}`)
      .join(', '),
  ]);
}

const evaluation: SectionBuilder = (c) =>
  c.input.evaluation
    ? section('evaluation', 'Evaluation', [
        {
          kind: 'table',
          head: ['split', 'rows', 'error', 'loss', 'metrics'],
          rows: evaluationRows(c.input, c.percent),
        },
        ...plot(c, 'confusion-matrix', 'Confusion matrix (dev)'),
      ])
    : null;

const rate = (f: { value: number | null; low?: number; high?: number }) =>
  f.value === null
    ? 'n/a (nothing to measure it on)'
    : f.low === undefined
      ? f.value.toFixed(3)
      : `${f.value.toFixed(3)} (${f.low.toFixed(3)} to ${f.high!.toFixed(3)})`;

const perClass: SectionBuilder = ({ input }) => {
  const dev: SplitEvaluation | undefined = input.evaluation?.dev;
  const figures = dev ? perClassFigures(dev, input.classNames) : null;
  if (!figures) return null;
  return section('per-class', 'Per-class precision, recall and F1 (dev)', [
    {
      kind: 'table',
      caption:
        'One class against the rest. Precision and recall with 95 % Wilson intervals (over the predicted and the true examples of the class); F1 with a 95 % percentile bootstrap of the dev examples.',
      head: ['class', 'support', 'predicted', 'precision', 'recall', 'F1'],
      rows: figures.map((f) => [
        f.name,
        String(f.support),
        String(f.predicted),
        rate(f.precision),
        rate(f.recall),
        rate(f.f1),
      ]),
    },
  ]);
};

const ranking: SectionBuilder = (c) => {
  if (c.ranking.length === 0) return null;
  return section('ranking', 'ROC and precision–recall curves (dev)', [
    {
      kind: 'table',
      caption: 'From the predicted probabilities, one class against the rest.',
      head: ['class', 'ROC AUC', 'average precision'],
      rows: c.ranking.map((r) => [
        r.name,
        r.auc === null ? 'n/a (one group empty)' : r.auc.toFixed(4),
        r.ap.toFixed(4),
      ]),
    },
    ...(c.plots['precision-recall']
      ? []
      : [
          {
            kind: 'paragraph',
            text: `${c.ranking.length} classes are too many curves for one chart: the table lists each.`,
          } as const,
        ]),
    ...plot(c, 'roc', 'ROC curve (dev)'),
    ...plot(c, 'precision-recall', 'Precision–recall curve (dev)'),
  ]);
};

/** The caller's extra tables (e.g. the candidates of a model choice), one section each. */
const tables = ({ input }: SectionContext): ReportSection[] =>
  (input.tables ?? []).map((t, i) => ({
    id: `table-${i + 1}`,
    title: t.title,
    blocks: [{ kind: 'table', head: t.head, rows: t.rows }],
  }));

const training: SectionBuilder = (c) =>
  section('training', 'Training', [
    ...plot(c, 'candidate-curves', 'Every candidate: train and dev error per epoch'),
    ...plot(c, 'error-curves', 'Error per epoch'),
    ...plot(c, 'loss-curves', 'Loss per epoch'),
    ...plot(c, 'per-task', 'Dev error per task'),
  ]);

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

const trainingHealth: SectionBuilder = (c) =>
  c.input.history?.length
    ? section('training-health', 'Training health', [
        { kind: 'list', items: healthVerdicts(c.input.history) },
        ...plot(c, 'gradient-norms', 'Gradient norm by layer'),
      ])
    : null;

const errorAnalysis: SectionBuilder = (c) => {
  const a = c.input.errorAnalysis;
  const blocks: ReportBlock[] = [];
  if (a) {
    const pct = (v: number) => formatError(v, true);
    const range = (r: { low: number; high: number }) => formatInterval(r.low, r.high, true);
    const level = `${Math.round(100 * a.confidence)} %`;
    blocks.push(
      {
        kind: 'table',
        caption: `${a.reviewed} reviewed dev errors (dev error ${pct(a.errorRate)}); tags may overlap; intervals at ${level} over the reviewed sample.`,
        head: [
          'category',
          'errors',
          'share of errors',
          'dev error if all fixed',
          'share interval',
          'error-if-fixed interval',
        ],
        rows: a.rows.map((r) => [
          r.tag,
          String(r.count),
          pct(r.share),
          pct(r.ceiling),
          range(r.shareInterval),
          range(r.ceilingInterval),
        ]),
      },
      ...plot(c, 'error-analysis', 'Share of reviewed dev errors per category'),
      ...a.notes.map((text) => ({ kind: 'paragraph', text }) as const),
    );
  }
  if (c.input.labelNoise)
    blocks.push({ kind: 'paragraph', text: 'Incorrect labels:' }, { kind: 'list', items: c.input.labelNoise.advice });
  return section('error-analysis', 'Error analysis', blocks);
};

const examples: SectionBuilder = ({ input }) =>
  input.examples?.length ? section('examples', 'Examples', [{ kind: 'images', images: input.examples }]) : null;

const learningCurves: SectionBuilder = (c) => {
  const comparison = c.input.comparison;
  if (!comparison) return null;
  const fmt = (v: number) => formatError(v, c.percent);
  const sizes = comparison.curves[0]?.points.map((p) => p.size) ?? [];
  const crossings = comparison.crossovers.map((x) => `${x.to} overtakes ${x.from} at ${x.size} examples`);
  const onDev = choiceSet(comparison.curves) === 'dev';
  // A point's figure: its interval over the set's examples when the runs gave per-example errors, else ± sd over seeds.
  const cell = (p: CurvePoint, set: 'dev' | 'test') => {
    const interval = p.intervals?.[set];
    const spread = set === 'dev' ? p.devError! : p.testError;
    return interval
      ? `${fmt(interval.value)} [${formatInterval(interval.low, interval.high, c.percent)}]`
      : `${fmt(spread.mean)} ± ${fmt(spread.std)}`;
  };
  const table = (set: 'dev' | 'test', caption: string): ReportBlock => ({
    kind: 'table',
    caption,
    head: ['approach', ...sizes.map((s) => `${s} examples`)],
    rows: comparison.curves.map((curve) => [curve.approach, ...curve.points.map((p) => cell(p, set))]),
  });
  const withIntervals = comparison.curves.some((curve) => curve.points.some((p) => p.intervals !== undefined));
  const how = withIntervals
    ? 'mean over seeds [95 % interval over the set’s examples]'
    : 'mean ± standard deviation over seeds';
  const choices = comparison.leaders.map((l) => {
    const margin = l.margin
      ? ` by ${fmt(l.margin.value)} [${formatInterval(l.margin.low, l.margin.high, c.percent)}] over ${l.runnerUp} on the same examples`
      : '';
    const verdict = l.decided === null ? '' : l.decided ? ': the data support it' : ': the data cannot tell them apart';
    return `at ${l.size} examples, ${l.approach}${margin}${verdict}`;
  });
  return section('learning-curves', 'Learning curves', [
    ...(onDev
      ? [
          table('dev', `Dev error (the approach is chosen on dev), ${how}.`),
          table('test', `Test error (final figures, never used for a choice), ${how}.`),
        ]
      : [table('test', `Test error, ${how}.`)]),
    { kind: 'paragraph', text: `Chosen on ${onDev ? 'dev' : 'test'}: ${choices.join('; ')}.` },
    {
      kind: 'paragraph',
      text: crossings.length ? `Crossovers: ${crossings.join('; ')}.` : 'No crossover at the sizes run.',
    },
    ...plot(c, 'learning-curves', 'Learning curves'),
  ]);
};

/**
 * The report's sections, in reading order: what to know first, the diagnosis and what the data
 * support, what to do next, then the evidence. To add a section, write its builder in its own file
 * and list it here (or, from outside the package, pass it in `ReportInput.sections`).
 */
const SECTIONS: readonly (SectionBuilder | ((c: SectionContext) => ReportSection[]))[] = [
  notes,
  diagnosis,
  support,
  nextSteps,
  evaluation,
  perClass,
  ranking,
  tables,
  training,
  trainingHealth,
  errorAnalysis,
  examples,
  learningCurves,
  // Sections computed elsewhere (e.g. cross-validation) come last, in the order given.
  ({ input }) => [...(input.sections ?? [])],
];

/** The one list of sections both renderers draw. */
export function buildSections(context: SectionContext): ReportSection[] {
  return SECTIONS.flatMap((build) => {
    const built = build(context);
    return built === null ? [] : Array.isArray(built) ? built : [built];
  });
}
