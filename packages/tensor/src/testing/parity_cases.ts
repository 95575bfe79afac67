// The op families mlrecipe trains with, as parity cases (see parity.ts). Inputs are seeded.
import * as tf from '@tensorflow/tfjs-core';
import { adamMoments } from '../kernels/adam_moments.js';
import { type DenseActivation, fusedDense } from '../kernels/dense.js';
import { nonFiniteFlags } from '../kernels/non_finite_flags.js';
import { type ParityCase, seededTensor as seeded } from './parity.js';

// A sum of K float32 products in another order differs by at most about K·ε·Σ|aᵢbᵢ| (ε = 1.2e-7);
// with |aᵢ|, |bᵢ| ≤ 1 and K ≤ 75 here that is ≤ 75·1.2e-7·75 ≈ 7e-4 in the worst case and ~1e-5 in
// practice, so sums get atol 1e-4 and rtol 1e-5.
const SUMS = { rtol: 1e-5, atol: 1e-4 };

const matMulCases: ParityCase[] = [false, true].flatMap((transposeA) =>
  [false, true].map((transposeB) => ({
    family: 'matMul',
    name: `[17×33]·[33×9] transposeA=${transposeA} transposeB=${transposeB}`,
    tolerance: SUMS,
    run: () => {
      const a = seeded(transposeA ? [33, 17] : [17, 33], 1);
      const b = seeded(transposeB ? [9, 33] : [33, 9], 2);
      const y = tf.matMul(a, b, transposeA, transposeB);
      const [da, db] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.matMul(p, q, transposeA, transposeB).square().sum())(
        [a, b],
      );
      return [y, da!, db!];
    },
  })),
);

const batchedMatMul: ParityCase = {
  family: 'matMul',
  name: 'batched [4×8×16]ᵀ·[4×8×5] and int32 [3×4]·[4×2]',
  tolerance: SUMS,
  run: () => [
    tf.matMul(seeded([4, 8, 16], 3), seeded([4, 8, 5], 4), true, false),
    tf.matMul(
      seeded([3, 4], 5, { dtype: 'int32', low: -5, high: 5 }),
      seeded([4, 2], 6, { dtype: 'int32', low: -5, high: 5 }),
    ),
  ],
};

// Shapes off the SIMD GEMM's 4×8 register tiles (rows ≢ 0 mod 4, columns ≢ 0 mod 8) and a long
// inner dimension; a batch sharing one right operand (packed once).
const tileEdgeMatMul: ParityCase[] = [false, true].flatMap((transposeA) =>
  [false, true].map((transposeB) => ({
    family: 'matMul',
    name: `[37×300]·[300×21] (off the 4×8 tiles) transposeA=${transposeA} transposeB=${transposeB}`,
    tolerance: { rtol: 1e-5, atol: 5e-4 }, // K = 300 products per sum
    run: () => {
      const a = seeded(transposeA ? [300, 37] : [37, 300], 31);
      const b = seeded(transposeB ? [21, 300] : [300, 21], 32);
      return [tf.matMul(a, b, transposeA, transposeB)];
    },
  })),
);

const sharedOperandMatMul: ParityCase = {
  family: 'matMul',
  name: 'batch [3×5×7]·[7×9] sharing one right operand, and [2×3]·[3×1]',
  tolerance: SUMS,
  run: () => [tf.matMul(seeded([3, 5, 7], 33), seeded([7, 9], 34)), tf.matMul(seeded([2, 3], 35), seeded([3, 1], 36))],
};

// A dense layer as nn runs it: mlrecipe's fused kernel where the backend has it (wasm), the
// composed ops elsewhere; forward and the gradients of x, W and b. The second shape is large
// enough for wasm to share the product among threads.
const denseCases: ParityCase[] = (
  [
    [37, 300, 21],
    [128, 256, 40],
  ] as const
).flatMap(([batch, inputs, units], i) =>
  (['relu', 'linear'] as DenseActivation[]).map((activation) => ({
    family: 'dense',
    name: `[${batch}×${inputs}]·[${inputs}×${units}] + bias, ${activation}: forward, dx, dW, db`,
    tolerance: { rtol: 1e-5, atol: 5e-4 },
    run: () => {
      const layer = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => {
        const fused = fusedDense(x as tf.Tensor2D, w as tf.Tensor2D, b, activation);
        if (fused !== null) return fused;
        const z = tf.add(tf.matMul(x, w), b);
        return activation === 'relu' ? tf.relu(z) : z;
      };
      const x = seeded([batch, inputs], 41 + i);
      const w = seeded([inputs, units], 43 + i);
      const b = seeded([units], 45 + i);
      const grads = tf.grads((p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) => layer(p, q, r).square().sum())([x, w, b]);
      return [layer(x, w, b), ...grads];
    },
  })),
);

