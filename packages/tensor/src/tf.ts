import * as tf from '@tensorflow/tfjs-core';

export type {
  DataType,
  Rank,
  Scalar,
  Tensor,
  Tensor1D,
  Tensor2D,
  Tensor3D,
  Tensor4D,
  TensorContainer,
  TensorLike,
  Variable,
} from '@tensorflow/tfjs-core';
/**
 * tfjs-core's ops and classes, the one copy every mlrecipe package uses.
 *
 * @example
 * import { tf } from '@mlrecipe/tensor';
 * const y = tf.matMul(tf.ones([2, 3]), tf.ones([3, 1]));
 */
export { tf };
