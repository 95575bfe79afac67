import type { Diagnosis, ErrorAnalysis } from '@mlrecipe/diagnostics';
import { type ApproachCurve, choiceSet } from '../compare_approaches.js';
import type { EpochRecord } from '../train.js';
import { base, type Spec } from './plot_base.js';

// Vega-Lite specs of the report's plots (ROC and PR in ranking_plots.ts). Each returns null when there is nothing to draw.
const SPLIT_ORDER = ['train', 'train-dev', 'dev', 'test'];

/** Loss per epoch on train, train-dev and dev. */
export function lossCurves(history: readonly EpochRecord[]): Spec | null {
  const values = history.flatMap((r) => [
    { epoch: r.epoch, split: 'train', loss: r.trainLoss },
    ...(r.trainDevLoss === undefined ? [] : [{ epoch: r.epoch, split: 'train-dev', loss: r.trainDevLoss }]),
    { epoch: r.epoch, split: 'dev', loss: r.devLoss },
  ]);
  if (values.length === 0) return null;
  return base('Loss per epoch', {
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1 } },
      y: { field: 'loss', type: 'quantitative' },
      color: { field: 'split', type: 'nominal', sort: SPLIT_ORDER },
    },
  });
}

/** The y axis title of an error: a rate for classification, the error in its unit for regression. */
const errorTitle = (percent: boolean) => (percent ? 'error rate' : 'error');

/**
 * Error per epoch on each split, with the human-level error (Bayes proxy) as a dashed line named in
 * the legend (a label drawn on the line would sit on the train curve as it approaches human level).
 */
export function errorCurves(
  history: readonly EpochRecord[],
  options: { bayes?: number; percent: boolean },
): Spec | null {
  const values = history.flatMap((r) => [
    { epoch: r.epoch, split: 'train', error: r.trainError },
    ...(r.trainDevError === undefined ? [] : [{ epoch: r.epoch, split: 'train-dev', error: r.trainDevError }]),
    { epoch: r.epoch, split: 'dev', error: r.devError },
  ]);
  if (values.length === 0) return null;
  const format = options.percent ? '.1%' : '.3~g';
  const y = { field: 'error', type: 'quantitative', axis: { format }, title: errorTitle(options.percent) };
  return base('Error per epoch', {
    layer: [
      {
        data: { values },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1 } },
          y,
          color: legendColor(
            'split',
            SPLIT_ORDER.filter((split) => values.some((v) => v.split === split)),
            options.bayes,
            null,
          ),
        },
      },
      ...(options.bayes === undefined ? [] : [humanLevelRule(options.bayes, y)]),
    ],
  });
}

const HUMAN_LEVEL = 'human level (Bayes proxy)';

/**
 * A colour encoding whose legend lists `order`, then the human-level line when there is one: an
 * explicit domain, because layers merge their domains in their own order otherwise.
 */
function legendColor(field: string, order: readonly string[], bayes: number | undefined, title: string | null): Spec {
  return {
    field,
    type: 'nominal',
    scale: { domain: bayes === undefined ? [...order] : [...order, HUMAN_LEVEL] },
    legend: { labelLimit: 360, symbolOpacity: 1 },
    title,
  };
}

/** A dashed rule at human level whose colour, and so its legend entry, comes from the chart's colour scale. */
function humanLevelRule(value: number, y: Spec): Spec {
  return {
    data: { values: [{ error: value }] },
    mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 1.5 },
    encoding: { y: { ...y, field: 'error' }, color: { datum: HUMAN_LEVEL } },
  };
}

/**
 * Every candidate's error per epoch on one chart (TensorBoard's overlay of runs): colour is the
 * candidate, solid is dev and dashed is train, so a reader compares fit and generalisation at once.
 */
