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
  /** Set when the parameters after a later step were read finite. */
  finite?: true;
}

/**
 * Steps applied while a read is under way before another read starts anyway (each unread step
 * keeps a snapshot of the parameters and the state alive).
 */
export const MAX_UNREAD_STEPS = 32;

/**
 * The optimizer's finiteness check for GPUs (`checkFinite: 'deferred'`), without a read that
 * stalls the GPU's queue each step. Before each step the previous parameters and state are kept
 * (clones share their data: no copy, no program). After a step, when no read is under way, one
 * number for the trained parameters (their values times 0, summed: 0 when all are finite) is read
 * asynchronously: a non-finite gradient makes the parameters non-finite through any update that
 * uses it, and they stay so, so one read covers every step since the last. In a training loop that
 * never awaits that is one read per MAX_UNREAD_STEPS steps (bench/webgl.bench.mjs: a flag over the
 * gradients computed every step cost the WebGL MLP a quarter of its speed; snapshots cost nothing).
 * A finite read frees the snapshots it covers. A non-finite one is traced to its step by reading
 * the snapshots it covers (only then, synchronously); parameters and state are put back as they
 * were before that step (later steps are undone with it) and an `OptimError` is thrown by the
 * next step or flush().
 */
export class DeferredChecks<S> {
  private readonly pending: Snapshot<S>[] = [];
  private readonly reads = new Set<Promise<void>>();
  private unread = 0;
  private steps = 0;
  /** The last step of the first read that found non-finite parameters. */
  private badThrough: number | null = null;
  private failure: OptimError | null = null;

  /** `trained`: the names of the parameters the optimizer updates (frozen ones never change). */
  constructor(
    private readonly params: Readonly<Record<string, tf.Variable>>,
    private readonly trained: readonly string[],
  ) {}

  /** Keeps what `step` needs to undo it; call before the step changes the parameters. */
  begin(step: number, state: S): void {
    this.pending.push({
      step,
      params: Object.fromEntries(Object.entries(this.params).map(([name, p]) => [name, tf.clone(p)])),
      state,
    });
  }

  /** After step `step` was applied: starts a read when none is under way or too many steps wait. */
  applied(step: number): void {
    this.steps = step;
    this.unread++;
    if (this.reads.size === 0 || this.unread >= MAX_UNREAD_STEPS) this.read();
  }

  /** Starts one asynchronous read of the parameters' flag, covering every step so far. */
  private read(): void {
    if (this.unread === 0) return;
    this.unread = 0;
    const through = this.steps;
    const flag = nonFiniteSum(this.trained.map((name) => this.params[name]!));
    const read = flag
      .data()
      .then((values) => {
        if (values[0] !== 0) {
          this.badThrough ??= through;
          return;
        }
        for (const snapshot of this.pending) if (snapshot.step <= through) snapshot.finite = true;
      })
      .finally(() => {
        flag.dispose();
        this.reads.delete(read);
      });
    this.reads.add(read);
  }

  /**
   * Settles what the reads found, oldest first: frees the snapshots of steps known finite; when a
   * read found non-finite parameters, finds the first step that made them so, restores the
   * parameters from before it, returns its state (the caller's current state is then to be freed)
   * and the number of steps then in effect
   * and frees every later snapshot.
   */
  settle(): { restoredState: S; restoredSteps: number } | null {
    while (this.pending[0]?.finite === true) free(this.pending.shift()!);
    const through = this.badThrough;
    if (through === null || this.pending[0] === undefined || this.pending[0].step > through) return null;
    this.badThrough = null;
    // The bad step is the last before the first snapshot (of those the read covered) whose
    // parameters are non-finite; if all are finite, it is the last step the read covered.
    const covered = this.pending.filter((snapshot) => snapshot.step <= through);
    const firstBad = covered.findIndex(
      (snapshot, i) => i > 0 && !allFinite(this.trained.map((name) => snapshot.params[name]!)),
    );
    const bad = firstBad === -1 ? covered.at(-1)! : covered[firstBad - 1]!;
    const index = this.pending.indexOf(bad);
    for (const earlier of this.pending.splice(0, index)) free(earlier);
    this.pending.shift();
    for (const [name, value] of Object.entries(bad.params)) this.params[name]!.assign(value);
    tf.dispose(Object.values(bad.params));
    for (const later of this.pending.splice(0)) free(later);
    this.unread = 0;
    this.failure = new OptimError(
      `optimizer.step: a gradient of step ${bad.step} contained NaN or Infinity (found by the deferred check); ` +
        `the parameters and the optimizer state were put back as they were before step ${bad.step}. ` +
        'Lower the learning rate, clip gradients (clipByGlobalNorm) or check the loss for log(0)',
    );
    return { restoredState: bad.state, restoredSteps: bad.step - 1 };
  }

  /** Throws (once) the error of a non-finite step found by `settle`. */
  throwFailure(): void {
    const error = this.failure;
    this.failure = null;
    if (error !== null) throw error;
  }

  /** Reads the steps not yet covered and waits for every outstanding read. */
  async wait(): Promise<void> {
    this.read();
    await Promise.all(this.reads);
  }

  /** Frees every snapshot (a state replaced by setState, or the optimizer disposed). */
  dispose(): void {
    for (const snapshot of this.pending.splice(0)) free(snapshot);
    this.unread = 0;
    this.badThrough = null;
  }
}

function allFinite(tensors: tf.Tensor[]): boolean {
  const flag = nonFiniteSum(tensors);
  const finite = flag.dataSync()[0] === 0;
  flag.dispose();
  return finite;
}

function free<S>(snapshot: Snapshot<S>): void {
  tf.dispose(Object.values(snapshot.params));
  tf.dispose(snapshot.state as unknown as Container);
}
