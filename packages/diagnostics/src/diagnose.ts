import { DiagnosticsError } from './errors.js';
import {
  compareGaps,
  type Enlargement,
  estimateGap,
  type GapEstimate,
  type GapForm,
  type SizeAdvice,
  type SplitName,
} from './gap_uncertainty.js';
import { absoluteError, percent as asPercent, rate } from './rates.js';
import { type MeasuredSplit, measureSplit, rejectAccuracies, type SplitMeasure } from './split_measure.js';

/** Where the recipe says to work next: avoidable bias, variance, data mismatch, or overfitting to the dev set. */
export type Focus = 'avoidable-bias' | 'variance' | 'data-mismatch' | 'dev-overfit';

/** What `diagnose` reads: human-level error(s) and the errors measured on train, train-dev, dev (and test). */
export interface DiagnoseInput {
  /** Human-level error: one number, or several ({ typicalHuman: 0.03, experiencedDoctor: 0.007, teamOfExperts: 0.005 }). Taken as exact. */
  humanLevel: number | Readonly<Record<string, number>>;
  /** Training error: a rate, `{ errors, n }` or `{ rate, n }` (see `SplitMeasure`). With sizes, every gap gets an interval. */
  train: SplitMeasure;
  /** Error on the train-dev set (same distribution as train, not trained on), if you have one. */
  trainDev?: SplitMeasure;
  dev: SplitMeasure;
  test?: SplitMeasure;
  /**
   * An absolute floor under which a gap is not worth working on, whatever the data say. Default: none
   * with sizes (the intervals decide); without sizes 5 % of the dev error (relative, so error rates
   * below 1 % are diagnosed too); 0 with a unit.
   */
  minGap?: number;
  /**
   * For errors that are not rates (regression): their unit, e.g. 'years' for a mean absolute error
   * in years. Errors are then any non-negative numbers, and the summary prints them in the unit.
   */
  unit?: string;
  /** Confidence of the gaps' intervals and of telling gaps apart. Default 0.95. */
  confidence?: number;
}

/**
 * What `diagnose` concludes: the Bayes proxy, each gap (avoidable bias, variance, data mismatch, dev overfitting), the focus, the problems, next steps and caveats.
 */
export interface Diagnosis {
  /** The human-level error used as the proxy for Bayes error, and why. */
  readonly bayesProxy: { readonly value: number; readonly source: string; readonly reason: string };
  /** train − Bayes proxy. */
  readonly avoidableBias: number;
  /** trainDev − train with a train-dev set, else dev − train. */
  readonly variance: number;
  /** dev − trainDev (null without a train-dev set: it cannot be told apart from variance). */
  readonly dataMismatch: number | null;
  /** test − dev (null without a test error): how much the dev set has been overfit. */
  readonly devOverfit: number | null;
  /** Each measured gap with its interval (when sizes are known) and whether it stands out. */
  readonly gaps: Readonly<Partial<Record<Focus, GapEstimate>>>;
  /** 'measured' when every set has a size, 'partial' when some do, 'unknown' when none do. */
  readonly uncertainty: 'measured' | 'partial' | 'unknown';
  readonly confidence: number;
  /** The largest gap that stands out, or 'none'. Exact ties go to the earlier step of the recipe. */
  readonly focus: Focus | 'none';
  /** Gaps that stand out and are more than half the focus or tied with it: "both" cases list two or more. */
  readonly problems: readonly Focus[];
  /** Gaps the data cannot tell apart from the focus (with sizes), or equal to it (without). */
  readonly tiedWith: readonly Focus[];
  /**
   * With sizes, when the focus is not resolved (tied with the runner-up, or nothing stands out):
   * which sets to enlarge and to about what size (fewest added examples, 80 % power). Empty otherwise.
   */
  readonly enlarge: readonly Enlargement[];
  readonly nextSteps: readonly string[];
  readonly caveats: readonly string[];
  /** One paragraph saying the above. */
  readonly summary: string;
}

const ORDER: readonly Focus[] = ['avoidable-bias', 'variance', 'data-mismatch', 'dev-overfit'];

