import { DiagnosticsError } from './errors.js';

/** The result of `gradientHealth`: each layer's gradient norm and whether they vanish, explode or are not finite. */
export interface GradientHealth {
  readonly norms: ReadonlyArray<{ readonly layer: string; readonly norm: number }>;
  readonly verdict: 'healthy' | 'vanishing' | 'exploding' | 'non-finite';
  readonly message: string;
}

/**
 * Vanishing / exploding gradients from per-layer gradient norms, first layer to last. In a deep
 * network they shrink or grow geometrically with depth; initialisation scaled to the fan-in (He,
 * Xavier) is the course's partial remedy. Vanishing: the first layer's norm is below 1e-3 × the
 * last's; exploding: above 1e3 × the last's, or any norm above `maxNorm`.
 */
export function gradientHealth(
  gradsByLayer: ReadonlyArray<{ layer: string; norm: number }>,
  options: { maxNorm?: number } = {},
): GradientHealth {
  const { maxNorm = 1e3 } = optionsOf(options, 'gradientHealth');
  if (typeof maxNorm !== 'number' || !(maxNorm > 0 && Number.isFinite(maxNorm))) {
    throw new DiagnosticsError(`gradientHealth: maxNorm must be a positive finite number, got ${String(maxNorm)}`);
  }
  if (!Array.isArray(gradsByLayer) || gradsByLayer.length < 2)
    throw new DiagnosticsError('gradientHealth: give the gradient norms of at least two layers, first to last');
  for (const g of gradsByLayer) {
    // NaN/Infinity are diagnoses (the 'non-finite' verdict); anything that is not a number is a mistake.
    if (g === null || typeof g !== 'object' || typeof g.norm !== 'number' || g.norm < 0) {
      throw new DiagnosticsError(
        `gradientHealth: each entry is { layer, norm } with a norm ≥ 0 (NaN and Infinity are diagnosed), got ${JSON.stringify(g)}`,
      );
    }
  }
  const norms = gradsByLayer.map(({ layer, norm }) => ({ layer, norm }));
  const bad = norms.find((n) => !Number.isFinite(n.norm));
  if (bad !== undefined)
    return {
      norms,
      verdict: 'non-finite',
      message: `the gradient of ${bad.layer} is ${bad.norm}: lower the learning rate or clip gradients`,
    };
  const first = norms[0]!.norm;
  const last = norms[norms.length - 1]!.norm;
  const ratio = last === 0 ? Number.POSITIVE_INFINITY : first / last;
  if (ratio < 1e-3) {
    return {
      norms,
      verdict: 'vanishing',
      message: `the first layer's gradient is ${ratio.toExponential(1)} × the last's: gradients vanish with depth; use relu with He initialisation, batch norm or a shallower network`,
    };
  }
  if (ratio > 1e3 || norms.some((n) => n.norm > maxNorm)) {
    return {
      norms,
      verdict: 'exploding',
      message:
        'gradients explode: clip them (clipByGlobalNorm), lower the learning rate, or scale the initialisation to the fan-in',
    };
  }
  return {
    norms,
    verdict: 'healthy',
    message: `gradient norms stay within 1e3 of each other across ${norms.length} layers`,
  };
}

/**
 * A problem `lossCurveCheck` finds in a loss history (NaN, divergence, no decrease, plateau), and the epoch where it shows.
 */
export interface LossCurveIssue {
  readonly kind: 'nan' | 'diverging' | 'not-decreasing' | 'plateau';
  /** The epoch (index in the history) where it shows. */
  readonly at: number;
  readonly message: string;
}

/**
 * Reads a loss history (per epoch or per step). NaN/Infinity; divergence (the last loss above the
 * first); not decreasing over the first `window` values (with gradient descent J should fall every
 * iteration: a backprop bug or a learning rate too high); a plateau (relative change below
 * `plateauTolerance` over the last `window` values).
 */
