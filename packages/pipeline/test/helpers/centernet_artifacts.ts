// CenterNet's model.json and weights as tfjs artifacts with the input placeholder patched from
// [1, 512, 512, 3] to [-1, -1, -1, 3] (any batch and size). No Node imports: the Chromium test bundles it.
import type { tf } from '@mlrecipe/tensor';

/** The last node of the MobileNetV3 backbone (stride 32, 120 channels), before the CenterNet head. */
export const BACKBONE_NODE = 'tower_0/MobilenetV3/expanded_conv_14/add';

interface GraphJson {
  modelTopology: { node: Array<{ op: string; attr: { shape: { shape: unknown } } }> };
  weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
  signature?: { inputs?: Record<string, { tensorShape: unknown }> };
}

/** Artifacts for `tf.loadGraphModel(tf.io.fromMemory(...))`, from the parsed centernet.json and centernet.bin. */
export function centernetArtifacts(json: GraphJson, weights: ArrayBuffer): tf.io.ModelArtifacts {
  const anyShape = { dim: [{ size: '-1' }, { size: '-1' }, { size: '-1' }, { size: '3' }] };
  for (const node of json.modelTopology.node) if (node.op === 'Placeholder') node.attr.shape.shape = anyShape;
  for (const input of Object.values(json.signature?.inputs ?? {})) input.tensorShape = anyShape;
  return {
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((m) => m.weights),
    weightData: weights,
    ...(json.signature === undefined ? {} : { signature: json.signature }),
  };
}

/** SYNTHETIC RGB 0–255 pictures of two kinds, horizontal vs vertical stripes (random period, phase, colour). */
export function stripes(
  rows: number,
  seed: number,
  size: number,
  rng: (seed: number) => { int(n: number): number; uniform(a: number, b: number): number },
) {
  const r0 = rng(seed);
  const values = new Float32Array(rows * size * size * 3);
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const label = r % 2;
    labels[r] = label;
    const period = 6 + r0.int(10);
    const phase = r0.uniform(0, 2 * Math.PI);
    const colour = [r0.uniform(60, 255), r0.uniform(60, 255), r0.uniform(60, 255)];
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const wave = 0.5 + 0.5 * Math.sin((2 * Math.PI * (label === 0 ? y : x)) / period + phase);
        for (let c = 0; c < 3; c++) values[((r * size + y) * size + x) * 3 + c] = colour[c]! * wave;
      }
  }
  return { x: { values, shape: [rows, size, size, 3] }, y: { values: labels, shape: [rows] } };
}
