import { type Rng, scope, tf } from '@mlrecipe/tensor';
import { NnError, NnShapeError } from './errors.js';
import type { InitialTensor, Layer } from './layers/layer.js';

/** Parameters (trainable) and state (batch-norm statistics) of a model, by name: `dense_1/kernel`. */
export interface ModelVariables {
  readonly params: Record<string, tf.Variable>;
  readonly state: Record<string, tf.Variable>;
}

/** Options of `Model.apply`: training or inference, the step's randomness, and the state variables. */
export interface ApplyOptions {
  training?: boolean;
  /** Randomness for this step (dropout). Fork a new one per step: rng.fork(`step-${t}`). */
  rng?: Rng;
  /** The model's state variables (required when a layer has state, e.g. batchNorm). */
  state?: Readonly<Record<string, tf.Variable>>;
  /**
   * Layers (by name, e.g. `batchNorm_1`) frozen for transfer learning: they run in inference mode
   * even when training, so frozen batch-norm layers use and keep their moving statistics, as Keras
   * does for `trainable = false` (dropout is unaffected).
   */
  frozen?: (layerName: string) => boolean;
}

/** A sequential model: its layers and names, `init` to create parameters, `apply` to run them. */
export interface Model {
  readonly layers: readonly Layer[];
  /** Layer names in order: kind_index, counted per kind from 1 (dense_1, dense_2, conv2d_1). */
  readonly names: readonly string[];
  /** Creates the parameters for inputs of `inputShape` (without the batch dimension), seeded by `rng`. */
  init(inputShape: readonly number[], rng: Rng): ModelVariables;
  /** The output for a batch `x`, from explicit parameters. */
  apply(params: Readonly<Record<string, tf.Tensor>>, x: tf.Tensor, options?: ApplyOptions): tf.Tensor;
  /** Layers, output shapes and parameter counts, as a table. */
  summary(inputShape: readonly number[]): string;
  /** The layers' configuration (for saving with the parameters). */
  config(): { layers: Array<{ kind: string; config: Readonly<Record<string, unknown>> }> };
}

/**
 * Composes layers into a model with explicit parameters: `init` makes them, `apply` uses them, so
 * the same model can run with several parameter sets (checkpoints, averaged weights, transfer).
 *
 * @example
 * const model = sequential([dense({ units: 128, activation: 'relu' }), dense({ units: 10 })]);
 * const { params } = model.init([784], createRng(1));
 * const logits = model.apply(params, x);
 */
export function sequential(layers: readonly Layer[]): Model {
  if (layers.length === 0) throw new NnError('sequential: give at least one layer');
  const counts = new Map<string, number>();
  const names = layers.map((layer) => {
    const n = (counts.get(layer.kind) ?? 0) + 1;
    counts.set(layer.kind, n);
    return `${layer.kind}_${n}`;
  });

  const shapes = (inputShape: readonly number[], rng: Rng) => {
    let shape = [...inputShape];
    return layers.map((layer, i) => {
      const built = layer.build(shape, rng.fork(names[i]!));
      shape = built.outputShape;
      return built;
    });
  };

  const variable = (initial: InitialTensor, trainable: boolean) =>
    scope(() => tf.variable(tf.tensor(initial.values, [...initial.shape], 'float32'), trainable));

  return {
    layers,
    names,
    init(inputShape, rng) {
      checkShape(inputShape);
      const params: Record<string, tf.Variable> = {};
      const state: Record<string, tf.Variable> = {};
      shapes(inputShape, rng).forEach((built, i) => {
        for (const [key, initial] of Object.entries(built.params))
          params[`${names[i]}/${key}`] = variable(initial, true);
        for (const [key, initial] of Object.entries(built.state ?? {}))
          state[`${names[i]}/${key}`] = variable(initial, false);
      });
      return { params, state };
    },
    apply(params, x, { training = false, rng, state = {}, frozen } = {}) {
      return tf.tidy(() => {
        let h = x;
        layers.forEach((layer, i) => {
          const prefix = `${names[i]}/`;
          const local = (tree: Readonly<Record<string, tf.Tensor>>) =>
            Object.fromEntries(
              Object.entries(tree)
                .filter(([k]) => k.startsWith(prefix))
                .map(([k, v]) => [k.slice(prefix.length), v]),
            );
          h = layer.call(h, local(params), {
            training,
            frozen: frozen?.(names[i]!) ?? false,
            state: local(state) as Record<string, tf.Variable>,
            ...(rng === undefined ? {} : { rng: rng.fork(names[i]!) }),
          });
        });
        return h;
      });
    },
    summary(inputShape) {
      checkShape(inputShape);
      const built = shapes(inputShape, rngForShapes());
      const rows = built.map((b, i) => {
        const count = Object.values(b.params).reduce((s, p) => s + p.values.length, 0);
        return [names[i]!, `[${b.outputShape.join(', ')}]`, count.toLocaleString('en')];
      });
      const total = built.reduce((s, b) => s + Object.values(b.params).reduce((t, p) => t + p.values.length, 0), 0);
      const widths = [0, 1, 2].map((c) =>
        Math.max(...[['layer', 'output shape', 'params'], ...rows].map((r) => r[c]!.length)),
      );
      const line = (r: string[]) =>
        `${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]!.padStart(widths[2]!)}`;
      return [
        line(['layer', 'output shape', 'params']),
        ...rows.map(line),
        `total trainable parameters: ${total.toLocaleString('en')}`,
      ].join('\n');
    },
    config() {
      return { layers: layers.map((l) => ({ kind: l.kind, config: l.config })) };
    },
  };
}

// Shapes do not depend on random values; summary builds with a throwaway generator.
function rngForShapes(): Rng {
  const never = (): never => {
    throw new NnError('internal: summary must not draw random numbers');
  };
  const rng: Rng = {
    next: () => 0,
    uniform: () => 0,
    normal: () => 0,
    int: () => 0,
    shuffle: (a) => a,
    permutation: never,
    fork: () => rng,
    getState: never,
    setState: never,
  };
  return rng;
}

function checkShape(inputShape: readonly number[]): void {
  if (
    !Array.isArray(inputShape) ||
    inputShape.length === 0 ||
    !inputShape.every((d) => Number.isInteger(d) && d >= 1)
  ) {
    throw new NnShapeError(
      `inputShape must be positive integers without the batch dimension, e.g. [784] or [28, 28, 1], got ${JSON.stringify(inputShape)}`,
    );
  }
}

/**
 * The loss and its gradients for every parameter, keyed by the parameters' names (tf.variableGrads
 * keys them by tfjs' internal variable names).
 */
export function valueAndGrads(
  loss: () => tf.Scalar,
  params: Readonly<Record<string, tf.Variable>>,
): { value: tf.Scalar; grads: Record<string, tf.Tensor> } {
  const entries = Object.entries(params);
  const { value, grads } = tf.variableGrads(
    loss,
    entries.map(([, v]) => v),
  );
  return { value, grads: Object.fromEntries(entries.map(([name, v]) => [name, grads[v.name]!])) };
}