export function candidateCurves(
  candidates: readonly { readonly name: string; readonly history: readonly EpochRecord[] }[],
  options: { bayes?: number; percent: boolean },
): Spec | null {
  const values = candidates.flatMap((c) =>
    c.history.flatMap((r) => [
      { candidate: c.name, epoch: r.epoch, split: 'train', error: r.trainError },
      { candidate: c.name, epoch: r.epoch, split: 'dev', error: r.devError },
    ]),
  );
  if (values.length === 0) return null;
  const format = options.percent ? '.1%' : '.3~g';
  const y = { field: 'error', type: 'quantitative', axis: { format }, title: errorTitle(options.percent) };
  return base('Every candidate: train (dashed) and dev (solid) error per epoch', {
    layer: [
      {
        data: { values },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1 } },
          y,
          color: legendColor(
            'candidate',
            candidates.map((c) => c.name),
            options.bayes,
            'candidate',
          ),
          strokeDash: {
            field: 'split',
            type: 'nominal',
            sort: ['dev', 'train'],
            scale: {
              range: [
                [1, 0],
                [6, 4],
              ],
            },
            title: 'split',
          },
          detail: { field: 'split' },
        },
      },
      ...(options.bayes === undefined ? [] : [humanLevelRule(options.bayes, y)]),
    ],
  });
}

/** Mean gradient norm of each layer per evaluated epoch (log scale): vanishing shows as the first layers falling far below the last. */
export function gradientNormCurves(history: readonly EpochRecord[]): Spec | null {
  const values = history.flatMap((r) =>
    (r.health?.gradientNorms ?? []).map((g) => ({ epoch: r.epoch, layer: g.layer, norm: Math.max(g.norm, 1e-12) })),
  );
  if (values.length === 0) return null;
  const order = [...new Set(values.map((v) => v.layer))];
  return base('Gradient norm by layer (training health)', {
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1 } },
      y: { field: 'norm', type: 'quantitative', scale: { type: 'log' }, title: 'gradient norm (log scale)' },
      color: { field: 'layer', type: 'nominal', sort: order, title: 'layer' },
    },
  });
}

/** Per-task dev error per epoch (multi-task learning). */
export function perTaskCurves(history: readonly EpochRecord[], taskNames?: readonly string[]): Spec | null {
  const values = history.flatMap((r) =>
    (r.perTaskError?.dev ?? []).map((error, t) => ({ epoch: r.epoch, task: taskNames?.[t] ?? `task ${t}`, error })),
  );
  if (values.length === 0) return null;
  return base('Dev error per task', {
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1 } },
      y: { field: 'error', type: 'quantitative' },
      color: { field: 'task', type: 'nominal' },
    },
  });
}

/** Confusion matrix as a heat map with counts: rows are true classes, columns predicted. */
export function confusionHeatmap(
  confusion: readonly (readonly number[])[],
  classNames?: readonly string[],
): Spec | null {
  if (confusion.length === 0) return null;
  const name = (i: number) => classNames?.[i] ?? String(i);
  const order = confusion.map((_, i) => name(i));
  const values = confusion.flatMap((row, t) => row.map((count, p) => ({ actual: name(t), predicted: name(p), count })));
  const size = Math.max(160, Math.min(520, 36 * confusion.length));
  return {
    ...base('Confusion matrix (dev)', { width: size, height: size }),
    data: { values },
    encoding: {
      x: { field: 'predicted', type: 'ordinal', sort: order, axis: { labelAngle: -40 } },
      y: { field: 'actual', type: 'ordinal', sort: order },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues' } } } },
      {
        mark: { type: 'text', fontSize: 10 },
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          color: { condition: { test: `datum.count > ${maxOf(confusion) / 2}`, value: 'white' }, value: 'black' },
        },
      },
    ],
  };
}

const maxOf = (m: readonly (readonly number[])[]) => Math.max(1, ...m.flat());

/** An error level, with its interval when the set's size is known. */
export interface Level {
  readonly error: number;
  readonly low?: number;
  readonly high?: number;
}

