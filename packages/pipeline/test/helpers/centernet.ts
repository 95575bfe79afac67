// The MobileNetV3 + CenterNet detector that @vladmandic/human ships (see ../shared DATA.md), loaded
// offline. Provenance: weights from github.com/610265158/mobilenetv3_centernet (COCO; no licence
// file upstream), converted to tfjs by github.com/vladmandic; the npm package is MIT.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { tf } from '@mlrecipe/tensor';
import { type GraphModel, loadGraphModel } from '@tensorflow/tfjs-converter';
import { centernetArtifacts } from './centernet_artifacts.js';

export { BACKBONE_NODE } from './centernet_artifacts.js';

/** Where human's models are, or null when the package is not installed. */
export function centernetDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    let dir = dirname(require.resolve('@vladmandic/human'));
    while (!existsSync(join(dir, 'models', 'centernet.json')) && dirname(dir) !== dir) dir = dirname(dir);
    return existsSync(join(dir, 'models', 'centernet.json')) ? join(dir, 'models') : null;
  } catch {
    return null;
  }
}

/** Loads CenterNet for any batch and picture size. */
export async function loadCenterNet(dir: string): Promise<GraphModel> {
  const json = JSON.parse(readFileSync(join(dir, 'centernet.json'), 'utf8'));
  const bin = readFileSync(join(dir, json.weightsManifest[0].paths[0]));
  return loadGraphModel(
    tf.io.fromMemory(centernetArtifacts(json, bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength))),
  );
}
