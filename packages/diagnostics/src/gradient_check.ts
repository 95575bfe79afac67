import { tf } from '@mlrecipe/tensor';
import { DiagnosticsError } from './errors.js';

/**
 * The result of `gradientCheck`: the relative difference between numerical and analytic gradients, per parameter too, and a verdict.
 */
export interface GradientCheckResult {
  /** ‖g_approx − g‖ / (‖g_approx‖ + ‖g‖) over every checked entry. */
  readonly relativeDifference: number;
  readonly perParameter: Readonly<Record<string, number>>;
  readonly verdict: 'ok' | 'suspicious' | 'bug' | 'invalid';
  readonly message: string;
}

/**
 * Gradient checking with two-sided differences, dθ_approx = (J(θ + ε) − J(θ − ε)) / 2ε, compared with
 * backprop's gradient. tfjs computes in float32 (no float64), so the course's float64 thresholds
 * (1e-7 great, 1e-5 check, 1e-3 worry, with ε = 1e-7) do not apply: with ε = 1e-2 the float32
 * rounding error of J(θ ± ε) / 2ε is about 1e-5 relative, so here < 1e-3 is 'ok', < 1e-2
 * 'suspicious' (look at the worst parameter), and above it likely a 'bug'. The loss must be
 * deterministic: turn dropout and random augmentation off (a loss that changes between two calls
 * at the same θ gives 'invalid'). Checks at most `maxEntries` entries per parameter (evenly spaced).
 */
export function gradientCheck(
  lossFn: () => tf.Scalar,
  params: Readonly<Record<string, tf.Variable>>,
  options: { epsilon?: number; maxEntries?: number } = {},
): GradientCheckResult {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new DiagnosticsError(
      `gradientCheck: options must be { epsilon?, maxEntries? }, got ${JSON.stringify(options)}`,
    );
  }
  const { epsilon = 1e-2, maxEntries = 50 } = options;
  if (typeof epsilon !== 'number' || !(epsilon > 0 && epsilon <= 1)) {
    throw new DiagnosticsError(`gradientCheck: epsilon must be in (0, 1] (1e-2 suits float32), got ${String(epsilon)}`);
  }
  if (!(Number.isSafeInteger(maxEntries) && maxEntries >= 1)) {
    throw new DiagnosticsError(`gradientCheck: maxEntries must be a positive integer, got ${String(maxEntries)}`);
  }
  if (typeof lossFn !== 'function') {
    throw new DiagnosticsError(
      `gradientCheck: lossFn must be a function returning a scalar tensor, got ${typeof lossFn}`,
    );
  }
  if (params === null || typeof params !== 'object' || Array.isArray(params) || params instanceof tf.Tensor) {
    throw new DiagnosticsError('gradientCheck: params must be an object of named tf.Variables, e.g. { w, b }');
  }
  const names = Object.keys(params);
  if (names.length === 0) throw new DiagnosticsError('gradientCheck: no parameters to check');
  for (const name of names) {
    if (!(params[name] instanceof tf.Variable)) {
      throw new DiagnosticsError(`gradientCheck: params.${name} is not a tf.Variable (wrap it: tf.variable(tensor))`);
    }
  }
  const loss = () =>
    tf.tidy(() => {
      let value: unknown;
      try {
        value = lossFn();
      } catch (error) {
        throw new DiagnosticsError(`gradientCheck: lossFn threw: ${(error as Error)?.message ?? String(error)}`, {
          cause: error,
        });
      }
      if (!(value instanceof tf.Tensor) || value.rank !== 0) {
        throw new DiagnosticsError(
          `gradientCheck: lossFn must return a scalar tensor, got ${value instanceof tf.Tensor ? `a tensor of shape [${value.shape}]` : typeof value}`,
        );
      }
      return value.dataSync()[0]!;
    });
  const first = loss();
  const second = loss();
  if (first !== second || Number.isNaN(first)) {
    return {
      relativeDifference: Number.NaN,
      perParameter: {},
      verdict: 'invalid',
      message: Number.isNaN(first)
        ? 'the loss is NaN: fix that first'
        : `the loss changed between two calls at the same parameters (${first} then ${second}): turn dropout and random augmentation off while checking gradients`,
    };
  }
  const { value, grads } = tf.variableGrads(
    lossFn,
    names.map((n) => params[n]!),
  );
  value.dispose();
  let diff2 = 0;
  let approx2 = 0;
  let exact2 = 0;
  const perParameter: Record<string, number> = {};
  for (const name of names) {
    const v = params[name]!;
    const exact = grads[v.name]!.dataSync();
    const original = v.dataSync().slice();
    const step = Math.max(1, Math.floor(original.length / maxEntries));
    let d = 0;
    let a = 0;
    let e = 0;
    for (let i = 0; i < original.length; i += step) {
      const at = (delta: number) => {
        const shifted = original.slice();
        shifted[i] = original[i]! + delta;
        // In a tidy: the variable keeps its own reference, the temporary tensor is freed.
        tf.tidy(() => v.assign(tf.tensor(shifted, v.shape)));
        return loss();
      };
      const approx = (at(epsilon) - at(-epsilon)) / (2 * epsilon);
      d += (approx - exact[i]!) ** 2;
      a += approx ** 2;
      e += exact[i]! ** 2;
    }
    tf.tidy(() => v.assign(tf.tensor(original, v.shape)));
    perParameter[name] = Math.sqrt(d) / (Math.sqrt(a) + Math.sqrt(e) || 1);
    diff2 += d;
    approx2 += a;
    exact2 += e;
  }
  tf.dispose(Object.values(grads));
  const relativeDifference = Math.sqrt(diff2) / (Math.sqrt(approx2) + Math.sqrt(exact2) || 1);
  const worst = names.reduce((w, n) => (perParameter[n]! > perParameter[w]! ? n : w));
  const verdict = relativeDifference < 1e-3 ? 'ok' : relativeDifference < 1e-2 ? 'suspicious' : 'bug';
  const message =
    verdict === 'ok'
      ? `gradients agree (relative difference ${relativeDifference.toExponential(2)} < 1e-3 for float32)`
      : `relative difference ${relativeDifference.toExponential(2)}; the worst parameter is ${worst} (${perParameter[worst]!.toExponential(2)}): check its backward pass`;
  return { relativeDifference, perParameter, verdict, message };
}
