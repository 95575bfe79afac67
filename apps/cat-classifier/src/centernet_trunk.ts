// The real pretrained trunk of the transfer study: the MobileNetV3 backbone of the COCO CenterNet
// detector that @vladmandic/human ships (an optional dependency of this app), loaded offline.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { graphTrunk, type Layer } from '@mlrecipe/nn';
import { tf } from '@mlrecipe/tensor';
import { type GraphModel, loadGraphModel } from '@tensorflow/tfjs-converter';

/** Where the weights come from, stated wherever they are used (DATA.md: no licence file upstream). */
export const CENTERNET_PROVENANCE =
  'MobileNetV3 backbone of a CenterNet detector trained on COCO (80 classes; 15 = cat, 16 = dog) by github.com/610265158/mobilenetv3_centernet ' +
  '(the upstream weights repository has no licence file), converted to TensorFlow.js by github.com/vladmandic and shipped as models/centernet.{json,bin} ' +
  'in the MIT-licensed npm package @vladmandic/human@3.3.6; loaded offline, cut at its last backbone block (stride 32, 120 channels) and global-average-pooled';

/** The backbone's last block, before the CenterNet head. */
export const BACKBONE_NODE = 'tower_0/MobilenetV3/expanded_conv_14/add';

/** How to get the trunk when the optional dependency is absent. */
export const CENTERNET_MISSING =
  'the MobileNetV3 trunk needs the optional dependency @vladmandic/human (27 MB, from the npm registry): pnpm --filter cat-classifier add -O -E @vladmandic/human@3.3.6';

function modelsDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    let dir = dirname(require.resolve('@vladmandic/human'));
    while (!existsSync(join(dir, 'models', 'centernet.json')) && dirname(dir) !== dir) dir = dirname(dir);
    return existsSync(join(dir, 'models', 'centernet.json')) ? join(dir, 'models') : null;
  } catch {
    return null;
  }
}

/** The whole CenterNet detector (any batch and picture size), or null when @vladmandic/human is not installed. */
export async function loadCenterNet(): Promise<GraphModel | null> {
  const dir = modelsDir();
  if (dir === null) return null;
  const json = JSON.parse(await readFile(join(dir, 'centernet.json'), 'utf8'));
  // The signature fixes [1, 512, 512, 3]; any batch and size work once the placeholder says so.
  const anyShape = { dim: [{ size: '-1' }, { size: '-1' }, { size: '-1' }, { size: '3' }] };
  for (const node of json.modelTopology.node) if (node.op === 'Placeholder') node.attr.shape.shape = anyShape;
  for (const input of Object.values(json.signature?.inputs ?? {}))
    (input as { tensorShape: unknown }).tensorShape = anyShape;
  const bin = await readFile(join(dir, json.weightsManifest[0].paths[0]));
  return loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((m: { weights: tf.io.WeightsManifestEntry[] }) => m.weights),
      weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
    }),
  );
}

/**
 * The frozen MobileNetV3 trunk as a layer taking pictures of bytes (0–255, RGB) of any size: each
 * is padded to a square (stretching turned cats into "dog" for this detector) and resized to
 * `inputSize` px, as CenterNet expects RGB 0–255. Null (with `CENTERNET_MISSING` to print) when
 * @vladmandic/human is not installed.
 */
export async function loadCenterNetTrunk(inputSize: number): Promise<Layer | null> {
  const graph = await loadCenterNet();
  if (graph === null) return null;
  return graphTrunk(graph, {
    outputNode: BACKBONE_NODE,
    inputTransform: (x) => {
      const [, h, w, c] = x.shape as [number, number, number, number];
      const side = Math.max(h, w);
      const rgb = c === 1 ? tf.tile(x, [1, 1, 1, 3]) : x;
      const square =
        h === w
          ? rgb
          : tf.pad(rgb, [
              [0, 0],
              [Math.floor((side - h) / 2), Math.ceil((side - h) / 2)],
              [Math.floor((side - w) / 2), Math.ceil((side - w) / 2)],
              [0, 0],
            ]);
      return tf.image.resizeBilinear(square as tf.Tensor4D, [inputSize, inputSize]);
    },
  });
}
