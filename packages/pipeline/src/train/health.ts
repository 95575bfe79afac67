import { type GradientHealth, gradientHealth, type LossCurveIssue, lossCurveCheck } from '@mlrecipe/diagnostics';
import { tf } from '@mlrecipe/tensor';

/** What the health check found in an epoch (see train's `health` option). */
export interface EpochHealth {
  /** Mean gradient norm per layer over the epoch's samples, first layer to last. */
  readonly gradientNorms: readonly { readonly layer: string; readonly norm: number }[];
  /** Mean ‖update‖ / ‖parameters‖ per layer: about 1e-3 is typical; far above, the rate is too high. */
  readonly updateRatios: readonly { readonly layer: string; readonly ratio: number }[];
  readonly verdict: GradientHealth['verdict'];
  readonly message: string;
  /** Loss-curve problems (not decreasing at first, diverging, NaN), with the course's advice. */
  readonly lossIssues: readonly { readonly kind: LossCurveIssue['kind']; readonly message: string }[];
}

/** Options of train's training-health checks. */
export interface HealthOptions {
  /** Sample gradient norms and update ratios every this many steps (and the first). Default 25: about 2.4 % of step time in bench/train_overhead.bench.mjs (every 10: 4.2 %). */
  readonly everySteps?: number;
}

const layerOf = (name: string) => name.split('/')[0]!;

/**
 * The course's training-health checks run for the user: every `everySteps` steps, the gradient
 * norm of each layer and the size of its update relative to its parameters (one stacked tensor,
 * read once per epoch, so a sample costs a few reductions and no device read); at the epoch's end,
 * gradientHealth on the mean norms (vanishing or exploding across depth) and lossCurveCheck on the
 * first epoch's step losses (a cost that does not decrease is a backprop bug or too high a rate).
 */
export class HealthMonitor {
  private readonly layers: string[];
  private readonly byLayer: Map<string, string[]>;
  private pending: tf.Tensor[] = [];
  private losses: number[] = [];

  constructor(
    learning: Readonly<Record<string, tf.Variable>>,
    private readonly everySteps: number,
  ) {
    this.byLayer = new Map();
    for (const name of Object.keys(learning)) {
      const layer = layerOf(name);
      this.byLayer.set(layer, [...(this.byLayer.get(layer) ?? []), name]);
    }
    this.layers = [...this.byLayer.keys()];
  }

  /** Whether step `step` (1-based over the run) is sampled: the first, then every `everySteps`. */
  due(step: number): boolean {
    return this.layers.length >= 2 && (step === 1 || step % this.everySteps === 0);
  }

  /** Copies of the learning parameters before the update (tfjs shares their data until it changes). */
  before(params: Readonly<Record<string, tf.Variable>>): Record<string, tf.Tensor> {
    const copies: Record<string, tf.Tensor> = {};
    for (const names of this.byLayer.values()) for (const n of names) copies[n] = tf.clone(params[n]!);
    return copies;
  }

  /** Records per-layer ‖g‖, ‖Δθ‖ and ‖θ‖ as one tensor; frees `before`. */
  record(
    grads: Readonly<Record<string, tf.Tensor>>,
    before: Record<string, tf.Tensor>,
    params: Readonly<Record<string, tf.Variable>>,
  ): void {
    const sample = tf.tidy(() => {
      const norm = (ts: tf.Tensor[]) => tf.sqrt(tf.addN(ts.map((t) => tf.sum(tf.square(t)))));
      const rows = [...this.byLayer.values()].map((names) =>
        tf.stack([
          norm(names.map((n) => grads[n]!)),
          norm(names.map((n) => tf.sub(params[n]!, before[n]!))),
          norm(names.map((n) => params[n]!)),
        ]),
      );
      return tf.stack(rows);
    });
    tf.dispose(Object.values(before));
    this.pending.push(sample);
  }

  /** A mini-batch loss (already read): the first epoch's feed the loss-curve check. */
  loss(epoch: number, value: number): void {
    if (epoch === 1) this.losses.push(value);
  }

  /** The epoch's verdicts (one device read for all its samples). */
  async endEpoch(): Promise<EpochHealth | undefined> {
    const samples = this.pending;
    this.pending = [];
    let values: Float32Array | undefined;
    if (samples.length > 0) {
      const stacked = tf.stack(samples);
      try {
        values = (await stacked.data()) as Float32Array;
      } finally {
        stacked.dispose();
        tf.dispose(samples);
      }
    }
    const lossIssues = this.lossIssues();
    if (values === undefined) {
      return lossIssues.length > 0
        ? { gradientNorms: [], updateRatios: [], verdict: 'healthy', message: 'no gradient samples', lossIssues }
        : undefined;
    }
    const k = this.layers.length;
    const mean = (column: number, layer: number) => {
      let total = 0;
      for (let s = 0; s < samples.length; s++) total += values![(s * k + layer) * 3 + column]!;
      return total / samples.length;
    };
    const gradientNorms = this.layers.map((layer, i) => ({ layer, norm: mean(0, i) }));
    const updateRatios = this.layers.map((layer, i) => ({ layer, ratio: mean(1, i) / Math.max(mean(2, i), 1e-30) }));
    const health = gradientHealth(gradientNorms);
    return { gradientNorms, updateRatios, verdict: health.verdict, message: health.message, lossIssues };
  }

  /**
   * The first epoch's step losses in ten chunk means (single mini-batch losses are too noisy to
   * compare one by one), read by lossCurveCheck: NaN, divergence, or no decrease at first.
   */
  private lossIssues(): EpochHealth['lossIssues'] {
    const losses = this.losses;
    this.losses = [];
    if (losses.length < 10) return [];
    const chunk = Math.floor(losses.length / 10);
    const means = Array.from({ length: 10 }, (_, c) => {
      const part = losses.slice(c * chunk, (c + 1) * chunk);
      return part.reduce((a, b) => a + b, 0) / part.length;
    });
    return lossCurveCheck(means, { window: 5 })
      .filter((issue) => issue.kind !== 'plateau')
      .map(({ kind, message }) => ({ kind, message }));
  }

  /** What is recorded but not yet summarised, for a snapshot (a resumed run then reports the same health). */
  getState(): { samples: tf.Tensor[]; losses: number[] } {
    return { samples: this.pending, losses: [...this.losses] };
  }

  /** Takes a snapshot's record back (and ownership of its tensors). */
  setState(state: { samples: tf.Tensor[]; losses: number[] }): void {
    this.dispose();
    this.pending = [...state.samples];
    this.losses = [...state.losses];
  }

  dispose(): void {
    tf.dispose(this.pending);
    this.pending = [];
  }
}