const convConfigs: Array<{ filter: [number, number]; strides: [number, number]; pad: 'same' | 'valid' }> = [
  { filter: [3, 3], strides: [1, 1], pad: 'same' },
  { filter: [3, 3], strides: [2, 2], pad: 'valid' },
  { filter: [3, 2], strides: [2, 3], pad: 'same' }, // stock wasm got this one wrong (see conv_same_padding.ts)
  { filter: [1, 4], strides: [3, 2], pad: 'same' },
  { filter: [5, 3], strides: [1, 2], pad: 'valid' },
  { filter: [5, 3], strides: [1, 1], pad: 'valid' }, // stride 1: dx through mlrecipe's forward-conv kernel
  { filter: [2, 4], strides: [1, 1], pad: 'same' }, // even filter: asymmetric 'same' padding
];

const convCases: ParityCase[] = convConfigs.map(({ filter, strides, pad }) => ({
  family: 'conv2d',
  name: `filter ${filter.join('×')} strides ${strides.join(',')} ${pad}: forward, dx, dW`,
  tolerance: SUMS,
  run: () => {
    const x = seeded([2, 11, 10, 3], 7) as tf.Tensor4D;
    const w = seeded([...filter, 3, 4], 8) as tf.Tensor4D;
    const y = tf.conv2d(x, w, strides, pad);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf
        .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, pad)
        .square()
        .sum(),
    )([x, w]);
    return [y, dx!, dw!];
  },
}));

// The filter gradient is computed in blocks of 256 output positions (wasm_simd/conv2d_backprop_filter_wasm.ts):
// these cross several blocks, with 1 and 5 input channels.
const blockedFilterGradient: ParityCase[] = [
  { x: [3, 12, 13, 1], filter: [3, 3, 1, 6], strides: 1, pad: 'same' as const },
  { x: [2, 15, 14, 5], filter: [3, 3, 5, 9], strides: 2, pad: 'same' as const },
].map(({ x: xShape, filter, strides, pad }) => ({
  family: 'conv2d',
  name: `dW over ${xShape[0]! * Math.ceil(xShape[1]! / strides) * Math.ceil(xShape[2]! / strides)} output positions, x [${xShape}], filter [${filter}]`,
  tolerance: { rtol: 1e-5, atol: 1e-3 }, // sums of up to 504 products
  run: () => {
    const x = seeded(xShape, 37) as tf.Tensor4D;
    const w = seeded(filter, 38) as tf.Tensor4D;
    const dy = seeded(tf.conv2d(x, w, strides, pad).shape, 39);
    const [dw] = tf.grads((b: tf.Tensor) =>
      tf
        .conv2d(x, b as tf.Tensor4D, strides, pad)
        .mul(dy)
        .sum(),
    )([w]);
    return [dw!];
  },
}));

