import { accuracy } from './accuracy.js';
import { MetricInputError } from './errors.js';
import { isMatrixInput, optionsObject, toVector, type VectorInput } from './input.js';
import { type LabelInput, precisionRecallFScore, type ZeroDivision } from './precision_recall_fscore.js';

/** One row of a classification report: a class (or an average) with its precision, recall, F1 and support. */
export interface ReportRow {
  /** Class index, or -1 for average rows. */
  readonly label: number;
  readonly name: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

/**
 * The result of `classificationReport`: a row per class, accuracy and the averages, and its text and Markdown renderings.
 */
export interface ClassificationReport {
  readonly classes: readonly ReportRow[];
  /** Single-label problems only (multi-label reports have `micro` instead). */
  readonly accuracy?: number;
  readonly micro?: ReportRow;
  readonly macro: ReportRow;
  readonly weighted: ReportRow;
  /** Multi-label only: the per-sample average. */
  readonly samples?: ReportRow;
  /** scikit-learn's text layout, digits as asked. */
  toText(): string;
  /** A Markdown table of the same figures. */
  toMarkdown(): string;
}

/** Options of `classificationReport`: class names, class count, decimal places and the zero-division value. */
export interface ReportOptions {
  /** Class names, index-aligned with the labels. */
  targetNames?: readonly string[];
  numClasses?: number;
  /** Decimal places. Default 2, as scikit-learn. */
  digits?: number;
  zeroDivision?: ZeroDivision;
}

/**
 * Per-class precision, recall, F1 and support with their averages, as data, as text (the layout of
 * scikit-learn's `classification_report`) and as Markdown.
 *
 * @example
 * console.log(classificationReport(yTrue, yPred, { targetNames: ['cat', 'dog'] }).toText());
 */
export function classificationReport(
  yTrue: LabelInput,
  yPred: LabelInput,
  options: ReportOptions = {},
): ClassificationReport {
  optionsObject(options, 'classificationReport');
  const digits = options.digits === undefined ? 2 : options.digits;
  if (!(Number.isInteger(digits) && digits >= 0 && digits <= 15)) {
    throw new MetricInputError(`classificationReport: digits must be an integer in [0, 15], got ${digits}`);
  }
  const multilabel = isMatrixInput(yTrue) || isMatrixInput(yPred);
  const base = {
    numClasses: options.numClasses,
    zeroDivision: options.zeroDivision === undefined ? 0 : options.zeroDivision,
  };
  const perClass = precisionRecallFScore(yTrue, yPred, { ...base, average: 'none' });
  // Present labels, in order: all of numClasses when given, else those that occur.
  const labels = presentLabels(yTrue, yPred, perClass.support.length, multilabel, options.numClasses);
  const names = options.targetNames;
  if (names !== undefined && (!Array.isArray(names) || names.some((n) => typeof n !== 'string'))) {
    throw new MetricInputError(
      `classificationReport: targetNames must be an array of strings, got ${JSON.stringify(names)}`,
    );
  }
  if (names !== undefined && new Set(names).size !== names.length) {
    const repeated = names.filter((n, i) => names.indexOf(n) !== i);
    throw new MetricInputError(
      `classificationReport: targetNames repeats ${JSON.stringify([...new Set(repeated)])}; each class needs its own name`,
    );
  }
  if (names !== undefined && names.length !== labels.length) {
    throw new MetricInputError(
      `classificationReport: ${names.length} targetNames for ${labels.length} classes (${labels.join(', ')}); give one name per class`,
    );
  }
  const classes = labels.map((label, i) => ({
    label,
    name: names?.[i] ?? String(label),
    precision: perClass.precision[i]!,
    recall: perClass.recall[i]!,
    f1: perClass.fScore[i]!,
    support: perClass.support[i]!,
  }));
  const row = (name: string, average: 'micro' | 'macro' | 'weighted' | 'samples'): ReportRow => {
    const s = precisionRecallFScore(yTrue, yPred, { ...base, average });
    return { label: -1, name, precision: s.precision, recall: s.recall, f1: s.fScore, support: s.support };
  };
  const macro = row('macro avg', 'macro');
  const weighted = row('weighted avg', 'weighted');
  const micro = multilabel ? row('micro avg', 'micro') : undefined;
  const samples = multilabel ? row('samples avg', 'samples') : undefined;
  const acc = multilabel ? undefined : accuracy(yTrue, yPred);
  const total = classes.reduce((s, c) => s + c.support, 0);
  const averages = [micro, macro, weighted, samples].filter((r): r is ReportRow => r !== undefined);
  const figures: Figures = { classes, averages, acc, total, digits };

  return {
    classes,
    ...(acc === undefined ? {} : { accuracy: acc }),
    ...(micro === undefined ? {} : { micro }),
    macro,
    weighted,
    ...(samples === undefined ? {} : { samples }),
    toText: () => formatText(figures),
    toMarkdown: () => formatMarkdown(figures),
  };
}

function presentLabels(
  yTrue: LabelInput,
  yPred: LabelInput,
  count: number,
  multilabel: boolean,
  numClasses?: number,
): number[] {
  if (multilabel || numClasses !== undefined) return Array.from({ length: count }, (_, i) => i);
  const seen = new Set<number>();
  for (const y of [yTrue, yPred] as const) {
    const values = toVector(y as VectorInput, 'classificationReport', y === yTrue ? 'yTrue' : 'yPred');
    for (let i = 0; i < values.length; i++) seen.add(values[i]!);
  }
  return [...seen].sort((a, b) => a - b);
}

// Mirrors scikit-learn's classification_report: names right-aligned to the widest of the names
// and "weighted avg", then columns 9 wide.
/** What both report layouts print. */
interface Figures {
  readonly classes: readonly ReportRow[];
  readonly averages: readonly ReportRow[];
  readonly acc: number | undefined;
  readonly total: number;
  readonly digits: number;
}

function formatText({ classes, averages, acc, total, digits }: Figures): string {
  const width = Math.max(...classes.map((c) => c.name.length), 'weighted avg'.length, digits);
  const pad = (s: string, w: number) => s.padStart(w);
  const num = (v: number) => pad(v.toFixed(digits), 9);
  const line = (r: ReportRow) =>
    `${pad(r.name, width)}  ${num(r.precision)} ${num(r.recall)} ${num(r.f1)} ${pad(String(r.support), 9)}\n`;
  let text = `${pad('', width)}  ${['precision', 'recall', 'f1-score', 'support'].map((h) => pad(h, 9)).join(' ')}\n\n`;
  for (const c of classes) text += line(c);
  text += '\n';
  if (acc !== undefined) {
    text += `${pad('accuracy', width)}  ${pad('', 9)} ${pad('', 9)} ${num(acc)} ${pad(String(total), 9)}\n`;
  }
  for (const r of averages) text += line(r);
  return text;
}

function formatMarkdown({ classes, averages, acc, total, digits }: Figures): string {
  const f = (v: number) => v.toFixed(digits);
  const rows = [
    '| class | precision | recall | f1-score | support |',
    '|---|---:|---:|---:|---:|',
    ...classes.map((c) => `| ${c.name} | ${f(c.precision)} | ${f(c.recall)} | ${f(c.f1)} | ${c.support} |`),
    ...(acc === undefined ? [] : [`| **accuracy** | | | ${f(acc)} | ${total} |`]),
    ...averages.map((r) => `| **${r.name}** | ${f(r.precision)} | ${f(r.recall)} | ${f(r.f1)} | ${r.support} |`),
  ];
  return `${rows.join('\n')}\n`;
}