export function lossCurveCheck(
  history: readonly number[],
  options: { window?: number; plateauTolerance?: number } = {},
): LossCurveIssue[] {
  const { window = 5, plateauTolerance = 1e-3 } = optionsOf(options, 'lossCurveCheck');
  if (!(Number.isInteger(window) && window >= 1 && window <= Number.MAX_SAFE_INTEGER)) {
    throw new DiagnosticsError(`lossCurveCheck: window must be a positive integer, got ${String(window)}`);
  }
  if (typeof plateauTolerance !== 'number' || !(plateauTolerance >= 0 && Number.isFinite(plateauTolerance))) {
    throw new DiagnosticsError(
      `lossCurveCheck: plateauTolerance must be a finite number ≥ 0, got ${String(plateauTolerance)}`,
    );
  }
  if (!Array.isArray(history) || history.length < 2)
    throw new DiagnosticsError('lossCurveCheck: give at least two losses');
  // NaN/Infinity are diagnosed (the 'nan' issue); a value that is not a number is a mistake.
  const notNumber = history.findIndex((v) => typeof v !== 'number');
  if (notNumber >= 0) {
    throw new DiagnosticsError(
      `lossCurveCheck: history[${notNumber}] is ${JSON.stringify(history[notNumber])}; losses are numbers`,
    );
  }
  const issues: LossCurveIssue[] = [];
  const nan = history.findIndex((v) => !Number.isFinite(v));
  if (nan >= 0) {
    return [
      {
        kind: 'nan',
        at: nan,
        message: `the loss is ${history[nan]} at ${nan}: lower the learning rate, clip gradients, or look for log(0) in the loss`,
      },
    ];
  }
  const last = history.length - 1;
  if (history[last]! > history[0]!) {
    issues.push({
      kind: 'diverging',
      at: last,
      message: `the loss rose from ${history[0]} to ${history[last]}: the learning rate is probably too high`,
    });
  }
  const early = history.slice(0, Math.min(window, history.length));
  if (early.length >= 2 && early[early.length - 1]! >= early[0]!) {
    issues.push({
      kind: 'not-decreasing',
      at: early.length - 1,
      message: 'the loss did not decrease at first: check backprop with gradientCheck, or lower the learning rate',
    });
  }
  if (history.length > window) {
    const tail = history.slice(-window);
    const change = Math.abs(tail[0]! - tail[tail.length - 1]!) / Math.max(Math.abs(tail[0]!), 1e-12);
    if (change < plateauTolerance) {
      issues.push({
        kind: 'plateau',
        at: last,
        message: `the loss changed by ${(100 * change).toFixed(3)} % over the last ${window} values: a plateau; try a higher learning rate, Adam, or learning-rate decay`,
      });
    }
  }
  return issues;
}

/** One point of a learning curve: training-set size, train error and dev error. */
export interface LearningCurvePoint {
  readonly size: number;
  readonly trainError: number;
  readonly devError: number;
}

/**
 * Train and dev error against training-set size, for plots: `evaluate(size)` trains on the first
 * `size` examples and returns both errors. A large, persistent gap says more data helps (variance);
 * both errors high and flat says it will not (bias).
 */
export async function learningCurve(
  sizes: readonly number[],
  evaluate: (
    size: number,
  ) => Promise<{ trainError: number; devError: number }> | { trainError: number; devError: number },
): Promise<LearningCurvePoint[]> {
  if (
    !Array.isArray(sizes) ||
    sizes.length === 0 ||
    !sizes.every((s, i) => Number.isSafeInteger(s) && s > 0 && (i === 0 || s > sizes[i - 1]!))
  ) {
    throw new DiagnosticsError(
      `learningCurve: sizes must be increasing positive integers, got ${Array.isArray(sizes) ? sizes.join(', ') : JSON.stringify(sizes)}`,
    );
  }
  if (typeof evaluate !== 'function') {
    throw new DiagnosticsError(
      `learningCurve: evaluate must be a function (size) => { trainError, devError }, got ${typeof evaluate}`,
    );
  }
  const points: LearningCurvePoint[] = [];
  for (const size of sizes) {
    const result = await evaluate(size);
    const { trainError, devError } = result ?? ({} as Partial<typeof result>);
    for (const [name, value] of [
      ['trainError', trainError],
      ['devError', devError],
    ] as const) {
      // Rates, not percents: 12 (%) would plot as 1,200 %.
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
        throw new DiagnosticsError(
          `learningCurve: evaluate(${size}) returned ${name} ${String(value)}; return error rates in [0, 1] (0.12 for 12 %)`,
        );
      }
    }
    points.push({ size, trainError: trainError!, devError: devError! });
  }
  return points;
}

function optionsOf<T extends object>(options: T | undefined, caller: string): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new DiagnosticsError(`${caller}: options must be an object, got ${JSON.stringify(options)}`);
  }
  return options;
}