/** The recipe's next steps per problem. */
export const NEXT_STEPS: Readonly<Record<Focus, readonly string[]>> = {
  'avoidable-bias': [
    'Train a bigger model (more units or layers).',
    'Train longer, or with a better optimisation algorithm (momentum, RMSProp, Adam).',
    'Search for a better architecture or hyperparameters.',
  ],
  variance: [
    'Get more training data.',
    'Regularise: L2, dropout, data augmentation.',
    'Search for a better architecture or hyperparameters.',
  ],
  'data-mismatch': [
    'Do manual error analysis to understand how the training data differ from dev/test.',
    'Make the training data more like dev/test, e.g. by artificial data synthesis — but beware synthesising from a small pool (1 hour of car noise reused over 10,000 hours of speech): the model may overfit to it.',
    'Collect more data like dev/test and add it to training.',
  ],
  'dev-overfit': ['Get a bigger dev set: the dev set has been overfit by tuning on it.'],
};

/**
 * Bias, variance, data mismatch and dev overfitting from error rates, and the recipe's next step.
 * Human-level error stands in for Bayes error (the best one: the lowest of several).
 *
 * With set sizes (`{ errors, n }` or `{ rate, n }` per split) every gap gets an interval — Wilson for
 * avoidable bias, Newcombe's hybrid score for the differences of two sets — and a gap stands out only
 * when its interval lies above 0. When the largest gap cannot be told from the next one (a normal
 * test on their difference), `tiedWith` lists it and the summary names the set to enlarge and about
 * to what size. Without sizes the gaps are ranked by size, the floor is relative (5 % of the dev
 * error), and a caveat says the uncertainty is unknown.
 *
 * @example
 * diagnose({ humanLevel: 0.01, train: 0.08, dev: 0.1 }).focus; // 'avoidable-bias' (7 % vs 2 %)
 * diagnose({ humanLevel: 0.01, train: { errors: 20, n: 250 }, dev: { errors: 25, n: 250 } }).summary;
 */
