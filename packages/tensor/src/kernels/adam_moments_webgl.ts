import type * as tf from '@tensorflow/tfjs-core';
import { AdamMoments, type AdamMomentsAttrs, adamConstants } from './adam_moments.js';

/** What this kernel uses of tfjs-backend-webgl's backend (public methods of MathBackendWebGL). */
interface WebGLBackendLike extends tf.KernelBackend {
  runWebGLProgram(
    program: {
      variableNames: string[];
      outputShape: number[];
      userCode: string;
      packedInputs: boolean;
      packedOutput: boolean;
      customUniforms: Array<{ name: string; type: 'float' }>;
    },
    inputs: tf.TensorInfo[],
    outputDtype: tf.DataType,
    customUniformValues: number[][],
  ): tf.TensorInfo;
}

const UNIFORMS = ['b1', 'oneMinusB1', 'b2', 'oneMinusB2', 'c1', 'c2', 'eps'] as const;

/** One packed program per output (a WebGL program writes one texture), each one pass over g, m, v. */
function program(shape: number[], output: 'update' | 'mean' | 'variance') {
  return {
    variableNames: ['G', 'M', 'V'],
    outputShape: shape,
    packedInputs: true,
    packedOutput: true,
    customUniforms: UNIFORMS.map((name) => ({ name, type: 'float' as const })),
    userCode: `
      void main() {
        vec4 g = getGAtOutCoords();
        vec4 m = getMAtOutCoords() * b1 + g * oneMinusB1;
        vec4 v = getVAtOutCoords() * b2 + (g * g) * oneMinusB2;
        ${output === 'mean' ? 'setOutput(m);' : output === 'variance' ? 'setOutput(v);' : 'setOutput((m / c1) / (sqrt(v / c2) + eps));'}
      }`,
  };
}

/**
 * The fused Adam step on WebGL: three packed programs per parameter (update, m', v'), in place of
 * the twelve of the composed ops. GPU arithmetic is not bit-exact IEEE float32, so it agrees with
 * cpu within the WebGL parity tolerance, not bit for bit.
 */
export function adamMomentsWebGLKernel(): tf.KernelConfig {
  return {
    kernelName: AdamMoments,
    backendName: 'webgl',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { g, m, v } = inputs as { g: tf.TensorInfo; m: tf.TensorInfo; v: tf.TensorInfo };
      const k = adamConstants(attrs as unknown as AdamMomentsAttrs);
      const values = UNIFORMS.map((name) => [k[name]]);
      const webgl = backend as WebGLBackendLike;
      return (['update', 'mean', 'variance'] as const).map((output) =>
        webgl.runWebGLProgram(program([...g.shape], output), [g, m, v], 'float32', values),
      );
    },
  };
}
