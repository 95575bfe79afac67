import { OptimError } from './errors.js';
import { type GradientTransformation, mapTree, type Tree } from './transform.js';

/** The state of `partition`: each label's transformation state. */
export type PartitionState = Readonly<Record<string, unknown>>;

function pick(tree: Tree, names: readonly string[]): Record<string, Tree[string]> {
  const out: Record<string, Tree[string]> = {};
  for (const name of names) if (tree[name] !== undefined) out[name] = tree[name]!;
  return out;
}

/**
 * Gives each parameter to the transformation of its label (Optax's `multi_transform`, called
 * `partition` there): e.g. a smaller learning rate for a pretrained trunk than for a new head, or
 * `setToZero()` for frozen layers. Every label `labelOf` returns must have a transformation.
 *
 * @example
 * partition({ labelOf: (name) => (name.startsWith('dense_3/') ? 'head' : 'trunk'),
 *             transforms: { head: adam({ learningRate: 1e-3 }), trunk: adam({ learningRate: 1e-5 }) } })
 */
export function partition({
  labelOf,
  transforms,
}: {
  labelOf: (name: string) => string;
  transforms: Readonly<Record<string, GradientTransformation<unknown>>>;
}): GradientTransformation<PartitionState> {
  if (typeof labelOf !== 'function') throw new OptimError('partition: labelOf must be a function of a parameter name');
  const label = (name: string): string => {
    const l = labelOf(name);
    if (transforms[l] === undefined) {
      throw new OptimError(
        `partition: parameter '${name}' has label '${l}', which has no transformation; labels are ${Object.keys(transforms).join(', ')}`,
      );
    }
    return l;
  };
  const groups = (names: readonly string[]) => {
    const byLabel = new Map<string, string[]>();
    for (const name of names) byLabel.set(label(name), [...(byLabel.get(label(name)) ?? []), name]);
    return byLabel;
  };
  return {
    init(params) {
      const state: Record<string, unknown> = {};
      for (const [l, names] of groups(Object.keys(params))) state[l] = transforms[l]!.init(pick(params, names));
      return state;
    },
    update(grads, state, params) {
      const updates: Record<string, Tree[string]> = {};
      const next: Record<string, unknown> = { ...state };
      for (const [l, names] of groups(Object.keys(grads))) {
        const result = transforms[l]!.update(pick(grads, names), state[l], params && pick(params, names));
        Object.assign(updates, result.updates);
        next[l] = result.state;
      }
      return { updates, state: next };
    },
    frozen: (name) => transforms[labelOf(name)]?.frozen?.(name) ?? false,
  };
}

/**
 * Leaves parameters as they are: no update at all (Optax's `set_to_zero`; a missing update and a
 * zero update are the same to `applyUpdates`, and the first costs nothing). Its parameters report
 * `frozen`, so a training loop can skip their gradients.
 */
export function setToZero(): GradientTransformation<Record<string, never>> {
  return { init: () => ({}), update: (_grads, state) => ({ updates: {}, state }), frozen: () => true };
}

/** Passes gradients through unchanged (copies share the data; the caller still owns its gradients). */
export function identity(): GradientTransformation<Record<string, never>> {
  return { init: () => ({}), update: (grads, state) => ({ updates: mapTree(grads, (g) => g.clone()), state }) };
}

/**
 * Applies `inner` to the parameters `mask` selects and passes the other gradients through
 * unchanged (Optax's `masked`): e.g. weight decay on kernels only.
 * @example chain(scaleByAdam(), masked(addDecayedWeights(0.01), (name) => name.endsWith('/kernel')), scaleByLearningRate(1e-3))
 */
export function masked(
  inner: GradientTransformation<unknown>,
  mask: (name: string) => boolean,
): GradientTransformation<PartitionState> {
  if (typeof mask !== 'function') throw new OptimError('masked: mask must be a function of a parameter name');
  return partition({ labelOf: (name) => (mask(name) ? 'inner' : 'rest'), transforms: { inner, rest: identity() } });
}

/**
 * Freezes the parameters `isFrozen` selects: they are never updated, and `inner` (the optimizer)
 * sees only the others, so its state holds nothing for frozen layers. This is how transfer learning
 * keeps a pretrained trunk fixed; @mlrecipe/pipeline's train also skips the frozen gradients and
 * runs frozen batch-norm layers in inference mode (as Keras does for `trainable = false`).
 * @example freeze(adam({ learningRate: 1e-3 }), (name) => !name.startsWith('dense_3/'))
 */
export function freeze(
  inner: GradientTransformation<unknown>,
  isFrozen: (name: string) => boolean,
): GradientTransformation<PartitionState> {
  if (typeof isFrozen !== 'function') throw new OptimError('freeze: isFrozen must be a function of a parameter name');
  return partition({
    labelOf: (name) => (isFrozen(name) ? 'frozen' : 'trainable'),
    transforms: { frozen: setToZero(), trainable: inner },
  });
}
