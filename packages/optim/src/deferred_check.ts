import { nonFiniteSum, tf } from '@mlrecipe/tensor';
import { OptimError } from './errors.js';

type Container = tf.TensorContainer;

interface Snapshot<S> {
  /** The step this snapshot precedes (1-based). */
  readonly step: number;
  /** Each parameter's value before the step (a clone: it shares the data, no copy is made). */
  readonly params: Record<string, tf.Tensor>;
  /** The optimizer state before the step (kept alive instead of freed). */
  readonly state: S;
  /** Set when the step's finiteness flag has been read. */
  verdict?: 'finite' | 'not finite';
}

/**
 * The optimizer's finiteness check for GPUs (`checkFinite: 'deferred'`), without a read that
 * stalls the GPU's queue and without extra programs per parameter: before each step the previous
 * parameters and state are kept (clones share their data), the step is applied, and one number
 * (the gradients times 0, summed: 0 when all are finite) is read asynchronously. A finite step's
 * snapshot is then freed; a non-finite one puts parameters and state back as they were before it
 * (later steps are undone with it) and becomes an `OptimError` thrown by the next step or flush().
 */
export class DeferredChecks<S> {
  private readonly pending: Snapshot<S>[] = [];
  private readonly reads = new Set<Promise<void>>();
  private failure: OptimError | null = null;

  /** Keeps what `step` needs to undo it and starts the asynchronous read of its gradients' flag. */
  begin(step: number, params: Readonly<Record<string, tf.Variable>>, state: S, gradients: tf.Tensor[]): void {
    const snapshot: Snapshot<S> = {
      step,
      params: Object.fromEntries(Object.entries(params).map(([name, p]) => [name, tf.clone(p)])),
      state,
    };
    const total = nonFiniteSum(gradients);
    const read = total
      .data()
      .then((values) => {
        snapshot.verdict = values[0] === 0 ? 'finite' : 'not finite';
      })
      .finally(() => {
        total.dispose();
        this.reads.delete(read);
      });
    this.reads.add(read);
    this.pending.push(snapshot);
  }

  /**
   * Settles the snapshots whose flags have been read, oldest first: frees finite ones; on the
   * first non-finite one, restores its parameters into `params`, returns its state (the caller's
   * current state is then to be freed) and frees every later snapshot.
   */
  settle(params: Readonly<Record<string, tf.Variable>>): { restoredState: S } | null {
    while (this.pending[0]?.verdict === 'finite') free(this.pending.shift()!);
    const bad = this.pending[0];
    if (bad?.verdict !== 'not finite') return null;
    this.pending.shift();
    for (const [name, value] of Object.entries(bad.params)) params[name]!.assign(value);
    tf.dispose(Object.values(bad.params));
    for (const later of this.pending.splice(0)) free(later);
    this.failure = new OptimError(
      `optimizer.step: a gradient of step ${bad.step} contained NaN or Infinity (found by the deferred check); ` +
        `the parameters and the optimizer state were put back as they were before step ${bad.step}. ` +
        'Lower the learning rate, clip gradients (clipByGlobalNorm) or check the loss for log(0)',
    );
    return { restoredState: bad.state };
  }

  /** Throws (once) the error of a non-finite step found by `settle`. */
  throwFailure(): void {
    const error = this.failure;
    this.failure = null;
    if (error !== null) throw error;
  }

  /** Waits for every outstanding read. */
  async wait(): Promise<void> {
    await Promise.all(this.reads);
  }

  /** Frees every snapshot (a state replaced by setState, or the optimizer disposed). */
  dispose(): void {
    for (const snapshot of this.pending.splice(0)) free(snapshot);
  }
}

function free<S>(snapshot: Snapshot<S>): void {
  tf.dispose(Object.values(snapshot.params));
  tf.dispose(snapshot.state as unknown as Container);
}