/** Error levels from human level to test, the gaps between them being the recipe's problems; error bars are 95 % intervals. */
export function diagnosisBars(
  diagnosis: Diagnosis,
  errors: { train: Level; trainDev?: Level; dev: Level; test?: Level },
): Spec {
  const row = (level: string, l: Level) => ({ level, error: l.error, low: l.low ?? l.error, high: l.high ?? l.error });
  const values = [
    {
      level: 'human level',
      error: diagnosis.bayesProxy.value,
      low: diagnosis.bayesProxy.value,
      high: diagnosis.bayesProxy.value,
    },
    row('train', errors.train),
    ...(errors.trainDev === undefined ? [] : [row('train-dev', errors.trainDev)]),
    row('dev', errors.dev),
    ...(errors.test === undefined ? [] : [row('test', errors.test)]),
  ];
  const withIntervals = values.some((v) => v.low !== v.high);
  return base(`Error levels (focus: ${diagnosis.focus})${withIntervals ? ', with 95 % intervals' : ''}`, {
    data: { values },
    encoding: {
      y: { field: 'level', type: 'nominal', sort: values.map((v) => v.level), title: null },
      x: { field: 'error', type: 'quantitative', axis: { format: '.1%' }, title: 'error rate' },
    },
    layer: [
      { mark: { type: 'bar', color: '#4c78a8' } },
      ...(withIntervals
        ? [
            {
              mark: { type: 'rule', color: '#222', strokeWidth: 1.5 },
              encoding: { x: { field: 'low', type: 'quantitative', title: 'error rate' }, x2: { field: 'high' } },
            },
          ]
        : []),
      {
        mark: { type: 'text', align: 'left', dx: 3 },
        encoding: {
          x: { field: 'high', type: 'quantitative', title: 'error rate' },
          text: { field: 'error', format: '.2%' },
        },
      },
    ],
    height: 30 * values.length,
  });
}

/** Share of reviewed errors per error-analysis category, with the error if it were all fixed. */
export function errorAnalysisBars(analysis: ErrorAnalysis): Spec | null {
  if (analysis.rows.length === 0) return null;
  const shown = analysis.rows.slice(0, 15); // the table lists them all; a chart of the long tail says nothing
  const values = shown.map((r) => ({ category: r.tag, share: r.share, ceiling: r.ceiling }));
  const title = shown.length < analysis.rows.length ? `(top ${shown.length} of ${analysis.rows.length})` : '';
  return base(`Error analysis: share of dev errors per category ${title}`.trim(), {
    data: { values },
    encoding: {
      y: {
        field: 'category',
        type: 'nominal',
        sort: values.map((v) => v.category),
        title: null,
        axis: { labelLimit: 260 },
      },
      x: { field: 'share', type: 'quantitative', axis: { format: '.0%' }, title: 'share of reviewed errors' },
    },
    layer: [
      { mark: { type: 'bar', color: '#54a24b' } },
      { mark: { type: 'text', align: 'left', dx: 3 }, encoding: { text: { field: 'share', format: '.0%' } } },
    ],
    height: 24 * values.length,
  });
}

/**
 * Error against training-set size for each approach, on dev when every point has it (choices are
 * made there), else on test: the mean with a band — the 95 % interval over the set's examples when
 * the runs gave per-example errors, else ±1 standard deviation over seeds.
 */
export function approachCurves(
  curves: readonly ApproachCurve[],
  options: { bayes?: number; percent: boolean },
): Spec | null {
  const set = choiceSet(curves);
  const values = curves.flatMap((c) =>
    c.points.map((p) => {
      const spread = set === 'dev' ? p.devError! : p.testError;
      const interval = p.intervals?.[set];
      return {
        approach: c.approach,
        size: p.size,
        error: spread.mean,
        low: interval ? interval.low : spread.mean - spread.std,
        high: interval ? interval.high : spread.mean + spread.std,
      };
    }),
  );
  if (values.length === 0) return null;
  const format = options.percent ? '.1%' : '.3~g';
  const x = { field: 'size', type: 'quantitative', scale: { type: 'log', nice: false }, title: 'training examples' };
  const y = { field: 'error', type: 'quantitative', axis: { format }, title: `${set} ${errorTitle(options.percent)}` };
  return base(`Learning curves: ${set} error vs training-set size`, {
    layer: [
      {
        data: { values },
        layer: [
          {
            mark: { type: 'area', opacity: 0.2 },
            encoding: {
              x,
              y: { ...y, field: 'low' },
              y2: { field: 'high' },
              color: { field: 'approach' },
            },
          },
          {
            mark: { type: 'line', point: true },
            encoding: {
              x,
              y,
              color: legendColor(
                'approach',
                curves.map((c) => c.approach),
                options.bayes,
                'approach',
              ),
            },
          },
        ],
      },
      ...(options.bayes === undefined ? [] : [humanLevelRule(options.bayes, y)]),
    ],
  });
}
