import { tf } from '@mlrecipe/tensor';
import { NnError, NnShapeError } from './errors.js';

/** Options of `ctcLoss`. */
export interface CtcLossOptions {
  /** Valid steps of each example (≤ time); default every step. */
  inputLengths?: readonly number[];
  /** Index of the blank class; default 0. */
  blank?: number;
  /**
   * 'mean' (default, PyTorch's): each example's loss divided by its label length (at least 1), then
   * the mean over the batch; 'sum': the sum over the batch; 'none': the [batch] losses.
   */
  reduction?: 'mean' | 'sum' | 'none';
}

// Stands in for log 0: finite, so 0·NEG = 0 in masks and logSumExp never sees −∞ − (−∞).
const NEG = -1e30;

/**
 * Connectionist temporal classification loss (Graves et al. 2006): −log p(labels | x), where p sums
 * over every alignment of the labels to the steps (labels in order, each repeated one or more steps,
 * blanks between and around them, a blank required between two equal labels). Computed by the
 * forward (α) recursion in log space over the extended label sequence l′ = (blank, l₁, blank, …, l_L,
 * blank):
 *   α_t(s) = log p_t(l′_s) + logsumexp(α_{t−1}(s), α_{t−1}(s−1), α_{t−1}(s−2) if l′_s ≠ blank and l′_s ≠ l′_{s−2}),
 *   loss = −logsumexp(α_{T−1}(S−1), α_{T−1}(S−2)).
 * It is written with differentiable ops, so tfjs' autodiff gives the gradient (the backward β
 * recursion is what that gradient computes). `logits` are [batch, time, classes] before the
 * softmax (log-softmax is applied here); `labels` are each example's label indices, of any length
 * (they may be empty and may repeat). Matches `torch.nn.functional.ctc_loss` on log_softmax(logits).
 *
 * @example
 * const loss = ctcLoss(model.apply(params, x), [[3, 1, 20], [2, 1, 20]], { inputLengths: [50, 42] });
 */
export function ctcLoss(
  logits: tf.Tensor,
  labels: readonly (readonly number[])[],
  { inputLengths, blank = 0, reduction = 'mean' }: CtcLossOptions = {},
): tf.Tensor {
  if (logits.rank !== 3)
    throw new NnShapeError(`ctcLoss: logits must be [batch, time, classes], got [${logits.shape.join(', ')}]`);
  const [batch, time, classes] = logits.shape as [number, number, number];
  if (!Number.isInteger(blank) || blank < 0 || blank >= classes)
    throw new NnError(`ctcLoss: blank must be a class index in [0, ${classes}), got ${blank}`);
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none')
    throw new NnError(`ctcLoss: reduction must be 'mean', 'sum' or 'none', got ${JSON.stringify(reduction)}`);
  if (!Array.isArray(labels as unknown) || labels.length !== batch)
    throw new NnShapeError(`ctcLoss: give one label sequence per example (${batch}), got ${labels?.length}`);
  const lengths = inputLengths ?? Array.from({ length: batch }, () => time);
  if (lengths.length !== batch)
    throw new NnShapeError(`ctcLoss: inputLengths has ${lengths.length} entries for a batch of ${batch}`);
  labels.forEach((sequence, b) => {
    const n = lengths[b]!;
    if (!(Number.isInteger(n) && n >= 1 && n <= time))
      throw new NnError(`ctcLoss: inputLengths[${b}] must be an integer in [1, ${time}], got ${n}`);
    for (const label of sequence)
      if (!(Number.isInteger(label) && label >= 0 && label < classes && label !== blank))
        throw new NnError(
          `ctcLoss: labels[${b}] contains ${label}; labels must be class indices in [0, ${classes}) other than the blank (${blank})`,
        );
    // Each label needs a step, and two equal neighbours need a blank step between them.
    const needed = sequence.length + sequence.filter((l, i) => i > 0 && l === sequence[i - 1]).length;
    if (needed > n)
      throw new NnError(
        `ctcLoss: example ${b} has ${n} steps but its labels [${sequence.join(', ')}] need at least ${needed}; no alignment exists (use more steps or less downsampling)`,
      );
  });

  const maxLabels = Math.max(0, ...labels.map((l) => l.length));
  const width = 2 * maxLabels + 1;
  // Host-side structure of the extended sequences: class per position, which positions may skip
  // from s − 2, and where each sequence ends.
  const extended = new Int32Array(batch * width).fill(blank);
  const skip = new Float32Array(batch * width).fill(NEG);
  const start = new Float32Array(batch * width).fill(NEG);
  const end = new Float32Array(batch * width).fill(NEG);
  const stepMask = new Float32Array(batch * time);
  labels.forEach((sequence, b) => {
    sequence.forEach((label, i) => {
      const s = 2 * i + 1;
      extended[b * width + s] = label;
      if (i > 0 && sequence[i - 1] !== label) skip[b * width + s] = 0;
    });
    start[b * width] = 0;
    if (sequence.length > 0) start[b * width + 1] = 0;
    const last = 2 * sequence.length;
    end[b * width + last] = 0;
    if (last > 0) end[b * width + last - 1] = 0;
    stepMask.fill(1, b * time, b * time + lengths[b]!);
  });

  return tf.tidy(() => {
    const logProbs = tf.logSoftmax(logits);
    // Emissions log p_t(l′_s) as [batch, time, width]: a one-hot matmul instead of a gather, whose
    // gradient (UnsortedSegmentSum) tfjs wasm lacks.
    const select = tf.oneHot(tf.tensor2d(extended, [batch, width], 'int32'), classes).toFloat() as tf.Tensor3D;
    const emissions = tf.unstack(tf.matMul(logProbs as tf.Tensor3D, select, false, true), 1) as tf.Tensor2D[];
    const masks = tf.unstack(tf.tensor2d(stepMask, [batch, time]), 1).map((m) => tf.expandDims(m, 1));
    const skipPenalty = tf.tensor2d(skip, [batch, width]);
    const pad = (k: number) => tf.fill([batch, k], NEG);
    let alpha: tf.Tensor = tf.add(emissions[0]!, tf.tensor2d(start, [batch, width]));
    for (let t = 1; t < time; t++) {
      const stay = alpha;
      const advance = width > 1 ? tf.concat([pad(1), tf.slice(alpha, [0, 0], [batch, width - 1])], 1) : pad(1);
      const jump =
        width > 2
          ? tf.add(tf.concat([pad(2), tf.slice(alpha, [0, 0], [batch, width - 2])], 1), skipPenalty)
          : pad(width);
      const next = tf.add(emissions[t]!, tf.logSumExp(tf.stack([stay, advance, jump], 2), 2));
      // Past an example's last step its α stays as it was.
      const m = masks[t]!;
      alpha = tf.add(tf.mul(m, next), tf.mul(tf.sub(1, m), alpha));
    }
    const perExample = tf.neg(tf.logSumExp(tf.add(alpha, tf.tensor2d(end, [batch, width])), 1));
    if (reduction === 'none') return perExample;
    if (reduction === 'sum') return tf.sum(perExample);
    const divisors = tf.tensor1d(labels.map((l) => Math.max(1, l.length)));
    return tf.mean(tf.div(perExample, divisors));
  });
}
