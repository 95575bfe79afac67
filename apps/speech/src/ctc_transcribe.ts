import { ctcBeamDecode, ctcGreedyDecode } from '@mlrecipe/nn';
import { tf } from '@mlrecipe/tensor';
import { lengthBatches, paddedFrames } from './ctc_batches.js';
import type { CtcModel } from './ctc_model.js';
import { labelText, type SequenceSet, WORD_MEL_BINS } from './word_features.js';

/** How to read letters off the model's per-step outputs. */
export type CtcDecoding = { readonly kind: 'greedy' } | { readonly kind: 'beam'; readonly beamWidth: number };

/** The words the model hears in `set`, in input order, decoded greedily or by prefix beam search. */
export function transcribe(model: CtcModel, set: SequenceSet, decoding: CtcDecoding, batchSize = 32): string[] {
  const out: string[] = new Array(set.frames.length);
  const lengths = set.frames.map((f) => f.length / WORD_MEL_BINS);
  for (const rows of lengthBatches(lengths, batchSize)) {
    const { x, lengths: frameLengths } = paddedFrames(set.frames, rows);
    const logits = model.apply(x, frameLengths);
    const inputLengths = frameLengths.map(model.outputLength);
    const decoded =
      decoding.kind === 'greedy'
        ? ctcGreedyDecode(logits, { inputLengths })
        : ctcBeamDecode(logits, { inputLengths, beamWidth: decoding.beamWidth }).map(([best]) => best!.labels);
    tf.dispose([x, logits]);
    rows.forEach((r, i) => {
      out[r] = labelText(decoded[i]!);
    });
  }
  return out;
}