const poolCases: ParityCase[] = (['maxPool', 'avgPool'] as const)
  .flatMap((op) =>
    (['same', 'valid'] as const).map((pad) => ({
      family: 'pooling',
      name: `${op} 2×2 stride 2 ${pad}: forward and gradient`,
      run: () => {
        const x = seeded([2, 9, 8, 3], 9) as tf.Tensor4D;
        const pool = (a: tf.Tensor) => (op === 'maxPool' ? tf.maxPool : tf.avgPool)(a as tf.Tensor4D, 2, 2, pad);
        const [dx] = tf.grads((a: tf.Tensor) =>
          pool(a)
            .mul(seeded(pool(a).shape, 10))
            .sum(),
        )([x]);
        return [pool(x), dx!];
      },
    })),
  )
  .concat([
    {
      family: 'pooling',
      name: 'maxPool 2×2 stride 2 valid over 7 channels (4 in SIMD, 3 after): gradient',
      run: () => {
        const x = seeded([2, 6, 6, 7], 40) as tf.Tensor4D;
        const [dx] = tf.grads((a: tf.Tensor) =>
          tf
            .maxPool(a as tf.Tensor4D, 2, 2, 'valid')
            .mul(seeded([2, 3, 3, 7], 41))
            .sum(),
        )([x]);
        return [dx!];
      },
    },
    {
      family: 'pooling',
      name: 'maxPool 3×3 stride 2 same (overlapping, padded windows): forward and gradient',
      run: () => {
        const x = seeded([3, 7, 9, 4], 11) as tf.Tensor4D;
        const pool = (a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, 3, 2, 'same');
        const [dx] = tf.grads((a: tf.Tensor) =>
          pool(a)
            .mul(seeded(pool(a).shape, 12))
            .sum(),
        )([x]);
        return [pool(x), dx!];
      },
    },
  ]);

/**
 * Max pooling after relu: many windows hold several zeros, and cpu and mlrecipe's wasm kernel send
 * the gradient to the first maximum of each window. Not in PARITY_CASES: tfjs' WebGL kernel breaks
 * ties another way (any maximum is a valid subgradient), so only cpu and wasm must agree on it.
 */
export const MAX_POOL_TIES_CASE: ParityCase = {
  family: 'pooling',
  name: 'maxPool 3×3 stride 2 same after relu (ties at 0 go to the first maximum)',
  run: () => {
    const x = seeded([3, 7, 9, 4], 11).relu() as tf.Tensor4D;
    const pool = (a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, 3, 2, 'same');
    const [dx] = tf.grads((a: tf.Tensor) =>
      pool(a)
        .mul(seeded(pool(a).shape, 12))
        .sum(),
    )([x]);
    return [pool(x), dx!];
  },
};

const lossCases: ParityCase[] = [
  {
    family: 'softmaxCrossEntropy',
    name: 'loss and gradient w.r.t. logits, 10 classes',
    run: () => {
      const logits = seeded([16, 10], 11, { low: -4, high: 4 });
      const labels = tf.oneHot(seeded([16], 12, { dtype: 'int32', low: 0, high: 10 }) as tf.Tensor1D, 10);
      const loss = (l: tf.Tensor) => tf.losses.softmaxCrossEntropy(labels, l);
      const [dl] = tf.grads(loss)([logits]);
      return [loss(logits), dl!, tf.softmax(logits)];
    },
  },
  {
    family: 'oneHot',
    name: 'float32 and int32, on/off values',
    run: () => {
      const indices = seeded([12], 13, { dtype: 'int32', low: 0, high: 5 }) as tf.Tensor1D;
      return [
        tf.oneHot(indices, 5, 1, 0, 'float32'),
        tf.oneHot(indices, 5),
        tf.oneHot(indices, 5, 0.9, 0.025, 'float32'),
      ];
    },
  },
];

const reductionCases: ParityCase[] = [
  {
    family: 'reductions',
    name: 'bias gradients: sum over every axis but the last (4, 3 and 7 channels, keepDims or not)',
    tolerance: SUMS,
    run: () => [
      tf.sum(seeded([4, 5, 6, 8], 42), [0, 1, 2]),
      tf.sum(seeded([9, 3], 43), 0, true),
      tf.sum(seeded([2, 33, 7], 44), [1, 0]),
    ],
  },
  {
    family: 'reductions',
    name: 'sum, mean, max, min, argMax, logSumExp over each axis',
    tolerance: SUMS,
    run: () => {
      const x = seeded([6, 7, 5], 14, { low: -3, high: 3 });
      return [0, 1, 2, -1].flatMap((axis) => [
        tf.sum(x, axis),
        tf.mean(x, axis),
        tf.max(x, axis),
        tf.min(x, axis),
        tf.argMax(x, axis),
        tf.logSumExp(x, axis),
      ]);
    },
  },
  {
    family: 'activations',
    name: 'relu, leakyRelu, elu, sigmoid, tanh, exp, log and their gradients',
    run: () => {
      const x = seeded([40], 15, { low: -5, high: 5 });
      const fns: Array<(a: tf.Tensor) => tf.Tensor> = [
        tf.relu,
        (a) => tf.leakyRelu(a, 0.1),
        tf.elu,
        tf.sigmoid,
        tf.tanh,
        tf.exp,
        (a) => tf.log(tf.abs(a)),
      ];
      return fns.flatMap((f) => [f(x), tf.grad((a: tf.Tensor) => f(a).sum())(x)]);
    },
  },
];

