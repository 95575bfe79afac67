import {
  type Diagnosis,
  diagnose,
  type ErrorAnalysis,
  errorAnalysis,
  type LabelNoiseAnalysis,
  labelNoiseAnalysis,
  type ReviewedExample,
} from '@mlrecipe/diagnostics';
import { createRng } from '@mlrecipe/tensor';
import { PipelineError } from './errors.js';
import { evaluateSplit, type Split, type SplitEvaluation } from './evaluate.js';
import type { Inputs } from './inputs.js';
import { checkTask, type Task } from './task.js';
import { type TrainOptions, type TrainResult, train } from './train.js';

/** A misclassified dev example handed to the tagger: its row in the dev set, its label and the prediction. */
export interface DevError {
  readonly index: number;
  readonly label: number;
  readonly predicted: number;
}

/** Options of `iterate`: training options, the splits, human-level error and how to analyse dev errors. */
export interface IterateOptions extends Omit<TrainOptions, 'data'> {
  data: { train: Split<Inputs>; trainDev?: Split<Inputs>; dev: Split<Inputs>; test?: Split<Inputs> };
  /** Human-level error (one number, or several: the lowest is the Bayes proxy). */
  humanLevel: number | Readonly<Record<string, number>>;
  /**
   * Error analysis of misclassified dev examples: a tagger (e.g. from ground-truth tags, or a person
   * in a UI) applied to a seeded sample of `sample` errors (default 100), or a file of reviewed tags.
   */
  errorAnalysis?:
    | {
        /** Tags one misclassified dev example (e.g. from its ground truth, or a person's review). */
        tagger: (error: DevError) => readonly string[];
        sample?: number;
      }
    | { reviewed: readonly ReviewedExample[] };
  /** The error-analysis tag that marks an incorrect label (default 'mislabeled'): feeds the label-noise analysis. */
  mislabeledTag?: string;
  title?: string;
  classNames?: readonly string[];
  taskNames?: readonly string[];
  /** The unit of a regression's error (mean absolute error), e.g. 'years'; diagnose then reads errors in it. */
  errorUnit?: string;
  /** Things a report reader must know (e.g. that the data are synthetic). */
  notes?: readonly string[];
}

/** What iterate() returns; it is a ReportInput, so report(iteration) draws it. */
export interface Iteration extends TrainResult {
  readonly title: string;
  readonly task: Task;
  readonly classNames?: readonly string[];
  readonly taskNames?: readonly string[];
  readonly notes?: readonly string[];
  readonly evaluation: Readonly<Record<string, SplitEvaluation>>;
  readonly diagnosis: Diagnosis;
  readonly nextSteps: readonly string[];
  readonly errorAnalysis?: ErrorAnalysis;
  readonly labelNoise?: LabelNoiseAnalysis;
  /** The dev rows reviewed in error analysis. */
  readonly reviewedDevRows?: readonly number[];
}

/**
 * One turn of the recipe: train, evaluate on every split, diagnose bias / variance / data mismatch /
 * dev overfitting against human level, analyse dev errors, and list the next steps by priority.
 * Pass the result to report() for Markdown and HTML.
 *
 * @example
 * const turn = await iterate({ ...trainOptions, data: { train, trainDev, dev, test }, humanLevel: 0.01 });
 * console.log(turn.diagnosis.summary, turn.nextSteps[0]);
 */
export async function iterate(options: IterateOptions): Promise<Iteration> {
  const task = checkTask(options.task === undefined ? 'multiclass' : options.task, 'iterate');
  if (options.humanLevel === undefined)
    throw new PipelineError('iterate: give humanLevel, the error a person (or a team of experts) makes on this task');
  const { test, ...trainData } = options.data;
  const trained = await train({ ...options, data: trainData });
  const split = (s: Split<Inputs>, indices?: Uint32Array) =>
    evaluateSplit(
      options.model,
      trained,
      s,
      {
        task,
        inputShape: options.inputShape,
        loss: options.loss,
        ...(indices === undefined ? {} : { indices }),
        ...(options.metrics ? { metrics: options.metrics } : {}),
        ...(options.transformX ? { transformX: options.transformX } : {}),
      },
      'iterate',
    );
  const evaluation: Record<string, SplitEvaluation> = {
    // The same seeded sample of train rows as the history's train error (unbiased, see train's trainSample).
    train: split(options.data.train, trained.trainSample),
  };
  if (options.data.trainDev) evaluation.trainDev = split(options.data.trainDev);
  evaluation.dev = split(options.data.dev);
  if (test) evaluation.test = split(test);
  // Counts where the error is a rate over independent rows (multiclass): every gap then gets an
  // interval and stands out only when the data say so. Rates alone otherwise.
  const measure = (e: SplitEvaluation) => (e.errorCount === undefined ? e.error : { errors: e.errorCount, n: e.rows });
  const diagnosis = diagnose({
    humanLevel: options.humanLevel,
    train: measure(evaluation.train!),
    dev: measure(evaluation.dev!),
    ...(evaluation.trainDev ? { trainDev: measure(evaluation.trainDev) } : {}),
    ...(evaluation.test ? { test: measure(evaluation.test) } : {}),
    ...(task === 'regression' ? { unit: options.errorUnit ?? 'units' } : {}),
  });
  const analysed = analyseErrors(options, evaluation.dev!);
  const nextSteps = [
    ...healthSteps(trained.history),
    ...prioritise(diagnosis, analysed.errorAnalysis, analysed.labelNoise),
  ];
  return {
    ...trained,
    title: options.title ?? 'One turn of the recipe',
    task,
    evaluation,
    diagnosis,
    nextSteps,
    ...analysed,
    ...(options.classNames ? { classNames: options.classNames } : {}),
    ...(options.taskNames ? { taskNames: options.taskNames } : {}),
    ...(options.notes ? { notes: options.notes } : {}),
  };
}

