import { MlrecipeError, type Rng, requireBackend, scope, tf } from '@mlrecipe/tensor';
import { NnError, NnShapeError } from './errors.js';
import type { GraphConfig } from './graph/graph_config.js';
import type { GraphLayer } from './graph/symbolic.js';
import type { InitialTensor, Layer } from './layers/layer.js';
import { bool, liveTensor, options, shown } from './validate.js';

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

/**
 * Input shape without the batch dimension: one shape (`[784]`), or one per named input of a
 * graph model with several inputs (`{ image: [28, 28, 1], age: [1] }`).
 */
export type InputShape = readonly number[] | Readonly<Record<string, readonly number[]>>;

/** A batch for `apply`: one tensor, or one per named input of a graph model (`{ image, age }`). */
export type ModelInput = tf.Tensor | Readonly<Record<string, tf.Tensor>>;

/** A model's configuration: its layers, and for a graph model the wiring between them. */
export interface ModelConfig {
  layers: Array<{ kind: string; config: Readonly<Record<string, unknown>> }>;
  /** Graph models only: inputs, layer calls and output (see `graphModel`). */
  graph?: GraphConfig;
}

/**
 * A model with explicit parameters, `sequential` or `graphModel`: its layers and names, `init` to
 * create parameters, `apply` to run them.
 */
