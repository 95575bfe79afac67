import type { Rng } from '@mlrecipe/tensor';
import type { Initializer } from './initializers.js';

/**
 * Orthogonal initialiser (Saxe et al. 2014; Keras' default for recurrent kernels): the array is read
 * as a [fanIn, fanOut] matrix whose rows (if fanIn ≤ fanOut) or columns are orthonormal, drawn as
 * the Q of a Gaussian matrix's QR decomposition with diag(R) > 0 (so Q is uniform over orthogonal
 * matrices). Repeated products with an orthogonal matrix neither grow nor shrink a vector, which is
 * why it suits the recurrent kernel that multiplies the state at every time step.
 *
 * @example
 * const u = orthogonal(units * 4 * units, { fanIn: units, fanOut: 4 * units }, rng);
 */
export const orthogonal: Initializer = Object.defineProperty(
  (size: number, { fanOut }: { fanIn: number; fanOut: number }, rng: Rng): Float32Array => {
    // Rows come from size / fanOut rather than fanIn so that a kernel with more leading dimensions
    // (a convolution's) is flattened to [rest, fanOut], as Keras does.
    const cols = fanOut;
    const rows = size / cols;
    const tall = Math.max(rows, cols);
    const wide = Math.min(rows, cols);
    // Modified Gram–Schmidt in float64 on a tall×wide Gaussian matrix, column by column; it leaves
    // diag(R) positive, which is the sign convention that makes Q Haar-distributed.
    const q = Array.from({ length: wide }, () => Float64Array.from({ length: tall }, () => rng.normal()));
    for (let j = 0; j < wide; j++) {
      const v = q[j]!;
      for (let k = 0; k < j; k++) {
        const u = q[k]!;
        let dot = 0;
        for (let i = 0; i < tall; i++) dot += u[i]! * v[i]!;
        for (let i = 0; i < tall; i++) v[i] = v[i]! - dot * u[i]!;
      }
      let norm = 0;
      for (let i = 0; i < tall; i++) norm += v[i]! * v[i]!;
      norm = Math.sqrt(norm);
      for (let i = 0; i < tall; i++) v[i] = v[i]! / norm;
    }
    const out = new Float32Array(size);
    // q[j] is column j of the tall matrix; the result is that matrix (rows ≥ cols) or its transpose.
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) out[r * cols + c] = rows >= cols ? q[c]![r]! : q[r]![c]!;
    return out;
  },
  'name',
  { value: 'orthogonal' },
) as Initializer;
