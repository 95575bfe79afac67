import { type Rng, tf } from '@mlrecipe/tensor';
import { RegularizerError } from './errors.js';
import { integerIn, liveTensor, numberIn, options } from './validate.js';

/** An augmentation: a batch of NHWC images (values in [0, 1]) and an rng in, a new batch out. */
export type ImageAugmentation = (images: tf.Tensor4D, rng: Rng) => tf.Tensor4D;

function check4d(images: tf.Tensor, caller: string): void {
  liveTensor(images, 'images', caller);
  if (images.rank !== 4)
    throw new RegularizerError(
      `${caller}: expects a [batch, height, width, channels] batch, got shape [${images.shape}]`,
    );
}

/** Per-image draws, turned into a [n, 1, 1, 1] (or [n, 1, 1, c]) tensor. */
function perImage(n: number, perValue: number, draw: () => number, shape: number[]): tf.Tensor {
  return tf.tensor(Float32Array.from({ length: n * perValue }, draw), shape);
}

/** Mirrors each image left–right with probability `probability` (cats stay cats; text would not). */
export function flipHorizontal(flipHorizontalOptions?: { probability?: number }): ImageAugmentation {
  const { probability = 0.5 } = options(flipHorizontalOptions, 'flipHorizontal');
  numberIn(probability, 'probability', 'flipHorizontal', 0, 1);
  return (images, rng) => {
    check4d(images, 'flipHorizontal');
    return tf.tidy(() => {
      const flip = tf.cast(
        perImage(images.shape[0], 1, () => (rng.uniform() < probability ? 1 : 0), [images.shape[0], 1, 1, 1]),
        'bool',
      );
      return tf.where(flip, tf.reverse(images, 2), images) as tf.Tensor4D;
    });
  };
}

/** Cuts a random height × width window out of each image (exact pixels, no resampling). */
export function randomCrop(randomCropOptions: { height: number; width: number }): ImageAugmentation {
  const { height, width } = options(randomCropOptions, 'randomCrop', true);
  integerIn(height, 'height', 'randomCrop', 1, 65536);
  integerIn(width, 'width', 'randomCrop', 1, 65536);
  return (images, rng) => {
    check4d(images, 'randomCrop');
    const [n, h, w] = images.shape;
    if (
      !(Number.isInteger(height) && Number.isInteger(width) && height >= 1 && width >= 1 && height <= h && width <= w)
    ) {
      throw new RegularizerError(`randomCrop: a ${height}×${width} crop does not fit ${h}×${w} images`);
    }
    return tf.tidy(() => {
      const crops = Array.from({ length: n }, (_, i) => {
        const top = rng.int(h - height + 1);
        const left = rng.int(w - width + 1);
        return tf.slice(images, [i, top, left, 0], [1, height, width, -1]);
      });
      return tf.concat(crops, 0) as tf.Tensor4D;
    });
  };
}

/** Adds N(0, std²) noise to every pixel and clips to [0, 1]. */
export function gaussianNoise(gaussianNoiseOptions: { std: number }): ImageAugmentation {
  const { std } = options(gaussianNoiseOptions, 'gaussianNoise', true);
  numberIn(std, 'std', 'gaussianNoise', 0, Number.MAX_VALUE);
  return (images, rng) => {
    check4d(images, 'gaussianNoise');
    return tf.tidy(() =>
      tf.clipByValue(tf.add(images, tf.randomNormal(images.shape, 0, std, 'float32', rng.next())), 0, 1),
    ) as tf.Tensor4D;
  };
}

/** Shifts each image's channels by uniform offsets in [−maxDelta, maxDelta] (a colour cast), clipped to [0, 1]. */
export function colorShift(colorShiftOptions: { maxDelta: number }): ImageAugmentation {
  const { maxDelta } = options(colorShiftOptions, 'colorShift', true);
  numberIn(maxDelta, 'maxDelta', 'colorShift', 0, 1);
  if (!(maxDelta >= 0 && maxDelta <= 1))
    throw new RegularizerError(`colorShift: maxDelta must be in [0, 1], got ${maxDelta}`);
  return (images, rng) => {
    check4d(images, 'colorShift');
    const [n, , , c] = images.shape;
    return tf.tidy(() =>
      tf.clipByValue(
        tf.add(
          images,
          perImage(n, c, () => rng.uniform(-maxDelta, maxDelta), [n, 1, 1, c]),
        ),
        0,
        1,
      ),
    ) as tf.Tensor4D;
  };
}

/** Rotates each image by a uniform angle in [−maxDegrees, maxDegrees] about its centre, filling with `fill`. */
export function rotate(rotateOptions: { maxDegrees: number; fill?: number }): ImageAugmentation {
  const { maxDegrees, fill = 0 } = options(rotateOptions, 'rotate', true);
  numberIn(maxDegrees, 'maxDegrees', 'rotate', 0, 180);
  numberIn(fill, 'fill', 'rotate', 0, 1);
  if (!(maxDegrees >= 0 && maxDegrees <= 180))
    throw new RegularizerError(`rotate: maxDegrees must be in [0, 180], got ${maxDegrees}`);
  return (images, rng) => {
    check4d(images, 'rotate');
    return tf.tidy(() =>
      tf.concat(
        Array.from({ length: images.shape[0] }, (_, i) =>
          tf.image.rotateWithOffset(
            tf.slice(images, [i, 0, 0, 0], [1, -1, -1, -1]) as tf.Tensor4D,
            (rng.uniform(-maxDegrees, maxDegrees) * Math.PI) / 180,
            fill,
          ),
        ),
        0,
      ),
    ) as tf.Tensor4D;
  };
}

/** Gaussian blur with standard deviation `sigma` pixels (a defocused camera), per channel, same size. */
export function blur(blurOptions: { sigma: number }): ImageAugmentation {
  const { sigma } = options(blurOptions, 'blur', true);
  // 100 pixels of blur is far beyond an augmentation and keeps the kernel (6σ + 1 wide) small.
  numberIn(sigma, 'sigma', 'blur', 0, 100, { low: true });
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const taps = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const total = taps.reduce((a, b) => a + b, 0);
  const kernel1d = taps.map((t) => t / total);
  return (images) => {
    check4d(images, 'blur');
    const c = images.shape[3];
    return tf.tidy(() => {
      // Separable: a horizontal then a vertical 1-D pass, each a depthwise convolution.
      const horizontal = tf.tile(tf.tensor4d(kernel1d, [1, kernel1d.length, 1, 1]), [1, 1, c, 1]) as tf.Tensor4D;
      const vertical = tf.tile(tf.tensor4d(kernel1d, [kernel1d.length, 1, 1, 1]), [1, 1, c, 1]) as tf.Tensor4D;
      return tf.depthwiseConv2d(tf.depthwiseConv2d(images, horizontal, 1, 'same'), vertical, 1, 'same');
    });
  };
}

/** Applies augmentations in order, each with its own fork of the rng. */
export function composeAugmentations(...steps: ImageAugmentation[]): ImageAugmentation {
  return (images, rng) =>
    tf.tidy(() => {
      let out: tf.Tensor4D = images;
      steps.forEach((step, i) => {
        out = step(out, rng.fork(`augment-${i}`));
      });
      return out === images ? (tf.clone(images) as tf.Tensor4D) : out;
    });
}
