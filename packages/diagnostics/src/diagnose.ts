import { DiagnosticsError } from './errors.js';
import { absoluteError, percent as asPercent, rate } from './rates.js';

/** Where the recipe says to work next: avoidable bias, variance, data mismatch, or overfitting to the dev set. */
export type Focus = 'avoidable-bias' | 'variance' | 'data-mismatch' | 'dev-overfit';

/** What `diagnose` reads: human-level error(s) and the errors measured on train, train-dev, dev (and test). */
export interface DiagnoseInput {
  /** Human-level error: one number, or several ({ typicalHuman: 0.03, experiencedDoctor: 0.007, teamOfExperts: 0.005 }). */
  humanLevel: number | Readonly<Record<string, number>>;
  train: number;
  /** Error on the train-dev set (same distribution as train, not trained on), if you have one. */
  trainDev?: number;
  dev: number;
  test?: number;
  /** Gaps smaller than this are noise, not a problem to work on. Default 0.005 (half a percentage point), or 0 with a unit. */
  minGap?: number;
  /**
   * For errors that are not rates (regression): their unit, e.g. 'years' for a mean absolute error
   * in years. Errors are then any non-negative numbers, and the summary prints them in the unit.
   */
  unit?: string;
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
  /** The largest gap, or 'none' when every gap is below minGap. Ties go to the earlier step of the recipe. */
  readonly focus: Focus | 'none';
  /** Every gap at least half the largest (and above minGap): "both" cases list two or more. */
  readonly problems: readonly Focus[];
  /** Gaps equal to the focus's (within 1e-12). */
  readonly tiedWith: readonly Focus[];
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
 * @example
 * diagnose({ humanLevel: 0.01, train: 0.08, dev: 0.1 }).focus; // 'avoidable-bias' (7 % vs 2 %)
 */
export function diagnose(input: DiagnoseInput): Diagnosis {
  if (input === null || typeof input !== 'object')
    throw new DiagnosticsError('diagnose: pass { humanLevel, train, dev, … } error rates');
  const { unit } = input;
  if (unit !== undefined && (typeof unit !== 'string' || unit.trim() === ''))
    throw new DiagnosticsError(`diagnose: unit must be a word such as 'years', got ${String(unit)}`);
  const check = unit === undefined ? rate : absoluteError;
  const percent = unit === undefined ? asPercent : (v: number) => `${Number(v.toPrecision(3))} ${unit}`;
  const minGap = input.minGap ?? (unit === undefined ? 0.005 : 0);
  if (!(minGap >= 0 && (unit !== undefined || minGap < 1)))
    throw new DiagnosticsError(`diagnose: minGap must be in [0, 1), got ${minGap}`);
  const bayesProxy = chooseHumanLevel(input.humanLevel, check, percent);
  const train = check(input.train, 'train', 'diagnose');
  const dev = check(input.dev, 'dev', 'diagnose');
  const trainDev = input.trainDev === undefined ? undefined : check(input.trainDev, 'trainDev', 'diagnose');
  const test = input.test === undefined ? undefined : check(input.test, 'test', 'diagnose');

  const avoidableBias = train - bayesProxy.value;
  const variance = (trainDev ?? dev) - train;
  const dataMismatch = trainDev === undefined ? null : dev - trainDev;
  const devOverfit = test === undefined ? null : test - dev;
  const gaps: Record<Focus, number | null> = {
    'avoidable-bias': avoidableBias,
    variance,
    'data-mismatch': dataMismatch,
    'dev-overfit': devOverfit,
  };
  const measured = ORDER.filter((f) => gaps[f] !== null);
  const largest = Math.max(...measured.map((f) => gaps[f]!));
  const focus = largest < minGap ? 'none' : measured.find((f) => gaps[f] === largest)!;
  const tiedWith = focus === 'none' ? [] : measured.filter((f) => f !== focus && Math.abs(gaps[f]! - largest) <= 1e-12);
  const problems = focus === 'none' ? [] : measured.filter((f) => gaps[f]! >= minGap && gaps[f]! >= 0.5 * largest);

  const caveats: string[] = [];
  if (train <= bayesProxy.value) {
    caveats.push(
      `Train error (${percent(train)}) is at or below human level (${percent(bayesProxy.value)}): avoidable bias can no longer be estimated, ` +
        'progress usually slows from here, and tools that rely on human insight (error analysis by people, human-labelled data) help less.',
    );
  }
  if (trainDev === undefined && dev - train >= minGap) {
    caveats.push(
      'Without a train-dev set, variance and data mismatch cannot be told apart: the dev − train gap may be either.',
    );
  }
  if (dataMismatch !== null && dataMismatch < -minGap) {
    caveats.push('Dev error is below train-dev error: the dev data may be easier than the training data.');
  }
  const nextSteps = problems.flatMap((p) => NEXT_STEPS[p]).filter((s, i, all) => all.indexOf(s) === i);
  const described = ORDER.filter((f) => gaps[f] !== null)
    .map((f) => `${f} ${percent(gaps[f]!)}`)
    .join(', ');
  const summary =
    focus === 'none'
      ? `Every gap is below ${percent(minGap)} (${described}); nothing stands out to work on.`
      : `Bayes proxy ${percent(bayesProxy.value)} (${bayesProxy.source}). Gaps: ${described}. ` +
        `Focus on ${problems.length > 1 ? problems.join(' and ') : focus}.`;
  return {
    bayesProxy,
    avoidableBias,
    variance,
    dataMismatch,
    devOverfit,
    focus,
    problems,
    tiedWith,
    nextSteps,
    caveats,
    summary,
  };
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