export function diagnose(input: DiagnoseInput): Diagnosis {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    throw new DiagnosticsError('diagnose: pass { humanLevel, train, dev, … } error rates');
  const { unit } = input;
  if (unit !== undefined && (typeof unit !== 'string' || unit.trim() === ''))
    throw new DiagnosticsError(`diagnose: unit must be a word such as 'years', got ${String(unit)}`);
  const check = unit === undefined ? rate : absoluteError;
  const percent = unit === undefined ? asPercent : (v: number) => `${Number(v.toPrecision(3))} ${unit}`;
  const confidence = input.confidence === undefined ? 0.95 : input.confidence;
  if (!(typeof confidence === 'number' && confidence > 0 && confidence < 1))
    throw new DiagnosticsError(`diagnose: confidence must be in (0, 1), e.g. 0.95, got ${String(confidence)}`);
  if (
    input.minGap !== undefined &&
    !(typeof input.minGap === 'number' && input.minGap >= 0 && (unit !== undefined || input.minGap < 1))
  )
    throw new DiagnosticsError(`diagnose: minGap must be in [0, 1), got ${input.minGap}`);
  const bayesProxy = chooseHumanLevel(input.humanLevel, check, percent);
  const splits: Partial<Record<SplitName, MeasuredSplit>> = {
    train: measureSplit(input.train, 'train', unit),
    dev: measureSplit(input.dev, 'dev', unit),
  };
  if (input.trainDev !== undefined) splits.trainDev = measureSplit(input.trainDev, 'trainDev', unit);
  if (input.test !== undefined) splits.test = measureSplit(input.test, 'test', unit);
  if (unit === undefined)
    rejectAccuracies([
      ...humanRates(input.humanLevel),
      ...Object.entries(splits).map(([k, v]) => [k, v.rate] as const),
    ]);
  const train = splits.train!.rate;
  const dev = splits.dev!.rate;
  const trainDev = splits.trainDev?.rate;

  const forms: Partial<Record<Focus, GapForm>> = {
    'avoidable-bias': { plus: 'train', minus: 'bayes' },
    variance: { plus: trainDev === undefined ? 'dev' : 'trainDev', minus: 'train' },
    ...(trainDev === undefined ? {} : { 'data-mismatch': { plus: 'dev', minus: 'trainDev' } as GapForm }),
    ...(splits.test === undefined ? {} : { 'dev-overfit': { plus: 'test', minus: 'dev' } as GapForm }),
  };
  const measured = ORDER.filter((f) => forms[f] !== undefined);
  const sized = Object.values(splits).filter((s) => s.n !== undefined).length;
  const uncertainty = sized === 0 ? 'unknown' : sized === Object.keys(splits).length ? 'measured' : 'partial';
  const relativeFloor = unit === undefined && uncertainty !== 'measured' && input.minGap === undefined;
  const floor = input.minGap ?? (relativeFloor ? RELATIVE_FLOOR * dev : 0);
  const gaps: Partial<Record<Focus, GapEstimate>> = {};
  for (const f of measured) {
    const g = estimateGap(forms[f]!, splits, bayesProxy.value, confidence);
    const standsOut = g.low === null ? g.value > 0 && g.value >= floor : g.low > 0 && g.value >= floor;
    gaps[f] = { ...g, standsOut };
  }
  const value = (f: Focus) => gaps[f]!.value;
  const standing = measured.filter((f) => gaps[f]!.standsOut);
  const focus: Focus | 'none' =
    standing.length === 0 ? 'none' : standing.reduce((best, f) => (value(f) > value(best) + 1e-12 ? f : best));

  // Ties: with sizes, a gap the data cannot tell from the focus; without, an equal gap.
  const tiedWith: Focus[] = [];
  let enlarge: readonly Enlargement[] = [];
  let advice = '';
  const withSizes = (f: Focus) => gaps[f]!.low !== null;
  if (focus !== 'none') {
    // Every positive gap the data cannot tell from the focus is tied; the advice is for the largest of them.
    const others = measured.filter((f) => f !== focus && value(f) > 0).sort((a, b) => value(b) - value(a));
    for (const f of others) {
      if (withSizes(f) && withSizes(focus)) {
        const c = compareGaps(forms[focus]!, forms[f]!, value(focus) - value(f), splits, confidence);
        if (c.distinguishable) continue;
        if (tiedWith.length === 0) {
          advice = adviceText(
            `${focus} (${percent(value(focus))}) from ${f} (${percent(value(f))})`,
            c.advice,
            confidence,
          );
          if (c.advice.kind === 'enlarge') enlarge = c.advice.sets;
        }
        tiedWith.push(f);
      } else if (Math.abs(value(f) - value(focus)) <= 1e-12) tiedWith.push(f);
    }
  } else {
    const largest = measured.reduce((best, f) => (value(f) > value(best) + 1e-12 ? f : best));
    if (value(largest) > 0 && withSizes(largest)) {
      const c = compareGaps(forms[largest]!, undefined, value(largest), splits, confidence);
      advice = adviceText(`whether the ${largest} gap of ${percent(value(largest))} is real`, c.advice, confidence);
      if (c.advice.kind === 'enlarge') enlarge = c.advice.sets;
    }
  }
  const problems =
    focus === 'none'
      ? []
      : measured.filter(
          (f) => f === focus || (gaps[f]!.standsOut && (value(f) > 0.5 * value(focus) + 1e-12 || tiedWith.includes(f))),
        );

  const caveats: string[] = [];
  if (train <= bayesProxy.value) {
    caveats.push(
      `Train error (${percent(train)}) is at or below human level (${percent(bayesProxy.value)}): avoidable bias can no longer be estimated, ` +
        'progress usually slows from here, and tools that rely on human insight (error analysis by people, human-labelled data) help less.',
    );
  }
  if (trainDev === undefined && dev - train > 0 && dev - train >= floor) {
    caveats.push(
      'Without a train-dev set, variance and data mismatch cannot be told apart: the dev − train gap may be either.',
    );
  }
  const mismatch = gaps['data-mismatch'];
  if (
    mismatch !== undefined &&
    (mismatch.high === null ? mismatch.value < -Math.max(floor, 1e-12) : mismatch.high < 0)
  ) {
    caveats.push('Dev error is below train-dev error: the dev data may be easier than the training data.');
  }
  if (uncertainty !== 'measured') {
    const sizedForm = unit === undefined ? '{ errors, n }' : '{ value, standardError, n }';
    caveats.push(
      uncertainty === 'unknown'
        ? `No set sizes were given, so the uncertainty of these gaps is unknown; they are ranked by size${relativeFloor ? ` and gaps under 5 % of the dev error (${percent(floor)}) are ignored` : ''}. Pass ${sizedForm} per set to get intervals.`
        : `Some sets have no size: gaps involving them have no interval. Pass ${sizedForm} for every set.`,
    );
  }
  const nextSteps = problems.flatMap((p) => NEXT_STEPS[p]).filter((s, i, all) => all.indexOf(s) === i);
  const described = measured.map((f) => describeGap(f, gaps[f]!, percent)).join(', ');
  const level = `${Math.round(1000 * confidence) / 10} %`;
  const head = `Bayes proxy ${percent(bayesProxy.value)} (${bayesProxy.source}). Gaps${uncertainty === 'unknown' ? '' : ` (${level} intervals)`}: ${described}.`;
  let summary: string;
  if (focus === 'none') {
    summary =
      uncertainty !== 'unknown'
        ? `${head} No gap is distinguishable from noise at ${level} confidence; nothing stands out to work on yet.`
        : `Every gap is below ${percent(floor)} (${measured.map((f) => `${f} ${percent(value(f))}`).join(', ')}); nothing stands out to work on.`;
  } else {
    summary = `${head} Focus on ${problems.length > 1 ? problems.join(' and ') : focus}.`;
    if (tiedWith.length > 0 && uncertainty !== 'unknown')
      summary += ` The data cannot tell ${focus} apart from ${tiedWith.join(' or ')} at ${level} confidence.`;
  }
  if (advice !== '') summary += ` ${advice}`;
  return {
    bayesProxy,
    avoidableBias: gaps['avoidable-bias']!.value,
    variance: gaps.variance!.value,
    dataMismatch: gaps['data-mismatch']?.value ?? null,
    devOverfit: gaps['dev-overfit']?.value ?? null,
    gaps,
    uncertainty,
    confidence,
    focus,
    problems,
    tiedWith,
    enlarge,
    nextSteps,
    caveats,
    summary,
  };
}