export interface Model {
  /** The distinct layers (a shared layer once), in the order their names count. */
  readonly layers: readonly GraphLayer[];
  /** Layer names in order: kind_index, counted per kind from 1 (dense_1, dense_2, conv2d_1). */
  readonly names: readonly string[];
  /** Creates the parameters for inputs of `inputShape` (without the batch dimension), seeded by `rng`. */
  init(inputShape: InputShape, rng: Rng): ModelVariables;
  /** The output for a batch `x` (a record of named tensors for a graph model with several inputs), from explicit parameters. */
  apply(params: Readonly<Record<string, tf.Tensor>>, x: ModelInput, options?: ApplyOptions): tf.Tensor;
  /** Layers, output shapes and parameter counts, as a table. */
  summary(inputShape: InputShape): string;
  /** The layers' configuration (for saving with the parameters). */
  config(): ModelConfig;
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
  if (!Array.isArray(layers as unknown) || layers.length === 0) {
    throw new NnError(
      `sequential: give a non-empty array of layers, e.g. [dense({ units: 10 })], got ${shown(layers)}`,
    );
  }
  layers.forEach((layer, i) => {
    if (
      layer === null ||
      typeof layer !== 'object' ||
      typeof layer.kind !== 'string' ||
      typeof layer.build !== 'function' ||
      typeof layer.call !== 'function'
    ) {
      throw new NnError(`sequential: layer ${i} is not a layer (dense(…), conv2d(…), …), got ${shown(layer)}`);
    }
    if ((layer as { merges?: unknown }).merges === true) {
      throw new NnError(
        `sequential: layer ${i} (${layer.kind}) merges several inputs, which a straight line of layers cannot give it; build a graphModel`,
      );
    }
  });
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
      checkShape(inputShape as readonly number[]);
      checkRng(rng, 'init');
      requireBackend('init');
      const params: Record<string, tf.Variable> = {};
      const state: Record<string, tf.Variable> = {};
      shapes(inputShape as readonly number[], rng).forEach((built, i) => {
        for (const [key, initial] of Object.entries(built.params))
          params[`${names[i]}/${key}`] = variable(initial, true);
        for (const [key, initial] of Object.entries(built.state ?? {}))
          state[`${names[i]}/${key}`] = variable(initial, false);
      });
      return { params, state };
    },
    apply(params, x, applyOptions) {
      const { training = false, rng, state = {}, frozen } = options(applyOptions, 'apply');
      if (x !== null && typeof x === 'object' && !(x instanceof tf.Tensor)) {
        throw new NnShapeError(
          `apply: a sequential model takes one tensor x, got a record of ${Object.keys(x).length} inputs; records of named inputs are for graphModel`,
        );
      }
      liveTensor(x, 'x', 'apply');
      bool(training, 'training', 'apply');
      if (rng !== undefined) checkRng(rng, 'apply');
      checkTree(params, 'params');
      checkTree(state, 'state');
      if (frozen !== undefined && typeof frozen !== 'function')
        throw new NnError(`apply: frozen must be a function of a layer name, got ${typeof frozen}`);
      return tf.tidy(() => {
        let h = x as tf.Tensor;
        layers.forEach((layer, i) => {
          const prefix = `${names[i]}/`;
          const local = (tree: Readonly<Record<string, tf.Tensor>>) =>
            Object.fromEntries(
              Object.entries(tree)
                .filter(([k]) => k.startsWith(prefix))
                .map(([k, v]) => [k.slice(prefix.length), v]),
            );
          const own = local(params);
          const where = `apply: layer ${names[i]} (input ${i === 0 ? 'x' : `from ${names[i - 1]}`})`;
          try {
            const expected = layer.expectedInput?.(own);
            if (expected !== undefined && !fits(h.shape, expected)) {
              throw new NnShapeError(
                `${where} expects shape [${expected.map((d) => d ?? '*').join(', ')}] but received [${h.shape}]; ` +
                  'check inputShape given to init and the layer order (flatten() before dense after conv2d)',
              );
            }
            h = layer.call(h, own, {
              training,
              frozen: frozen?.(names[i]!) ?? false,
              state: local(state) as Record<string, tf.Variable>,
              ...(rng === undefined ? {} : { rng: rng.fork(names[i]!) }),
            });
          } catch (error) {
            if (error instanceof MlrecipeError && error.message.startsWith('apply: layer')) throw error;
            // A layer's own typed error gets the layer's name; a raw tfjs error (a shape the
            // layer did not anticipate) becomes a typed one that names the layer and the shape.
            const message = `${where} cannot take an input of shape [${h.shape}]: ${(error as Error)?.message ?? error}`;
            if (error instanceof NnError) throw new NnError(message, { cause: error });
            throw new NnShapeError(message, { cause: error });
          }
        });
        return h;
      });
    },
    summary(inputShape) {
      checkShape(inputShape as readonly number[]);
      const built = shapes(inputShape as readonly number[], rngForShapes());
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

/** Shapes do not depend on random values; summary (and graphModel's shape check) build with a throwaway generator. */
export function rngForShapes(): Rng {
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

/** After a throw inside a gradient computation: the outermost tape's saved tensors, disposed. */
function cleanTape(): void {
  const state = tf.engine().state as unknown as {
    gradientDepth: number;
    activeTape: Array<{ saved?: tf.Tensor[] }> | null;
  };
  if (state.gradientDepth !== 0 || state.activeTape === null) return;
  for (const node of state.activeTape) for (const t of node.saved ?? []) t.dispose();
  state.activeTape = null;
}

/** Whether a shape fits a layer's expected input (null: any size). */
export function fits(shape: readonly number[], expected: ReadonlyArray<number | null>): boolean {
  return shape.length === expected.length && expected.every((d, i) => d === null || d === shape[i]);
}

/** An rng from createRng, or NnError. */
export function checkRng(rng: unknown, caller: string): void {
  const r = rng as Rng | null;
  if (r === null || typeof r !== 'object' || typeof r.fork !== 'function' || typeof r.normal !== 'function') {
    throw new NnError(`${caller}: rng must be a generator from createRng(seed) (@mlrecipe/tensor), got ${shown(rng)}`);
  }
}

/** An object of live named tensors (params, state), or NnError. */
export function checkTree(tree: unknown, name: string): void {
  if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) {
    throw new NnError(`apply: ${name} must be an object of named tensors (as init() returns it), got ${shown(tree)}`);
  }
  for (const [key, value] of Object.entries(tree)) liveTensor(value, `${name}['${key}']`, 'apply');
}

/** Positive integer sizes without the batch dimension, or NnShapeError. */
export function checkShape(inputShape: readonly number[]): void {
  if (
    !Array.isArray(inputShape) ||
    inputShape.length === 0 ||
    !inputShape.every((d) => Number.isInteger(d) && d >= 1 && d <= 2 ** 31 - 1)
  ) {
    throw new NnShapeError(
      `inputShape must be positive integers without the batch dimension, e.g. [784] or [28, 28, 1], got ${shown(inputShape)}`,
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
  const caller = 'valueAndGrads';
  if (typeof loss !== 'function')
    throw new NnError(`${caller}: loss must be a function returning a scalar, got ${shown(loss)}`);
  if (params === null || typeof params !== 'object' || Object.keys(params).length === 0) {
    throw new NnError(`${caller}: params must be a non-empty object of trainable variables, got ${shown(params)}`);
  }
  const entries = Object.entries(params);
  for (const [name, v] of entries) {
    liveTensor(v, `params['${name}']`, caller);
    if (!(v instanceof tf.Variable) || !v.trainable) {
      throw new NnError(
        `${caller}: params['${name}'] must be a trainable tf.Variable (as init() makes them), got ${shown(v)}`,
      );
    }
  }
  // tfjs checks the rank only after computing the loss. Any throw inside loss() (a non-scalar, a
  // loss rejecting its labels) leaves the tape's saved tensors kept; cleanTape disposes them.
  const checked = () => {
    const y = loss();
    if (!(y instanceof tf.Tensor)) throw new NnError(`${caller}: loss() must return a scalar tensor, got ${shown(y)}`);
    if (y.rank !== 0) {
      throw new NnShapeError(
        `${caller}: loss() must return a scalar, got shape [${y.shape}]; reduce it (tf.mean) before taking gradients`,
      );
    }
    return y as tf.Scalar;
  };
  let result: { value: tf.Scalar; grads: tf.NamedTensorMap };
  try {
    result = tf.variableGrads(
      checked,
      entries.map(([, v]) => v),
    );
  } catch (error) {
    cleanTape();
    throw error;
  }
  const { value, grads } = result;
  return { value, grads: Object.fromEntries(entries.map(([name, v]) => [name, grads[v.name]!])) };
}
