import { nonFiniteFlags, scope, tf } from '@mlrecipe/tensor';
import { deviceFiniteFlags, selectTree } from './deferred_finite_check.js';
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
  /** Updates made so far. */
  readonly steps: number;
  /** Replaces the state, e.g. from a checkpoint (disposes the current one). */
  setState(state: S): void;
  /**
   * Waits for deferred finiteness checks (see `checkFinite`) and throws the `OptimError` of one that
   * found NaN or ±Infinity. Immediate on cpu and wasm, where every step checks before updating.
   */
  flush(): Promise<void>;
  /** Disposes the optimizer's state tensors. */
  dispose(): void;
}

/** Options of `createOptimizer`. */
export interface OptimizerOptions {
  /**
   * Check every gradient for NaN/±Infinity. `true` (default) or `'immediate'`: one read before each
   * update (a host scan on cpu and wasm; on GPUs one number for all gradients), and a bad step
   * throws having changed nothing. `'deferred'`, for GPUs whose read-back latency is long: nothing
   * is read during the step; the update is applied on the device only where the gradients are
   * finite (a bad step leaves parameters and state tensors unchanged; step counts still advance),
   * the flags are read asynchronously, and the error is thrown by the first `step` after the read
   * or by `flush()`. It costs about two GPU programs per state tensor: on SwiftShader WebGL it was
   * slower than the immediate read (bench/webgl.bench.mjs), so measure on your GPU. `false`: no check.
   */
  checkFinite?: boolean | 'immediate' | 'deferred';
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
  const checkFinite = options.checkFinite ?? true;
  if (![true, false, 'immediate', 'deferred'].includes(checkFinite)) {
    throw new OptimError(
      `createOptimizer: checkFinite must be true, false, 'immediate' or 'deferred', got ${String(checkFinite)}`,
    );
  }
  let state = scope(() => transform.init(params) as tf.TensorContainer) as S;
  let steps = 0;
  const pending = new Set<Promise<void>>();
  let failure: OptimError | null = null;
  const throwFailure = () => {
    if (failure === null) return;
    const error = failure;
    failure = null;
    throw error;
  };
  return {
    step(grads) {
      throwFailure();
      validate(grads, params, names);
      const mode = checkFinite === true ? 'immediate' : checkFinite;
      if (mode === 'immediate') assertFinite(grads, names);
      const result = scope(
        () => transform.update(grads, state, params) as unknown as tf.TensorContainer,
      ) as unknown as {
        updates: Tree;
        state: S;
      };
      if (mode === 'deferred') {
        const { flags, ok } = deviceFiniteFlags(names.map((n) => grads[n]!));
        for (const name of Object.keys(result.updates)) {
          const p = params[name]!;
          scope(() => p.assign(tf.where(tf.broadcastTo(ok, p.shape), tf.add(p, result.updates[name]!), p)));
        }
        const guarded = scope(() => selectTree(ok, result.state, state) as unknown as tf.TensorContainer) as S;
        tf.dispose([
          ok,
          result.updates as unknown as tf.TensorContainer,
          result.state as unknown as tf.TensorContainer,
        ]);
        tf.dispose(state as unknown as tf.TensorContainer);
        state = guarded;
        const read = flags
          .data()
          .then((values) => {
            const bad = names.filter((_, i) => values[i] !== 0);
            if (bad.length > 0 && failure === null) failure = nonFiniteError(bad, 'were not updated by that step');
          })
          .finally(() => {
            flags.dispose();
            pending.delete(read);
          });
        pending.add(read);
        steps++;
        return;
      }
      applyUpdates(params, result.updates);
      tf.dispose(result.updates as unknown as tf.TensorContainer);
      tf.dispose(state as unknown as tf.TensorContainer);
      state = result.state;
      steps++;
    },
    async flush() {
      await Promise.all(pending);
      throwFailure();
    },
    get state() {
      return state;
    },
    get steps() {
      return steps;
    },
    setState(next: S) {
      tf.dispose(state as unknown as tf.TensorContainer);
      state = next;
    },
    dispose() {
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
  if (bad.length > 0) throw nonFiniteError(bad, 'were left unchanged');
}

function nonFiniteError(bad: string[], what: string): OptimError {
  return new OptimError(
    `optimizer.step: gradient of ${bad.join(', ')} contains NaN or Infinity; the parameters ${what}. ` +
      'Lower the learning rate, clip gradients (clipByGlobalNorm) or check the loss for log(0)',
  );
}