function analyseErrors(
  options: IterateOptions,
  dev: SplitEvaluation,
): { errorAnalysis?: ErrorAnalysis; labelNoise?: LabelNoiseAnalysis; reviewedDevRows?: number[] } {
  const spec = options.errorAnalysis;
  if (spec === undefined || dev.error === 0) return {};
  let analysis: ErrorAnalysis;
  let reviewedDevRows: number[] | undefined;
  if ('reviewed' in spec) {
    analysis = errorAnalysis(spec.reviewed, { errorRate: dev.error });
  } else {
    if ((options.task ?? 'multiclass') !== 'multiclass')
      throw new PipelineError('iterate: a tagger needs a multiclass task; pass reviewed tags for other tasks');
    const labels = dev.labels!.values;
    const predicted = dev.predictions!.values;
    const wrong: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] !== predicted[i]) wrong.push(i);
    const sample = Math.min(spec.sample ?? 100, wrong.length);
    const chosen = createRng(`${options.seed}`)
      .fork('error-analysis')
      .shuffle(Uint32Array.from(wrong))
      .subarray(0, sample);
    reviewedDevRows = Array.from(chosen).sort((a, b) => a - b);
    const reviewed = reviewedDevRows.map((index) => ({
      id: index,
      tags: spec.tagger({ index, label: labels[index]!, predicted: predicted[index]! }),
    }));
    analysis = errorAnalysis(reviewed, { errorRate: dev.error });
  }
  const tag = options.mislabeledTag ?? 'mislabeled';
  const share = analysis.rows.find((r) => r.tag === tag)?.share ?? 0;
  const labelNoise = labelNoiseAnalysis({ devErrorRate: dev.error, mislabeledShareOfErrors: share });
  return { errorAnalysis: analysis, labelNoise, ...(reviewedDevRows ? { reviewedDevRows } : {}) };
}

/**
 * The recipe's order: the diagnosis' focus first, then the error categories worth the most (by the
 * error left if all were fixed), then incorrect labels when they are a large share of the errors.
 */
/**
 * Training-health problems come first: a diagnosis of bias or variance means little while the
 * gradients vanish or explode, or the cost does not go down.
 */
function healthSteps(history: TrainResult['history']): string[] {
  const steps: string[] = [];
  const flagged = history.filter((r) => r.health && r.health.verdict !== 'healthy');
  const last = flagged.at(-1)?.health;
  if (last) steps.push(`Training health: gradients ${last.verdict} (epoch ${flagged.at(-1)!.epoch}): ${last.message}.`);
  for (const issue of history.find((r) => r.health?.lossIssues.length)?.health?.lossIssues ?? [])
    steps.push(`Training health: the loss is ${issue.kind.replace('-', ' ')}: ${issue.message}.`);
  return steps;
}

function prioritise(diagnosis: Diagnosis, analysis?: ErrorAnalysis, labelNoise?: LabelNoiseAnalysis): string[] {
  const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
  const steps =
    diagnosis.focus === 'none'
      ? ['Every gap is small: ship it, or raise the bar (a better human-level estimate, a harder dev set).']
      : [...diagnosis.nextSteps];
  // The three biggest categories: past those, a list stops being a priority.
  for (const row of (analysis?.rows ?? []).slice(0, 3)) {
    if (row.share < 0.1) break;
    steps.push(
      `Error analysis: '${row.tag}' is ${pct(row.share)} of reviewed dev errors; fixing it all would take dev error from ${pct(analysis!.errorRate)} to ${pct(row.ceiling)}.`,
    );
  }
  if (labelNoise?.worthFixing) steps.push(labelNoise.advice[0]!);
  return steps;
}
