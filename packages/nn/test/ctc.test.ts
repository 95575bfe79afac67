import { countTensors, scope, tf } from '@mlrecipe/tensor';
import { describeOnBackends } from '@mlrecipe/tensor/testing';
import { expect, it } from 'vitest';
import { ctcBeamDecode, ctcGreedyDecode, ctcLoss, NnError, NnShapeError } from '../src/index.js';
import { expectClose, wave } from './reference/compare.js';
import { CTC_REFERENCE } from './reference/ctc_reference.js';

// The same logits, labels and lengths as test/reference/ctc_torch.py.
const [B, T, C] = [4, 7, 5];
const INPUT_LENGTHS = [7, 5, 6, 3];
const CASES: Record<string, { blank: number; labels: number[][] }> = {
  blank0: { blank: 0, labels: [[1, 2, 2], [3], [4, 1, 3, 1], []] },
  blank4: { blank: 4, labels: [[0, 0, 1], [2], [3, 0, 2, 0], []] },
};
const logitValues = wave(B * T * C, (k) => 2 * Math.sin(0.37 * k + 0.5) + Math.cos(1.3 * k));

/** p(labels | x) by enumerating every path of classes over the steps (classes^steps of them). */
function bruteForce(probs: number[][], blank: number): Map<string, number> {
  const totals = new Map<string, number>();
  const classes = probs[0]!.length;
  const visit = (t: number, path: number[], p: number) => {
    if (t === probs.length) {
      const labels = path.filter((c, i) => c !== blank && c !== path[i - 1]);
      const key = labels.join(',');
      totals.set(key, (totals.get(key) ?? 0) + p);
      return;
    }
    for (let c = 0; c < classes; c++) visit(t + 1, [...path, c], p * probs[t]![c]!);
  };
  visit(0, [], 1);
  return totals;
}

describeOnBackends(['wasm', 'cpu'], 'CTC', () => {
  for (const [name, { blank, labels }] of Object.entries(CASES)) {
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      it(`ctcLoss (${name}, reduction ${reduction}) and its gradient match torch.nn.functional.ctc_loss, with a repeated label, an empty label and shorter inputs`, () => {
        const reference = CTC_REFERENCE[`${name}/${reduction}`]!;
        const z = scope(() => tf.variable(tf.tensor(logitValues, [B, T, C])));
        const before = countTensors();
        const options = { blank, reduction, inputLengths: INPUT_LENGTHS };
        const loss = ctcLoss(z, labels, options);
        expectClose(loss.dataSync(), reference.loss, 'loss');
        loss.dispose();
        if (reference.grad !== undefined) {
          const { value, grads } = tf.variableGrads(() => ctcLoss(z, labels, options) as tf.Scalar, [z]);
          expectClose(grads[z.name]!.dataSync(), reference.grad, 'gradient');
          tf.dispose([value, ...Object.values(grads)]);
        }
        expect(countTensors()).toBe(before);
        z.dispose();
      });
    }
  }

  it('beam search with a wide beam returns the exact label probabilities, which ctcLoss agrees with', () => {
    // 4 steps over blank, a, b: 81 paths, few enough to enumerate.
    const probs = [
      [0.5, 0.3, 0.2],
      [0.4, 0.35, 0.25],
      [0.3, 0.3, 0.4],
      [0.45, 0.2, 0.35],
    ];
    const exact = [...bruteForce(probs, 0).entries()].sort((x, y) => y[1] - x[1]);
    const logits = tf.tensor3d([probs.map((row) => row.map(Math.log))]);
    const before = countTensors();
    const [beams] = ctcBeamDecode(logits, { beamWidth: 100, topPaths: 5 });
    expect(beams!.map((b) => b.labels.join(','))).toEqual(exact.slice(0, 5).map(([k]) => k));
    beams!.forEach((beam, i) => {
      expect(beam.logProb).toBeCloseTo(Math.log(exact[i]![1]), 5);
      const loss = ctcLoss(logits, [beam.labels], { reduction: 'none' });
      expect(loss.dataSync()[0]!).toBeCloseTo(-Math.log(exact[i]![1]), 5);
      loss.dispose();
    });
    expect(countTensors()).toBe(before);
    logits.dispose();
  });

  it('greedy decoding finds the best alignment, beam search the best labels: they differ when alignments split the mass', () => {
    // Two steps, p(blank) = 0.6, p(a) = 0.4: greedy reads "blank blank" → "" (p = 0.36), but "a" has
    // p = 0.4·0.4 + 0.4·0.6 + 0.6·0.4 = 0.64.
    const logits = tf.tensor3d([
      [
        [Math.log(0.6), Math.log(0.4)],
        [Math.log(0.6), Math.log(0.4)],
      ],
    ]);
    expect(ctcGreedyDecode(logits)).toEqual([[]]);
    const [[best]] = ctcBeamDecode(logits, { beamWidth: 4 }) as [[{ labels: number[]; logProb: number }]];
    expect(best.labels).toEqual([1]);
    expect(best.logProb).toBeCloseTo(Math.log(0.64), 6);
    logits.dispose();
  });

  it('greedy decoding merges repeats, drops blanks and stops at each input length', () => {
    const frames = [
      [1, 1, 0, 1, 2, 2, 0],
      [3, 0, 3, 3, 4, 4, 4],
    ];
    const logits = tf.tensor3d(
      frames.map((row) => row.map((c) => Array.from({ length: 5 }, (_, k) => (k === c ? 5 : 0)))),
    );
    expect(ctcGreedyDecode(logits)).toEqual([
      [1, 1, 2],
      [3, 3, 4],
    ]);
    expect(ctcGreedyDecode(logits, { inputLengths: [7, 4] })).toEqual([
      [1, 1, 2],
      [3, 3],
    ]);
    expect(ctcGreedyDecode(logits, { blank: 4 })).toEqual([
      [1, 0, 1, 2, 0],
      [3, 0, 3],
    ]);
    logits.dispose();
  });
});

it('impossible alignments, blank labels and bad options raise typed errors that say why', () => {
  const z = tf.zeros([1, 3, 4]);
  const before = countTensors();
  expect(() => ctcLoss(z, [[1, 1, 2]])).toThrow(/3 steps but its labels \[1, 1, 2\] need at least 4/);
  expect(() => ctcLoss(z, [[0, 1]])).toThrow(/other than the blank \(0\)/);
  expect(() => ctcLoss(z, [[1]], { blank: 4 })).toThrow(NnError);
  expect(() => ctcLoss(z, [[1], [2]])).toThrow(NnShapeError);
  expect(() => ctcLoss(z, [[1]], { inputLengths: [0] })).toThrow(/inputLengths\[0\]/);
  expect(() => ctcLoss(tf.zeros([3, 4]), [[1]])).toThrow(/\[batch, time, classes\]/);
  expect(() => ctcBeamDecode(z, { beamWidth: 0 })).toThrow(/beamWidth/);
  expect(() => ctcGreedyDecode(z, { inputLengths: [5] })).toThrow(/inputLengths\[0\]/);
  // The one tensor created inline above (tf.zeros([3, 4])) is the only new one.
  expect(countTensors()).toBe(before + 1);
  z.dispose();
});
