import { tf } from '@mlrecipe/tensor';
import { type RecurrentLayer, type RecurrentOptions, recurrentLayer } from './recurrent.js';

/**
 * Long short-term memory (Hochreiter & Schmidhuber 1997), inputs [batch, time, features]:
 *   i, f, g, o = σ, σ, tanh, σ of (x_t·W + h_{t−1}·U + b), split in four along the units;
 *   c_t = f ⊙ c_{t−1} + i ⊙ g,  h_t = o ⊙ tanh(c_t).
 * Gate order i, f, g (cell candidate), o is Keras' and PyTorch's: `kernel` W [features, 4·units] is
 * PyTorch's `weight_ih_l0` transposed, `recurrentKernel` U [units, 4·units] is `weight_hh_l0`
 * transposed, and `bias` b = `bias_ih_l0` + `bias_hh_l0`. The forget-gate bias starts at 1
 * (Jozefowicz et al. 2015, Keras' unit_forget_bias) so the cell remembers by default early in
 * training. The state is [h, c].
 *
 * @example
 * const model = sequential([lstm({ units: 32, maskValue: 0 }), dense({ units: 5 })]);
 */
export function lstm(options: RecurrentOptions): RecurrentLayer {
  return recurrentLayer(
    {
      kind: 'lstm',
      gates: 4,
      stateCount: 2,
      bias: (units) => {
        const b = new Float32Array(4 * units);
        b.fill(1, units, 2 * units);
        return b;
      },
      step: (projected, [h, c], params) => {
        const z = tf.add(projected, tf.matMul(h!, params.recurrentKernel as tf.Tensor2D));
        const [i, f, g, o] = tf.split(z, 4, 1) as tf.Tensor2D[];
        const cNext = tf.add(tf.mul(tf.sigmoid(f!), c!), tf.mul(tf.sigmoid(i!), tf.tanh(g!))) as tf.Tensor2D;
        return [tf.mul(tf.sigmoid(o!), tf.tanh(cNext)) as tf.Tensor2D, cNext];
      },
    },
    options,
  );
}
