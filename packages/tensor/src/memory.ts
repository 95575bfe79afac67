import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, ScopeError, TensorLeakError } from './errors.js';

type ScopeResult = tf.TensorContainer;

/**
 * Runs `fn` in a memory scope: every tensor it creates is disposed when it ends, except the
 * tensors in its result (and those passed to `tf.keep`). Like `tf.tidy`, but `fn` may be async.
 *
 * An async scope must not interleave with another async scope (two awaited in parallel): the
 * engine keeps one stack of scopes, so the first to end would dispose the other's tensors. That
 * case throws `ScopeError` instead of silently corrupting memory.
 *
 * @example
 * const loss = scope(() => tf.mean(tf.square(tf.sub(yPred, yTrue))));
 * const value = await scope(async () => (await model(x).data())[0]);
 */
export function scope<T extends ScopeResult>(fn: () => T): T;
export function scope<T extends ScopeResult>(fn: () => Promise<T>): Promise<T>;
export function scope<T extends ScopeResult>(fn: () => T | Promise<T>): T | Promise<T> {
  if (typeof fn !== 'function') {
    throw new InvalidArgumentError(
      `scope: pass the function whose tensors to free, got ${fn === null ? 'null' : typeof fn}`,
    );
  }
  const engine = tf.engine();
  engine.startScope('mlrecipe.scope');
  const opened = engine.state.activeScope;
  let result: T | Promise<T>;
  try {
    result = fn();
  } catch (error) {
    engine.endScope();
    throw error;
  }
  if (!isPromise(result)) {
    engine.endScope(result);
    return result;
  }
  return result.then(
    (value) => {
      closeAsync(opened);
      engine.endScope(value);
      return value;
    },
    (error: unknown) => {
      closeAsync(opened);
      engine.endScope();
      throw error;
    },
  );
}

function closeAsync(opened: unknown): void {
  const state = tf.engine().state;
  if (state.activeScope === opened) return;
  // Another scope opened above ours and is still running: ending ours now would dispose its tensors.
  // Drop ours from the stack without disposing anything, so the other scope ends normally.
  const index = state.scopeStack.indexOf(opened as (typeof state.scopeStack)[number]);
  if (index >= 0) state.scopeStack.splice(index, 1);
  throw new ScopeError(
    'scope: another scope was opened while this async scope was awaiting and is still open, so this scope ' +
      'could not dispose its tensors (they were left alive); await async scopes one after the other, not in parallel',
  );
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** The number of live tensors (variables included), as `tf.memory().numTensors`. */
export function countTensors(): number {
  return tf.memory().numTensors;
}

/**
 * Runs `fn` and throws `TensorLeakError` if it leaves more live tensors than it found.
 * Works with sync and async functions and returns what `fn` returns. Tensors that `fn` returns
 * count as leaks unless `allow` says how many are expected.
 *
 * @example
 * await expectNoLeaks(async () => { const t = tf.ones([2]); await t.data(); t.dispose(); });
 */
export function expectNoLeaks<T>(fn: () => T, options?: { allow?: number }): T;
export function expectNoLeaks<T>(fn: () => Promise<T>, options?: { allow?: number }): Promise<T>;
export function expectNoLeaks<T>(fn: () => T | Promise<T>, options: { allow?: number } = {}): T | Promise<T> {
  if (typeof fn !== 'function') {
    throw new InvalidArgumentError(
      `expectNoLeaks: pass the function to check, got ${fn === null ? 'null' : typeof fn}`,
    );
  }
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError(`expectNoLeaks: options must be { allow? }, got ${String(options)}`);
  }
  // Only an absent field takes the default: `allow: null` is a mistake, not 0.
  const allow = options.allow === undefined ? 0 : options.allow;
  if (!(Number.isSafeInteger(allow) && allow >= 0)) {
    throw new InvalidArgumentError(`expectNoLeaks: allow must be an integer ≥ 0, got ${JSON.stringify(allow)}`);
  }
  const before = countTensors();
  const check = (): void => {
    const after = countTensors();
    if (after - before > allow) {
      const leaked = after - before - allow;
      throw new TensorLeakError(
        leaked,
        `expectNoLeaks: ${leaked} tensor(s) left undisposed (live tensors before ${before}, after ${after}, allowed ${allow}); ` +
          'dispose them, or wrap the work in scope()/tf.tidy()',
      );
    }
  };
  const result = fn();
  if (isPromise(result)) {
    return result.then((value) => {
      check();
      return value;
    });
  }
  check();
  return result;
}
