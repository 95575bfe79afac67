import { nonFiniteFlags, scope, tf } from '@mlrecipe/tensor';
import { DeferredChecks } from './deferred_check.js';
import { OptimError, OptimShapeError } from './errors.js';
import type { GradientTransformation, Tree } from './transform.js';

/** Adds updates to variables in place: θ ← θ + u. */
export function applyUpdates(params: Readonly<Record<string, tf.Variable>>, updates: Tree): void {
  for (const name of Object.keys(updates)) {
    const p = params[name];
    if (p === undefined)
      throw new OptimError(
        `applyUpdates: no parameter named '${name}'; parameters are ${Object.keys(params).join(', ')}`,
      );
    const u = updates[name]!;
    if (!tf.util.arraysEqual(p.shape, u.shape)) {
      throw new OptimShapeError(
        `applyUpdates: update '${name}' has shape [${u.shape}] but the parameter has [${p.shape}]`,
      );
    }
    scope(() => p.assign(tf.add(p, u)));
  }
}

/**
 * A gradient transformation bound to parameters: `step(grads)` updates them in place; its state can be read and replaced (checkpoints).
 */
export interface Optimizer<S> {
  /** One update from gradients keyed by parameter name (as `tf.variableGrads` returns them). Does not dispose `grads`. */
  step(grads: Tree): void;
  /** The transformation's state (plain data: see stateToJSON). */
  readonly state: S;
  /** Updates made so far (steps undone by a deferred check's restore not counted). */
  readonly steps: number;
  /** Replaces the state, e.g. from a checkpoint (disposes the current one). */
  setState(state: S): void;
  /**
   * Waits for deferred finiteness checks (see `checkFinite`) and throws the `OptimError` of one that
   * found NaN or ±Infinity (parameters and state are then as before that step). Nothing to wait for
   * with the immediate check.
   */
  flush(): Promise<void>;
  /** Disposes the optimizer's state tensors. */
  dispose(): void;
}

/** Options of `createOptimizer`. */
export interface OptimizerOptions {
  /**
   * Check every gradient for NaN/±Infinity. `'auto'` (default): `'immediate'` on cpu, wasm and
   * tensorflow (Node), `'deferred'` on webgl and webgpu. `true` or `'immediate'`: one read before
   * each update (a host scan on cpu and wasm; on GPUs one number for all gradients), and a bad step
   * throws having changed nothing. `'deferred'`, for GPUs, where a read per step stalls the queue:
   * nothing is read during the step; the previous parameters and state are kept (without copying),
   * and the parameters' finiteness is read asynchronously, one read for all steps since the last
   * (a non-finite gradient makes the parameters non-finite through any update that uses it); when
   * a read shows a bad step, parameters and state are put back as they were before it (later
   * steps are undone too) and the next `step`, or `flush()`, throws. `false`: no check
   * (pipeline's `train` checks the parameters once per epoch instead).
   */
  checkFinite?: boolean | 'auto' | 'immediate' | 'deferred';
}

/**
 * Binds a transformation to variables and owns its state: checks names, shapes and finiteness of
 * the gradients, updates, applies, and frees what the step made obsolete (no tensor growth).
 *
 * @example
 * const optimizer = createOptimizer(adam({ learningRate: 1e-3 }), params);
 * const { value, grads } = tf.variableGrads(loss);
 * optimizer.step(grads);
 */
