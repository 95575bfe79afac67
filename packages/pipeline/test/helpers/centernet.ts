// The MobileNetV3 + CenterNet detector that @vladmandic/human ships (see ../shared DATA.md), loaded
// offline. Provenance: weights from github.com/610265158/mobilenetv3_centernet (COCO; no licence
// file upstream), converted to tfjs by github.com/vladmandic; the npm package is MIT.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { tf } from '@mlrecipe/tensor';
import { type GraphModel, loadGraphModel } from '@tensorflow/tfjs-converter';

/** The last node of the MobileNetV3 backbone (stride 32), before the CenterNet head. */
export const BACKBONE_NODE = 'tower_0/MobilenetV3/expanded_conv_14/add';

/** Where human's models are, or null when the package is not installed. */
export function centernetDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('@vladmandic/human');
    let dir = dirname(entry);
    while (!existsSync(join(dir, 'models', 'centernet.json')) && dirname(dir) !== dir) dir = dirname(dir);
    return existsSync(join(dir, 'models', 'centernet.json')) ? join(dir, 'models') : null;
  } catch {
    return null;
  }
}

/** Loads CenterNet with its input placeholder patched from [1, 512, 512, 3] to [-1, -1, -1, 3] (any batch and size). */
export async function loadCenterNet(dir: string): Promise<GraphModel> {
  const json = JSON.parse(readFileSync(join(dir, 'centernet.json'), 'utf8'));
  const anyShape = { dim: [{ size: '-1' }, { size: '-1' }, { size: '-1' }, { size: '3' }] };
  for (const node of json.modelTopology.node) if (node.op === 'Placeholder') node.attr.shape.shape = anyShape;
  for (const input of Object.values(json.signature?.inputs ?? {}))
    (input as { tensorShape: unknown }).tensorShape = anyShape;
  const bin = readFileSync(join(dir, json.weightsManifest[0].paths[0]));
  return loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((m: { weights: tf.io.WeightsManifestEntry[] }) => m.weights),
      weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
      signature: json.signature,
    }),
  );
}