/** Without sizes, gaps below this share of the dev error are not worth working on. */
const RELATIVE_FLOOR = 0.05;

const SET_NAMES: Record<SplitName, string> = { train: 'train', trainDev: 'train-dev', dev: 'dev', test: 'test' };

function describeGap(f: Focus, g: GapEstimate, percent: (v: number) => string): string {
  if (g.low === null || g.high === null) return `${f} ${percent(g.value)}`;
  return `${f} ${percent(g.value)} [${percent(g.low)}, ${percent(g.high)}]`;
}

function adviceText(what: string, advice: SizeAdvice, confidence: number): string {
  const level = `${Math.round(1000 * confidence) / 10} %`;
  if (advice.kind === 'equal') return `To tell ${what}: they are equal, so no set size would separate them.`;
  const parts = advice.sets.map(
    (s) =>
      `the ${SET_NAMES[s.split]} set from ${s.from.toLocaleString('en')} to about ${s.to.toLocaleString('en')} examples`,
  );
  const sets = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts.join('');
  return `To tell ${what} at ${level} confidence (80 % power), enlarge ${sets}.`;
}

function humanRates(humanLevel: DiagnoseInput['humanLevel']): Array<readonly [string, number]> {
  if (typeof humanLevel === 'number') return [['humanLevel', humanLevel]];
  return Object.entries(humanLevel ?? {}).map(([name, v]) => [`humanLevel.${name}`, v] as const);
}

function chooseHumanLevel(
  humanLevel: DiagnoseInput['humanLevel'],
  check: typeof rate,
  percent: (v: number) => string,
): Diagnosis['bayesProxy'] {
  if (typeof humanLevel === 'number') {
    const value = check(humanLevel, 'humanLevel', 'diagnose');
    return { value, source: 'humanLevel', reason: 'the human-level error given is the proxy for Bayes error' };
  }
  if (humanLevel !== null && typeof humanLevel === 'object' && Array.isArray(humanLevel)) {
    throw new DiagnosticsError(
      `diagnose: humanLevel is a number or named levels ({ typicalHuman: 0.03, expert: 0.007 }), got the array ${JSON.stringify(humanLevel)}`,
    );
  }
  const entries = Object.entries(humanLevel ?? {});
  if (entries.length === 0)
    throw new DiagnosticsError('diagnose: humanLevel is missing; give a number or named levels');
  const checked = entries.map(([name, v]) => [name, check(v, `humanLevel.${name}`, 'diagnose')] as const);
  const [source, value] = checked.reduce((best, e) => (e[1] < best[1] ? e : best));
  return {
    value,
    source,
    reason: `Bayes error is at most the best performance anyone achieves: ${source} (${percent(value)}) is the lowest of ${checked.map(([n, v]) => `${n} ${percent(v)}`).join(', ')}`,
  };
}
