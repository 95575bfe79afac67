import { tf } from '@mlrecipe/tensor';
import { NnError, NnShapeError } from './errors.js';

/** Options of the CTC decoders. */
export interface CtcDecodeOptions {
  /** Valid steps of each example; default every step. */
  inputLengths?: readonly number[];
  /** Index of the blank class; default 0. */
  blank?: number;
}

/** One decoded label sequence and its log-probability log p(labels | x) summed over its alignments (beam search's estimate). */
export interface CtcBeam {
  readonly labels: number[];
  readonly logProb: number;
}

function checkDecodeArguments(caller: string, logits: tf.Tensor, { inputLengths, blank = 0 }: CtcDecodeOptions) {
  if (logits.rank !== 3)
    throw new NnShapeError(`${caller}: logits must be [batch, time, classes], got [${logits.shape.join(', ')}]`);
  const [batch, time, classes] = logits.shape as [number, number, number];
  if (!Number.isInteger(blank) || blank < 0 || blank >= classes)
    throw new NnError(`${caller}: blank must be a class index in [0, ${classes}), got ${blank}`);
  const lengths = inputLengths ?? Array.from({ length: batch }, () => time);
  if (lengths.length !== batch)
    throw new NnShapeError(`${caller}: inputLengths has ${lengths.length} entries for a batch of ${batch}`);
  lengths.forEach((n, b) => {
    if (!(Number.isInteger(n) && n >= 0 && n <= time))
      throw new NnError(`${caller}: inputLengths[${b}] must be an integer in [0, ${time}], got ${n}`);
  });
  return { batch, time, classes, blank, lengths };
}

/**
 * Best-path decoding: the most likely class at each step, repeats merged, blanks removed
 * ("aa-ab-" → "aab"). Fast, and usually close to beam search when the model is confident; it
 * finds the most likely alignment, not the most likely labels (`ctcBeamDecode` sums alignments).
 *
 * @example
 * const [word] = ctcGreedyDecode(logits); // e.g. [3, 1, 20]
 */
export function ctcGreedyDecode(logits: tf.Tensor, options: CtcDecodeOptions = {}): number[][] {
  const { batch, time, classes, blank, lengths } = checkDecodeArguments('ctcGreedyDecode', logits, options);
  const values = logits.dataSync();
  return Array.from({ length: batch }, (_, b) => {
    const out: number[] = [];
    let previous = -1;
    for (let t = 0; t < lengths[b]!; t++) {
      const row = (b * time + t) * classes;
      let best = 0;
      for (let c = 1; c < classes; c++) if (values[row + c]! > values[row + best]!) best = c;
      if (best !== previous && best !== blank) out.push(best);
      previous = best;
    }
    return out;
  });
}

const logAdd = (a: number, b: number): number => {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
};

interface Prefix {
  labels: number[];
  /** log p of the prefix over alignments ending in a blank, and ending in its last label. */
  blank: number;
  label: number;
}

/**
 * Prefix beam search (Hannun et al. 2014): keeps the `beamWidth` most probable label prefixes, each
 * scored by the sum over its alignments (split into those ending in a blank and those ending in
 * the last label, so that "a-a" and "aa" are told apart). Returns the `topPaths` best label
 * sequences per example, most probable first. With a beam as wide as the number of prefixes it is
 * exact; in practice 8–32 suffices.
 *
 * @example
 * const [[best]] = ctcBeamDecode(logits, { beamWidth: 16 }); // best.labels, best.logProb
 */
export function ctcBeamDecode(
  logits: tf.Tensor,
  { beamWidth = 16, topPaths = 1, ...options }: CtcDecodeOptions & { beamWidth?: number; topPaths?: number } = {},
): CtcBeam[][] {
  if (!(Number.isInteger(beamWidth) && beamWidth >= 1))
    throw new NnError(`ctcBeamDecode: beamWidth must be a positive integer, got ${beamWidth}`);
  if (!(Number.isInteger(topPaths) && topPaths >= 1 && topPaths <= beamWidth))
    throw new NnError(`ctcBeamDecode: topPaths must be an integer in [1, beamWidth = ${beamWidth}], got ${topPaths}`);
  const { batch, time, classes, blank, lengths } = checkDecodeArguments('ctcBeamDecode', logits, options);
  const logProbs = tf.logSoftmax(logits);
  const values = logProbs.dataSync();
  logProbs.dispose();
  const score = (p: Prefix) => logAdd(p.blank, p.label);
  return Array.from({ length: batch }, (_, b) => {
    let beams: Prefix[] = [{ labels: [], blank: 0, label: Number.NEGATIVE_INFINITY }];
    for (let t = 0; t < lengths[b]!; t++) {
      const row = (b * time + t) * classes;
      const next = new Map<string, Prefix>();
      const at = (labels: number[]) => {
        const key = labels.join(',');
        let entry = next.get(key);
        if (entry === undefined) {
          entry = { labels, blank: Number.NEGATIVE_INFINITY, label: Number.NEGATIVE_INFINITY };
          next.set(key, entry);
        }
        return entry;
      };
      for (const beam of beams) {
        const total = score(beam);
        const same = at(beam.labels);
        same.blank = logAdd(same.blank, total + values[row + blank]!);
        const last = beam.labels[beam.labels.length - 1];
        for (let c = 0; c < classes; c++) {
          if (c === blank) continue;
          const p = values[row + c]!;
          const extended = at([...beam.labels, c]);
          if (c === last) {
            // A repeat extends the prefix only after a blank; without one it merges into the last label.
            extended.label = logAdd(extended.label, beam.blank + p);
            same.label = logAdd(same.label, beam.label + p);
          } else {
            extended.label = logAdd(extended.label, total + p);
          }
        }
      }
      beams = [...next.values()].sort((x, y) => score(y) - score(x)).slice(0, beamWidth);
    }
    return beams.slice(0, topPaths).map((p) => ({ labels: p.labels, logProb: score(p) }));
  });
}