const randomCases: ParityCase[] = [
  {
    family: 'random',
    name: 'seeded randomUniform, randomNormal and truncatedNormal are the same numbers on every backend',
    tolerance: { rtol: 0, atol: 0 },
    run: () => [
      tf.randomUniform([50], -1, 1, 'float32', 42),
      tf.randomNormal([50], 0, 1, 'float32', 43),
      tf.truncatedNormal([50], 0, 1, 'float32', 44),
    ],
  },
];

// Kernels mlrecipe adds for training steps: Identity (wasm shares memory; the tape clones every
// tensor it keeps for the backward pass) and the optimizer's finiteness check.
const checkCases: ParityCase[] = [
  {
    family: 'checks',
    name: 'clone (Identity) and a gradient through tensors the tape kept',
    tolerance: { rtol: 0, atol: 0 },
    run: () => {
      const x = seeded([6, 7], 16, { low: -2, high: 2 });
      return [tf.clone(x), tf.grad((a: tf.Tensor) => tf.relu(a).mul(a).sum())(x)];
    },
  },
  {
    family: 'checks',
    name: 'nonFiniteFlags over finite, NaN, +Infinity and -Infinity tensors',
    tolerance: { rtol: 0, atol: 0 },
    run: () => {
      const finite = seeded([30, 5], 17);
      const withNaN = tf.concat([seeded([9], 18), tf.tensor1d([Number.NaN])]);
      const withInfinity = tf.div(seeded([4, 4], 19), tf.scalar(0)); // ±Infinity (and NaN where 0/0)
      const negativeInfinity = tf.tensor2d([[1, Number.NEGATIVE_INFINITY]]);
      const flags = nonFiniteFlags([finite, withNaN, withInfinity, negativeInfinity]);
      // All finite (GPU backends answer this from one number), with huge values whose sum overflows.
      const allFinite = nonFiniteFlags([finite, tf.fill([3], 3e38), tf.zeros([0])]);
      return [tf.tensor1d(Int32Array.from(flags), 'int32'), tf.tensor1d(Int32Array.from(allFinite), 'int32')];
    },
  },
  {
    family: 'checks',
    name: 'nonFiniteFlags with one NaN or Infinity at each position of 21 values (SIMD blocks and tail)',
    tolerance: { rtol: 0, atol: 0 },
    run: () => {
      const tensors = Array.from({ length: 21 }, (_, at) => {
        const values = seeded([21], 45).dataSync().slice();
        values[at] = at % 2 === 0 ? Number.NaN : Number.POSITIVE_INFINITY;
        return tf.tensor1d(values);
      });
      return [tf.tensor1d(Int32Array.from(nonFiniteFlags([...tensors, seeded([21], 45)])), 'int32')];
    },
  },
];

const optimizerCases: ParityCase[] = [
  {
    family: 'optimizer',
    name: 'adamMoments (fused Adam step) at steps 1 and 1000, 37 values',
    run: () =>
      [1, 1000].flatMap((t) =>
        adamMoments(seeded([37], 46, { low: -3, high: 3 }), seeded([37], 47), seeded([37], 48, { low: 0, high: 2 }), {
          beta1: 0.9,
          beta2: 0.999,
          epsilon: 1e-8,
          correction1: 1 - 0.9 ** t,
          correction2: 1 - 0.999 ** t,
        }),
      ),
  },
];

/** Every parity case, grouped by op family. */
export const PARITY_CASES: readonly ParityCase[] = [
  ...matMulCases,
  batchedMatMul,
  ...tileEdgeMatMul,
  sharedOperandMatMul,
  ...denseCases,
  ...convCases,
  ...blockedFilterGradient,
  ...poolCases,
  ...lossCases,
  ...reductionCases,
  ...randomCases,
  ...checkCases,
  ...optimizerCases,
];
