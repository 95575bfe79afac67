// mlrecipe's fused softmax cross-entropy (one kernel and its registered gradient on cpu and wasm)
// against the composed tfjs ops it replaces in nn's loss, for class ids and for soft labels.
import { expect, it } from 'vitest';
import { expectNoLeaks, fusedSoftmaxCrossEntropy, tf } from '../src/index.js';
import { describeOnBackends } from '../src/testing/index.js';
import { seededTensor } from '../src/testing/parity.js';

const composed = (oneHot: tf.Tensor, logits: tf.Tensor) =>
  tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), -1))) as tf.Scalar;

describeOnBackends(['cpu', 'wasm'], 'fusedSoftmaxCrossEntropy', () => {
  it('gives the composed loss and gradient, for class ids and soft labels, leaking nothing', () => {
    expectNoLeaks(() => {
      const logits = seededTensor([37, 10], 5, { low: -20, high: 20 });
      const ids = tf.tensor1d(
        Int32Array.from({ length: 37 }, (_, i) => (i * 7) % 10),
        'int32',
      );
      const soft = tf.tidy(() => tf.softmax(seededTensor([37, 10], 6, { low: -2, high: 2 })));
      for (const [labels, oneHot] of [
        [ids, tf.tidy(() => tf.oneHot(ids, 10).toFloat())],
        [soft, soft],
      ] as const) {
        const fusedGrad = tf.valueAndGrad((z: tf.Tensor) => fusedSoftmaxCrossEntropy(labels, z)!);
        const composedGrad = tf.valueAndGrad((z: tf.Tensor) => composed(oneHot, z));
        const a = fusedGrad(logits);
        const b = composedGrad(logits);
        expect(a.value.dataSync()[0]).toBeCloseTo(b.value.dataSync()[0]!, 5);
        const ga = a.grad.dataSync();
        const gb = b.grad.dataSync();
        for (let i = 0; i < ga.length; i++) expect(Math.abs(ga[i]! - gb[i]!)).toBeLessThan(1e-6);
        tf.dispose([a.value, a.grad, b.value, b.grad]);
        if (oneHot !== labels) oneHot.dispose();
      }
      tf.dispose([logits, ids, soft]);
    });
  });

  it('matches a loss worked by hand: logits [0, ln 3] with class 1 → −ln(3/4)', () => {
    const loss = fusedSoftmaxCrossEntropy(tf.tensor1d([1], 'int32'), tf.tensor2d([[0, Math.log(3)]]))!;
    expect(loss.dataSync()[0]).toBeCloseTo(-Math.log(3 / 4), 6);
    loss.dispose();
  });
});
