import { tf } from '@mlrecipe/tensor';

/** Named tensors: parameters, gradients or updates, keyed by parameter name (`dense_1/kernel`). */
export type Tree = Readonly<Record<string, tf.Tensor>>;

/**
 * A gradient transformation, as in Optax: a pair of pure functions. `init` builds the state from
 * the parameters; `update` turns gradients into updates (to be *added* to the parameters) and the
 * next state. States are plain objects of tensors and numbers (see `stateToJSON`). `update` does not
 * dispose its inputs: the caller owns grads and the previous state (`createOptimizer` handles it).
 */
export interface GradientTransformation<S = unknown> {
  /** The transformation's initial state for these parameters (e.g. Adam's zero moments). */
  init(params: Tree): S;
  /** Turns gradients into updates, and the state into the next state. */
  update(grads: Tree, state: S, params?: Tree): { updates: Tree; state: S };
  /**
   * Parameters this transformation never updates (set by `freeze`/`setToZero`): a caller may skip
   * their gradients, and `createOptimizer` does not ask for them. `chain` does not pass it on, so
   * put `freeze` outermost.
   */
  readonly frozen?: (name: string) => boolean;
  /**
   * Optional: `update` followed by `applyUpdates` in one go, returning the new parameter values and
   * the next state, bit for bit what the two would give. `createOptimizer` uses it when present
   * (optim's `adam` has one: one kernel per parameter on cpu and wasm instead of three). Wrappers
   * (`chain`, `freeze`, `partition`) do not pass it on.
   */
  applyFused?(grads: Tree, state: S, params: Tree): { params: Record<string, tf.Tensor>; state: S };
}

/** Applies `fn` to every tensor of a tree, keeping the names. */
export function mapTree(tree: Tree, fn: (t: tf.Tensor, name: string) => tf.Tensor): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  for (const name of Object.keys(tree)) out[name] = fn(tree[name]!, name);
  return out;
}

/** Zeros shaped like every tensor of `params` (moment accumulators start at 0). */
export function zerosLike(params: Tree): Record<string, tf.Tensor> {
  return mapTree(params, (p) => tf.zerosLike(p));
}

/**
 * Composes transformations left to right: the updates of one are the gradients of the next.
 * @example chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate(1e-3))
 */
export function chain(...transforms: GradientTransformation<unknown>[]): GradientTransformation<unknown[]> {
  return {
    init: (params) => transforms.map((t) => t.init(params)),
    update: (grads, state, params) => {
      let updates = grads;
      const next: unknown[] = [];
      const intermediates: Tree[] = [];
      transforms.forEach((t, i) => {
        const result = t.update(updates, state[i], params);
        if (updates !== grads) intermediates.push(updates);
        updates = result.updates;
        next.push(result.state);
      });
      // Intermediate updates are owned here; the last one goes to the caller.
      for (const tree of intermediates) for (const t of Object.values(tree)) if (!isInTree(t, updates)) t.dispose();
      return { updates, state: next };
    },
  };
}

function isInTree(t: tf.Tensor, tree: Tree): boolean {
  return Object.values(tree).includes(t);
}