export function createOptimizer<S>(
  transform: GradientTransformation<S>,
  params: Readonly<Record<string, tf.Variable>>,
  options: OptimizerOptions = {},
): Optimizer<S> {
  // Frozen parameters (see freeze) get no gradient and no update.
  const names = Object.keys(params).filter((name) => !(transform.frozen?.(name) ?? false));
  if (names.length === 0) {
    throw new OptimError(
      Object.keys(params).length === 0
        ? 'createOptimizer: no parameters to optimise'
        : 'createOptimizer: every parameter is frozen, so nothing would learn; freeze fewer layers',
    );
  }
  const checkFinite = options.checkFinite ?? 'auto';
  if (![true, false, 'auto', 'immediate', 'deferred'].includes(checkFinite)) {
    throw new OptimError(
      `createOptimizer: checkFinite must be 'auto', true, false, 'immediate' or 'deferred', got ${String(checkFinite)}`,
    );
  }
  let state = scope(() => transform.init(params) as tf.TensorContainer) as S;
  let steps = 0;
  const deferred = new DeferredChecks<S>(params, names);
  // A deferred check that found a bad step puts back parameters and state from before it.
  const settle = () => {
    const restored = deferred.settle();
    if (restored === null) return;
    tf.dispose(state as unknown as tf.TensorContainer);
    state = restored.restoredState;
    steps = restored.restoredSteps;
  };
  return {
    step(grads) {
      settle();
      deferred.throwFailure();
      validate(grads, params, names);
      const mode =
        checkFinite === true ? 'immediate' : checkFinite === 'auto' ? defaultCheck(tf.getBackend()) : checkFinite;
      if (mode === 'immediate') assertFinite(grads, names);
      // The whole step in one where the transformation offers it (adam: one kernel per parameter).
      const fused = transform.applyFused?.bind(transform);
      const result = scope(
        () =>
          (fused === undefined
            ? transform.update(grads, state, params)
            : fused(grads, state, params)) as unknown as tf.TensorContainer,
      ) as unknown as { updates?: Tree; params?: Tree; state: S };
      if (mode === 'deferred') {
        // The previous state is kept by the snapshot (freed once the step is known to be finite).
        deferred.begin(steps + 1, state);
      } else {
        tf.dispose(state as unknown as tf.TensorContainer);
      }
      if (result.params === undefined) applyUpdates(params, result.updates!);
      else for (const [name, value] of Object.entries(result.params)) params[name]!.assign(value);
      tf.dispose((result.updates ?? result.params) as unknown as tf.TensorContainer);
      state = result.state;
      steps++;
      if (mode === 'deferred') deferred.applied(steps);
    },
    async flush() {
      await deferred.wait();
      settle();
      deferred.throwFailure();
    },
    get state() {
      return state;
    },
    get steps() {
      return steps;
    },
    setState(next: S) {
      deferred.dispose();
      tf.dispose(state as unknown as tf.TensorContainer);
      state = next;
    },
    dispose() {
      deferred.dispose();
      tf.dispose(state as unknown as tf.TensorContainer);
    },
  };
}

function validate(grads: Tree, params: Readonly<Record<string, tf.Variable>>, names: string[]): void {
  for (const name of Object.keys(grads)) {
    const p = params[name];
    if (p === undefined) {
      throw new OptimError(
        `optimizer.step: a gradient for '${name}', which is not a parameter; parameters are ${Object.keys(params).join(', ')}`,
      );
    }
    if (!tf.util.arraysEqual(grads[name]!.shape, p.shape)) {
      throw new OptimShapeError(
        `optimizer.step: gradient '${name}' has shape [${grads[name]!.shape}] but the parameter has [${p.shape}]`,
      );
    }
  }
  const missing = names.filter((n) => grads[n] === undefined);
  if (missing.length > 0) {
    throw new OptimError(
      `optimizer.step: no gradient for ${missing.join(', ')}; pass one per parameter (tf.variableGrads(loss, varList))`,
    );
  }
}

function assertFinite(grads: Tree, names: string[]): void {
  // One read for all parameters: a 0/1 flag per gradient, scanned on the host on cpu/wasm (one
  // kernel call instead of IsFinite + LogicalNot + Any per gradient: 1.9–2.3× faster in
  // bench/finite_check.bench.mjs).
  const flags = nonFiniteFlags(names.map((n) => grads[n]!));
  const bad = names.filter((_, i) => flags[i] === 1);
  if (bad.length > 0) {
    throw new OptimError(
      `optimizer.step: gradient of ${bad.join(', ')} contains NaN or Infinity; the parameters were left unchanged. ` +
        'Lower the learning rate, clip gradients (clipByGlobalNorm) or check the loss for log(0)',
    );
  }
}

/**
 * The finiteness check `'auto'` runs on a backend: deferred on GPU backends in browsers, where a
 * read per step makes the GPU finish its queue before the next step is sent (bench/webgl.bench.mjs:
 * the MLP at 0.95× tfjs-layers fit with a read per step, 1.29× without); immediate elsewhere, where
 * reading is a host scan and a bad step throws before anything changes.
 */
export function defaultCheck(backendName: string): 'immediate' | 'deferred' {
  return backendName === 'webgl' || backendName === 'webgpu' ? 'deferred' : 'immediate';
}
