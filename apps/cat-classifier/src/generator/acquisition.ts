import type { Rng } from '@mlrecipe/tensor/rng';
import { jpegArtefacts } from './jpeg_artefacts.js';

// How a picture reaches us. Web pictures are sharp, centred and well lit; pictures from the mobile
// app (the distribution users care about) are blurred by defocus or motion, dark and noisy, JPEG-
// compressed hard, sometimes filtered and off-centre. Each step records what it did.

export type Blur = 'none' | 'mild' | 'strong' | 'motion';
export type Filter = 'sepia' | 'grayscale' | 'warm' | 'cool' | 'high-contrast';
export const FILTERS: readonly Filter[] = ['sepia', 'grayscale', 'warm', 'cool', 'high-contrast'];

export interface Degradation {
  readonly blur: Blur;
  readonly filter: Filter | null;
  readonly lowLight: boolean;
  /** JPEG quality used, or null when the picture was not recompressed. */
  readonly jpegQuality: number | null;
}

/** Applies the mobile app's degradations at `severity` (0 = like the web, 1 = worst) to RGB floats in [0, 1]. */
export function appDegrade(pixels: Float32Array, size: number, severity: number, rng: Rng): Degradation {
  let blur: Blur = 'none';
  if (rng.uniform() < 0.25 * severity) {
    motionBlur(pixels, size, 2 + Math.round(rng.uniform(0, 4) * severity), rng.uniform() < 0.5);
    blur = 'motion';
  } else if (rng.uniform() < 0.75 * severity) {
    const sigma = rng.uniform(0.5, 0.6 + 1.6 * severity);
    gaussianBlur(pixels, size, sigma);
    blur = sigma < 1 ? 'mild' : 'strong';
  }
  const lowLight = rng.uniform() < 0.5 * severity;
  if (lowLight) {
    const gain = rng.uniform(0.3, 0.65);
    const noise = rng.uniform(0.03, 0.06 + 0.06 * severity);
    for (let i = 0; i < pixels.length; i++) pixels[i] = pixels[i]! * gain + rng.normal(0, noise);
  }
  const filter = rng.uniform() < 0.4 * severity ? FILTERS[rng.int(FILTERS.length)]! : null;
  if (filter) applyFilter(pixels, filter);
  // Quality 95–100 at severity 0 (as good as the web), 10–30 at 1.
  const jpegQuality = Math.round(rng.uniform(95 - 85 * severity, 100 - 70 * severity));
  jpegArtefacts(pixels, size, jpegQuality);
  return { blur, filter, lowLight, jpegQuality };
}

/** Separable Gaussian blur with clamped edges (defocus). */
export function gaussianBlur(pixels: Float32Array, size: number, sigma: number): void {
  const radius = Math.ceil(2.5 * sigma);
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const total = kernel.reduce((a, b) => a + b, 0);
  for (let i = 0; i < kernel.length; i++) kernel[i] = kernel[i]! / total;
  convolve(pixels, size, kernel, true);
  convolve(pixels, size, kernel, false);
}

function motionBlur(pixels: Float32Array, size: number, length: number, horizontal: boolean): void {
  convolve(
    pixels,
    size,
    Array.from({ length }, () => 1 / length),
    horizontal,
  );
}

function convolve(pixels: Float32Array, size: number, kernel: readonly number[], horizontal: boolean): void {
  const radius = (kernel.length - 1) >> 1;
  const copy = pixels.slice();
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let k = 0; k < kernel.length; k++) {
          const offset = k - radius;
          const xx = horizontal ? Math.min(size - 1, Math.max(0, x + offset)) : x;
          const yy = horizontal ? y : Math.min(size - 1, Math.max(0, y + offset));
          sum += kernel[k]! * copy[(yy * size + xx) * 3 + c]!;
        }
        pixels[(y * size + x) * 3 + c] = sum;
      }
    }
  }
}

export function applyFilter(pixels: Float32Array, filter: Filter): void {
  for (let i = 0; i < pixels.length; i += 3) {
    const [r, g, b] = [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!];
    let out: [number, number, number];
    switch (filter) {
      case 'sepia':
        out = [0.393 * r + 0.769 * g + 0.189 * b, 0.349 * r + 0.686 * g + 0.168 * b, 0.272 * r + 0.534 * g + 0.131 * b];
        break;
      case 'grayscale': {
        const l = 0.299 * r + 0.587 * g + 0.114 * b;
        out = [l, l, l];
        break;
      }
      case 'warm':
        out = [r * 1.15 + 0.05, g * 1.02, b * 0.8];
        break;
      case 'cool':
        out = [r * 0.8, g * 1.0, b * 1.2 + 0.05];
        break;
      default:
        out = [(r - 0.5) * 1.7 + 0.5, (g - 0.5) * 1.7 + 0.5, (b - 0.5) * 1.7 + 0.5];
    }
    pixels[i] = out[0];
    pixels[i + 1] = out[1];
    pixels[i + 2] = out[2];
  }
}
