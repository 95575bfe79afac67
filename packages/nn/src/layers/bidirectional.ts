import { tf } from '@mlrecipe/tensor';
import { NnError } from '../errors.js';
import type { RecurrentLayer, RecurrentResult, RecurrentRunOptions } from './recurrent.js';

/** How the two directions' outputs are combined. */
export type BidirectionalMerge = 'concat' | 'sum';

const split = (params: Readonly<Record<string, tf.Tensor>>, prefix: string) =>
  Object.fromEntries(
    Object.entries(params)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k.slice(prefix.length), v]),
  );

/**
 * Runs a recurrent layer over the sequence in both directions with separate parameters
 * (`forward/…`, `backward/…`) and joins the outputs: concatenated along the units (default) or
 * summed. The backward copy reads from the last real step to the first (padding masked as in the
 * wrapped layer), so with `returnSequences` each step sees its whole context; without it the
 * output is [forward's last state, backward's state after step 0] — PyTorch's `h_n` for
 * `bidirectional=True`. `run`'s `initialState` is the forward states then the backward ones.
 *
 * @example
 * const model = sequential([bidirectional(gru({ units: 64, returnSequences: true, maskValue: 0 }))]);
 */
export function bidirectional(
  layer: RecurrentLayer,
  { merge = 'concat' }: { merge?: BidirectionalMerge } = {},
): RecurrentLayer {
  if (typeof layer?.run !== 'function')
    throw new NnError(
      `bidirectional: expects a recurrent layer (simpleRnn, gru or lstm), got ${layer?.kind ?? String(layer)}`,
    );
  if (merge !== 'concat' && merge !== 'sum')
    throw new NnError(`bidirectional: merge must be 'concat' or 'sum', got ${JSON.stringify(merge)}`);
  const units = merge === 'concat' ? 2 * layer.units : layer.units;
  const join = (a: tf.Tensor, b: tf.Tensor) => (merge === 'concat' ? tf.concat([a, b], -1) : tf.add(a, b));
  const run = (
    x: tf.Tensor,
    params: Readonly<Record<string, tf.Tensor>>,
    { initialState, mask }: RecurrentRunOptions = {},
  ): RecurrentResult => {
    const n = layer.stateCount;
    if (initialState !== undefined && initialState.length !== 2 * n)
      throw new NnError(
        `bidirectional(${layer.kind}): initialState must hold ${2 * n} tensors (forward then backward), got ${initialState.length}`,
      );
    return tf.tidy(() => {
      const forward = layer.run(x, split(params, 'forward/'), {
        ...(mask === undefined ? {} : { mask }),
        ...(initialState === undefined ? {} : { initialState: initialState.slice(0, n) }),
      });
      const backward = layer.run(x, split(params, 'backward/'), {
        reverse: true,
        ...(mask === undefined ? {} : { mask }),
        ...(initialState === undefined ? {} : { initialState: initialState.slice(n) }),
      });
      return { output: join(forward.output, backward.output), state: [...forward.state, ...backward.state] };
    });
  };
  return {
    kind: 'bidirectional',
    units,
    returnSequences: layer.returnSequences,
    stateCount: 2 * layer.stateCount,
    config: { merge, layer: { kind: layer.kind, config: layer.config } },
    build(inputShape, rng) {
      const forward = layer.build(inputShape, rng.fork('forward'));
      const backward = layer.build(inputShape, rng.fork('backward'));
      const prefixed = (tree: typeof forward.params, prefix: string) =>
        Object.fromEntries(Object.entries(tree).map(([k, v]) => [`${prefix}${k}`, v]));
      const outputShape = [...forward.outputShape];
      outputShape[outputShape.length - 1] = units;
      return {
        params: { ...prefixed(forward.params, 'forward/'), ...prefixed(backward.params, 'backward/') },
        outputShape,
      };
    },
    call(x, params) {
      // The final state is not returned, so it is disposed here.
      return tf.tidy(() => run(x, params).output);
    },
    run,
  };
}
