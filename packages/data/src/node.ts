// @mlrecipe/data/node: loaders that read files (Node only). Parsing lives in the main entry.
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { DataFormatError } from './errors.js';
import type { ArrayData } from './feature_matrix.js';
import { type CsvOptions, type NumericTable, parseCsv } from './loaders/csv.js';
import { parseIdx } from './loaders/idx.js';
import { decodeImage, type Image, resizeBilinear } from './loaders/image.js';

/** Reads an IDX file (gzipped or not) from disk. */
export async function loadIdx(path: string): Promise<ArrayData> {
  return parseIdx(await readBytes(path));
}

/** Where Debian's `dataset-fashion-mnist` installs the files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** Fashion-MNIST's ten classes, by label. */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/** Images with their class labels, as `loadFashionMnist` and `loadIdx` return them. */
export interface LabelledImages {
  /** uint8 pixels, shape [n, 28, 28, 1]. */
  readonly images: ArrayData;
  readonly labels: Uint8Array;
}

/**
 * Loads Fashion-MNIST (70,000 real 28×28 grey photos of clothing, 10 balanced classes) from the
 * IDX files of Debian's `dataset-fashion-mnist` (`apt-get install dataset-fashion-mnist`) or any
 * directory holding `{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz`. Nothing is downloaded.
 */
export async function loadFashionMnist(
  dir: string = FASHION_MNIST_DIR,
): Promise<{ train: LabelledImages; test: LabelledImages }> {
  const load = async (prefix: 'train' | 't10k'): Promise<LabelledImages> => {
    const [images, labels] = await Promise.all([
      loadIdx(join(dir, `${prefix}-images-idx3-ubyte.gz`)),
      loadIdx(join(dir, `${prefix}-labels-idx1-ubyte.gz`)),
    ]);
    const [n, h, w] = images.shape as [number, number, number];
    if (labels.shape[0] !== n)
      throw new DataFormatError(`loadFashionMnist: ${n} images but ${labels.shape[0]} labels in ${dir}`);
    return { images: { values: images.values, shape: [n, h, w, 1] }, labels: labels.values as Uint8Array };
  };
  const [train, test] = await Promise.all([load('train'), load('t10k')]);
  return { train, test };
}

/** Reads a numeric CSV file (see `parseCsv`). */
export async function loadCsv(path: string, options: CsvOptions = {}): Promise<NumericTable> {
  return parseCsv((await readBytes(path)).toString(), options);
}

/** Options of `loadImageFolder`: an optional common size, and grey (1) or colour (3) channels. */
export interface ImageFolderOptions {
  /** Resize every image to [height, width] (bilinear). Without it, all images must share one size. */
  size?: readonly [number, number];
  channels?: 1 | 3;
}

/** What `loadImageFolder` returns: pixels, labels, class names (from sub-directories) and the files read. */
export interface ImageFolder {
  /** uint8 pixels, shape [n, height, width, channels]. */
  readonly images: ArrayData;
  readonly labels: Int32Array;
  /** Class names (sub-directory names, sorted); label i is classNames[i]. */
  readonly classNames: readonly string[];
  readonly files: readonly string[];
}

/**
 * Loads a directory with one sub-directory per class (`cats/…png`, `dogs/…jpg`), as Keras'
 * `image_dataset_from_directory`: classes are the sorted sub-directory names.
 */
export async function loadImageFolder(dir: string, options: ImageFolderOptions = {}): Promise<ImageFolder> {
  const entries = await readdir(dir, { withFileTypes: true });
  const classNames = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  if (classNames.length === 0) throw new DataFormatError(`loadImageFolder: ${dir} has no class sub-directories`);
  const files: string[] = [];
  const labels: number[] = [];
  const decoded: Image[] = [];
  for (const [label, name] of classNames.entries()) {
    const names = (await readdir(join(dir, name)))
      .filter((f) => ['.png', '.jpg', '.jpeg'].includes(extname(f).toLowerCase()))
      .sort();
    for (const file of names) {
      const path = join(dir, name, file);
      let image = decodeImage(await readBytes(path), { channels: options.channels ?? 3 });
      if (options.size !== undefined) image = resizeBilinear(image, options.size[0], options.size[1]);
      const first = decoded[0];
      if (first !== undefined && (image.height !== first.height || image.width !== first.width)) {
        throw new DataFormatError(
          `loadImageFolder: ${path} is ${image.height}×${image.width} but ${files[0]} is ${first.height}×${first.width}; pass size: [h, w] to resize`,
        );
      }
      decoded.push(image);
      files.push(path);
      labels.push(label);
    }
  }
  if (decoded.length === 0) throw new DataFormatError(`loadImageFolder: no PNG or JPEG files under ${dir}`);
  const { height, width, channels } = decoded[0]!;
  const values = new Uint8Array(decoded.length * height * width * channels);
  for (const [i, image] of decoded.entries()) values.set(image.values, i * image.values.length);
  return {
    images: { values, shape: [decoded.length, height, width, channels] },
    labels: Int32Array.from(labels),
    classNames,
    files,
  };
}

async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint = path.startsWith(FASHION_MNIST_DIR) ? ' (install it with: apt-get install dataset-fashion-mnist)' : '';
    throw new DataFormatError(`cannot read ${path}: ${code ?? (error as Error).message}${hint}`, { cause: error });
  }
}
