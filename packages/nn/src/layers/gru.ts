import { tf } from '@mlrecipe/tensor';
import { type RecurrentLayer, type RecurrentOptions, recurrentLayer } from './recurrent.js';

/**
 * Gated recurrent unit (Cho et al. 2014) with the reset gate applied after the recurrent matmul —
 * PyTorch's `nn.GRU` and Keras' `reset_after=True` (the cuDNN form):
 *   z = σ(x_t·W_z + b_z + h·U_z + β_z),  r = σ(x_t·W_r + b_r + h·U_r + β_r),
 *   n = tanh(x_t·W_h + b_h + r ⊙ (h·U_h + β_h)),  h_t = z ⊙ h_{t−1} + (1 − z) ⊙ n.
 * Gates are in Keras' order z, r, h along the units of `kernel` W [features, 3·units],
 * `recurrentKernel` U [units, 3·units], `bias` b and `recurrentBias` β [3·units]. PyTorch orders
 * them r, z, n: `weight_ih_l0` = [W_r; W_z; W_h]ᵀ, `bias_ih_l0` = [b_r, b_z, b_h], `bias_hh_l0` = [β_r, β_z, β_h].
 *
 * @example
 * const model = sequential([bidirectional(gru({ units: 64, returnSequences: true })), dense({ units: 28 })]);
 */
export function gru(options: RecurrentOptions): RecurrentLayer {
  return recurrentLayer(
    {
      kind: 'gru',
      gates: 3,
      stateCount: 1,
      extraParams: (units) => ({ recurrentBias: { values: new Float32Array(3 * units), shape: [3 * units] } }),
      step: (projected, [h], params) => {
        const recurrent = tf.add(tf.matMul(h!, params.recurrentKernel as tf.Tensor2D), params.recurrentBias!);
        const [xz, xr, xh] = tf.split(projected, 3, 1);
        const [hz, hr, hh] = tf.split(recurrent, 3, 1);
        const z = tf.sigmoid(tf.add(xz!, hz!));
        const r = tf.sigmoid(tf.add(xr!, hr!));
        const n = tf.tanh(tf.add(xh!, tf.mul(r, hh!)));
        return [tf.add(tf.mul(z, h!), tf.mul(tf.sub(1, z), n)) as tf.Tensor2D];
      },
    },
    options,
  );
}
