import type { Diagnosis, ErrorAnalysis, Focus, LabelNoiseAnalysis } from '@mlrecipe/diagnostics';
import { averagePrecision, rocAuc } from '@mlrecipe/metrics';
import type { Comparison } from '../compare_approaches.js';
import type { CrossValidation } from '../cross_validation/cross_validate.js';
import { PipelineError } from '../errors.js';
import type { SplitEvaluation } from '../evaluate.js';
import type { Task } from '../task.js';
import type { EpochRecord } from '../train.js';
import { checkReportInput } from './check_input.js';
import { crossValidationSection } from './cross_validation_section.js';
import {
  approachCurves,
  candidateCurves,
  confusionHeatmap,
  diagnosisBars,
  errorAnalysisBars,
  errorCurves,
  gradientNormCurves,
  lossCurves,
  perTaskCurves,
} from './plots.js';
import { type PrPoint, prPoints, type RocPoint, rocPoints } from './ranking_curves.js';
import { prCurves, rocCurves } from './ranking_plots.js';
import { renderHtml } from './render_html.js';
import { renderMarkdown } from './render_markdown.js';
import { renderSvg } from './render_svg.js';
import type { ReportImage, ReportSection } from './section.js';
import { buildSections } from './sections.js';

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
  /** Example images (e.g. misclassified dev examples) as data: URLs, with true label, prediction and its probability. */
  readonly examples?: readonly ReportImage[];
  /**
   * Every candidate trained for a model choice, with its history: their train and dev curves are
   * overlaid on one chart (the chosen one's own curves are `history`).
   */
  readonly candidates?: readonly { readonly name: string; readonly history: readonly EpochRecord[] }[];
  /**
   * The recipe's next steps in the app's words: `nextStepWording[focus][i]` replaces diagnostics'
   * `NEXT_STEPS[focus][i]` (e.g. a cat classifier's data-mismatch step talks about pictures, not car noise).
   */
  readonly nextStepWording?: Readonly<Partial<Record<Focus, readonly (string | undefined)[]>>>;
  /** Extra sections (e.g. cross-validation), shown after the built-in ones. Ids must not repeat. */
  readonly sections?: readonly ReportSection[];
}

/** A rendered report: the sections, and the same sections as Markdown and as HTML, and the plots. */
export interface Report {
  /** The one list of sections both formats render, in order. */
  readonly sections: readonly ReportSection[];
  readonly markdown: string;
  /** One self-contained page (inline SVG and CSS, no scripts): it opens offline; charts scale to the page. */
  readonly html: string;
  /** The plots as SVG, by name (the Markdown links to `plots/<name>.svg`). */
  readonly plots: Readonly<Record<string, string>>;
}

/** Classes drawn on the ROC and PR plots one-vs-rest: beyond this many, a chart of curves is a tangle (the table still lists them). */
const MAX_CURVES = 10;

/**
 * A report of one turn of the recipe in Markdown and self-contained HTML, both rendered from one
 * list of sections (so they show the same things): notes, the diagnosis with its intervals, what the
 * data support, next steps, evaluation with the confusion matrix, per-class precision/recall/F1, ROC
 * and precision–recall curves (when the dev evaluation kept its scores), extra tables, every
 * candidate's training curves, training health, error analysis, example pictures, and learning
 * curves of compared approaches. Plots are SVG drawn by Vega-Lite. Works in browsers.
 *
 * @example
 * const { html, markdown, sections } = await report({ title: 'Fashion-MNIST, turn 1', history, evaluation, diagnosis });
 */
export async function report(given: ReportInput): Promise<Report> {
  checkReportInput(given);
  const input = withCrossValidation(given);
  const percent = input.task !== 'regression';
  const bayes = input.diagnosis?.bayesProxy.value ?? input.humanLevel;
  const withBayes = { percent, ...(bayes === undefined ? {} : { bayes }) };
  const confusion = input.evaluation?.dev?.confusion;
  const curves = rankingCurves(input.evaluation?.dev, input.classNames);
  const drawCurves = curves.length > 0 && curves.length <= MAX_CURVES;
  const specs: Record<string, Record<string, unknown> | null> = {
    'error-curves': input.history ? errorCurves(input.history, withBayes) : null,
    'candidate-curves':
      input.candidates && input.candidates.length > 1 ? candidateCurves(input.candidates, withBayes) : null,
    'loss-curves': input.history ? lossCurves(input.history) : null,
    'per-task': input.history ? perTaskCurves(input.history, input.taskNames) : null,
    'gradient-norms': input.history ? gradientNormCurves(input.history) : null,
    'confusion-matrix': confusion ? confusionHeatmap(confusion, input.classNames) : null,
    roc: drawCurves ? rocCurves(curves.filter((c) => c.roc).map((c) => ({ name: c.name, points: c.roc! }))) : null,
    'precision-recall': drawCurves ? prCurves(curves.map((c) => ({ name: c.name, points: c.pr }))) : null,
    diagnosis: input.diagnosis && input.evaluation ? diagnosisBars(input.diagnosis, levels(input.evaluation)) : null,
    'error-analysis': input.errorAnalysis ? errorAnalysisBars(input.errorAnalysis) : null,
    'learning-curves': input.comparison ? approachCurves(input.comparison.curves, withBayes) : null,
  };
  const plots: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs)) if (spec) plots[name] = await renderSvg(spec);
  const ranking = curves.map((c) => ({ name: c.name, auc: c.auc, ap: c.ap }));
  const sections = buildSections({ input, plots, percent, ranking });
  const ids = sections.map((s) => s.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated !== undefined)
    throw new PipelineError(
      `report: two sections have the id '${repeated}' (ids: ${ids.join(', ')}); give each of ReportInput.sections an id of its own`,
    );
  return {
    sections,
    markdown: renderMarkdown(input.title, sections),
    html: renderHtml(input.title, sections, plots),
    plots,
  };
}

interface ClassCurves {
  readonly name: string;
  readonly roc: RocPoint[] | null;
  readonly pr: PrPoint[];
  readonly auc: number | null;
  readonly ap: number;
}

/**
 * One-vs-rest curves of the dev split from its kept probabilities: the positive class only for two
 * classes, every class otherwise. Classes with no dev example get none. The areas
 * come from metrics (rocAuc, averagePrecision), not from the drawn points.
 */
function rankingCurves(dev: SplitEvaluation | undefined, classNames?: readonly string[]): ClassCurves[] {
  const scores = dev?.scores;
  const labels = dev?.labels?.values;
  if (!scores || !labels) return [];
  const k = scores.shape[1] ?? 0;
  if (k < 2) return [];
  const shown = k === 2 ? [1] : Array.from({ length: k }, (_, c) => c);
  const out: ClassCurves[] = [];
  for (const c of shown) {
    const positive = Array.from(labels, (y) => y === c);
    const score = Array.from({ length: labels.length }, (_, r) => scores.values[r * k + c]!);
    const pr = prPoints(positive, score);
    if (pr === null) continue;
    const roc = rocPoints(positive, score);
    const truth = Int32Array.from(positive, Number);
    out.push({
      name: classNames?.[c] ?? String(c),
      roc,
      pr,
      auc: roc === null ? null : rocAuc(truth, score),
      ap: averagePrecision(truth, score),
    });
  }
  return out;
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
