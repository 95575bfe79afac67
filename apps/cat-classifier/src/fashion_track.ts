import { FASHION_MNIST_CLASSES, FASHION_MNIST_DIR, loadFashionMnist } from '@mlrecipe/data/node';
import { createRng } from '@mlrecipe/tensor/rng';
import { appDegrade } from './generator/acquisition.js';
import type { MismatchData } from './mismatch_data.js';

const CLASSES = FASHION_MNIST_CLASSES;

/** The real-photo track's default sizes (what `--scale` multiplies). */
export const FASHION_SIZES = { web: 12_000, app: 1_000 } as const;
const SHIRT = 6;

/**
 * The real-photo track: Fashion-MNIST's real 28×28 photos, task "shirt vs not-shirt" (shirts are
 * the class people and models confuse most, with T-shirts, pullovers and coats: the track's "hard
 * dogs"). Web = the training file's photos as they are; app = test-file photos through the same
 * phone degradation as the synthetic track. Half of each set are shirts.
 */
export async function fashionTrack(
  {
    web = FASHION_SIZES.web,
    app = FASHION_SIZES.app,
    appSeverity = 0.6,
    seed = 1,
  }: { web?: number; app?: number; appSeverity?: number; seed?: number },
  dir = FASHION_MNIST_DIR,
): Promise<MismatchData> {
  const { train, test } = await loadFashionMnist(dir);
  const rng = createRng(seed).fork('fashion-track');
  const balanced = (labels: Uint8Array, count: number) => {
    const shirts = [...labels.keys()].filter((i) => labels[i] === SHIRT);
    const others = [...labels.keys()].filter((i) => labels[i] !== SHIRT);
    const half = Math.min(Math.floor(count / 2), shirts.length);
    const take = (rows: number[], k: number) => Array.from(rng.shuffle(Uint32Array.from(rows)).subarray(0, k));
    return rng.shuffle(Uint32Array.from([...take(shirts, half), ...take(others, count - half)]));
  };
  const webRows = balanced(train.labels, web);
  const appRows = balanced(test.labels, app);
  const total = webRows.length + appRows.length;
  const values = new Uint8Array(total * 28 * 28 * 3);
  const labels = new Uint8Array(total);
  const tags: string[][] = [];
  const pixels = new Float32Array(28 * 28 * 3);
  for (let n = 0; n < total; n++) {
    const isApp = n >= webRows.length;
    const set = isApp ? test : train;
    const row = isApp ? appRows[n - webRows.length]! : webRows[n]!;
    const gray = (set.images.values as Uint8Array).subarray(row * 784, (row + 1) * 784);
    for (let p = 0; p < 784; p++) pixels.fill(gray[p]! / 255, p * 3, p * 3 + 3);
    const itemTags: string[] = [CLASSES[set.labels[row]!]!];
    if (isApp) {
      const d = appDegrade(pixels, 28, appSeverity, rng.fork(`app-${n}`));
      if (d.blur !== 'none') itemTags.push('blurry');
      if (d.lowLight) itemTags.push('low light');
      if (d.filter) itemTags.push('filter');
      if (d.jpegQuality !== null && d.jpegQuality < 25) itemTags.push('heavy JPEG');
    }
    for (let k = 0; k < pixels.length; k++)
      values[n * 2352 + k] = Math.round(Math.min(1, Math.max(0, pixels[k]!)) * 255);
    labels[n] = set.labels[row] === SHIRT ? 1 : 0;
    tags.push(itemTags);
  }
  return {
    taskName: 'shirt vs not-shirt (real Fashion-MNIST photos)',
    classNames: ['not shirt', 'shirt'],
    images: { values, shape: [total, 28, 28, 3] },
    labels,
    webCount: webRows.length,
    appCount: appRows.length,
    tags,
    humanLevel: {
      value: 0.08,
      reason:
        'an estimate: there is no published human figure for shirt vs not-shirt; people get 83.5 % of all ten ' +
        'Fashion-MNIST classes right (Zalando), and most of their mistakes are among tops, which this task keeps',
    },
    notes: [
      `Real photos from Fashion-MNIST (${dir}): web = ${webRows.length} training-file photos, app = ${appRows.length} ` +
        `test-file photos through the synthetic phone degradation (severity ${appSeverity}). The task is shirt vs not-shirt.`,
    ],
  };
}
