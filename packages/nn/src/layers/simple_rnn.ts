import { tf } from '@mlrecipe/tensor';
import { type RecurrentLayer, type RecurrentOptions, recurrentLayer } from './recurrent.js';

/**
 * Fully connected recurrent layer (Elman): h_t = tanh(x_t·W + h_{t−1}·U + b), inputs
 * [batch, time, features]. Parameters: `kernel` W [features, units], `recurrentKernel` U
 * [units, units] (orthogonal), `bias` [units]. Same function as PyTorch's `nn.RNN` with b = b_ih + b_hh.
 *
 * @example
 * const model = sequential([simpleRnn({ units: 16 }), dense({ units: 2 })]);
 */
export function simpleRnn(options: RecurrentOptions): RecurrentLayer {
  return recurrentLayer(
    {
      kind: 'simpleRnn',
      gates: 1,
      stateCount: 1,
      step: (projected, [h], params) => [
        tf.tanh(tf.add(projected, tf.matMul(h!, params.recurrentKernel as tf.Tensor2D))) as tf.Tensor2D,
      ],
    },
    options,
  );
}
