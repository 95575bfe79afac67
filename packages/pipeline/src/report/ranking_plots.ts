import { base, type Spec } from './plot_base.js';
import type { PrPoint, RocPoint } from './ranking_curves.js';

// Vega-Lite specs of the ROC and precision–recall curves. Each returns null when there is nothing to draw.

/** One-vs-rest ROC curves (one per class shown), with the diagonal of a classifier that guesses. */
export function rocCurves(
  series: readonly { readonly name: string; readonly points: readonly RocPoint[] }[],
): Spec | null {
  const values = series.flatMap((s) =>
    s.points.map((p, order) => ({ class: s.name, order, fpr: p.falsePositiveRate, tpr: p.truePositiveRate })),
  );
  if (values.length === 0) return null;
  return curveChart('ROC curve (dev)', values, {
    x: { field: 'fpr', title: 'false-positive rate' },
    y: { field: 'tpr', title: 'true-positive rate' },
    order: series.map((s) => s.name),
    chance: {
      values: [
        { x: 0, y: 0 },
        { x: 1, y: 1 },
      ],
    },
  });
}

/** Precision against recall (one curve per class shown); where a curve ends on the right is full recall. */
export function prCurves(
  series: readonly { readonly name: string; readonly points: readonly PrPoint[] }[],
): Spec | null {
  const values = series.flatMap((s) =>
    s.points.map((p, order) => ({ class: s.name, order, recall: p.recall, precision: p.precision })),
  );
  if (values.length === 0) return null;
  return curveChart('Precision–recall curve (dev)', values, {
    x: { field: 'recall', title: 'recall' },
    y: { field: 'precision', title: 'precision' },
    order: series.map((s) => s.name),
  });
}

function curveChart(
  title: string,
  values: readonly Record<string, unknown>[],
  axes: {
    x: { field: string; title: string };
    y: { field: string; title: string };
    order: readonly string[];
    chance?: { values: readonly { x: number; y: number }[] };
  },
): Spec {
  const scale = { domain: [0, 1] };
  const x = { field: axes.x.field, type: 'quantitative', scale, title: axes.x.title };
  const y = { field: axes.y.field, type: 'quantitative', scale, title: axes.y.title };
  return base(title, {
    width: 320,
    height: 300,
    layer: [
      ...(axes.chance
        ? [
            {
              data: { values: axes.chance.values },
              mark: { type: 'line', strokeDash: [4, 4], color: '#999' },
              encoding: { x: { ...x, field: 'x' }, y: { ...y, field: 'y' } },
            },
          ]
        : []),
      {
        data: { values },
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x,
          y,
          order: { field: 'order', type: 'quantitative' },
          color: { field: 'class', type: 'nominal', sort: axes.order, title: 'class' },
        },
      },
    ],
  });
}
