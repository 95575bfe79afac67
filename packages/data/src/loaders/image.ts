import { decode as decodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { DataFormatError } from '../errors.js';
import { shown } from '../validate.js';

/** A decoded image: uint8 pixels, height × width × channels. */
export interface Image {
  readonly values: Uint8Array;
  readonly height: number;
  readonly width: number;
  readonly channels: 1 | 3;
}

/**
 * Decodes PNG or JPEG bytes (pure-JS decoders fast-png and jpeg-js, so it runs in Node and browsers)
 * to RGB or grayscale uint8. Alpha is composited onto white. Grayscale uses ITU-R BT.601 luma.
 */
export function decodeImage(bytes: Uint8Array, options: { channels?: 1 | 3 } = {}): Image {
  const channels = options.channels ?? 3;
  let rgba: Uint8Array;
  let width: number;
  let height: number;
  try {
    if (isPng(bytes)) {
      const png = decodePng(bytes);
      ({ width, height } = png);
      rgba = toRgba8(png.data, png.channels, png.depth, png.palette, width * height);
    } else if (bytes[0] === 0xff && bytes[1] === 0xd8) {
      const decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
      ({ width, height } = decoded);
      rgba = decoded.data;
    } else {
      throw new DataFormatError('decodeImage: not a PNG or JPEG (unknown signature)');
    }
  } catch (error) {
    if (error instanceof DataFormatError) throw error;
    throw new DataFormatError(`decodeImage: the image is corrupt (${(error as Error).message})`);
  }
  const values = new Uint8Array(width * height * channels);
  for (let p = 0; p < width * height; p++) {
    const alpha = rgba[4 * p + 3]! / 255;
    const [r, g, b] = [0, 1, 2].map((c) => rgba[4 * p + c]! * alpha + 255 * (1 - alpha)) as [number, number, number];
    if (channels === 3) {
      values[3 * p] = Math.round(r);
      values[3 * p + 1] = Math.round(g);
      values[3 * p + 2] = Math.round(b);
    } else values[p] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  }
  return { values, height, width, channels };
}

/** Bilinear resize (half-pixel centres, as OpenCV and tf.image.resizeBilinear with halfPixelCenters). */
export function resizeBilinear(image: Image, height: number, width: number): Image {
  // 65,536 pixels a side: far beyond a training image, and keeps a typo from allocating gigabytes.
  const side = (v: unknown) => Number.isInteger(v) && (v as number) > 0 && (v as number) <= 65536;
  if (!(side(height) && side(width))) {
    throw new DataFormatError(
      `resizeBilinear: size must be integers in [1, 65536], got ${shown(height)}×${shown(width)}`,
    );
  }
  if (image === null || typeof image !== 'object' || !(image.values instanceof Uint8Array)) {
    throw new DataFormatError(
      `resizeBilinear: image must be { values: Uint8Array, height, width, channels }, got ${shown(image)}`,
    );
  }
  const { channels } = image;
  const out = new Uint8Array(height * width * channels);
  const sy = image.height / height;
  const sx = image.width / width;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), image.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, image.height - 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), image.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, image.width - 1);
      const wx = fx - x0;
      for (let c = 0; c < channels; c++) {
        const at = (yy: number, xx: number) => image.values[(yy * image.width + xx) * channels + c]!;
        const top = at(y0, x0) * (1 - wx) + at(y0, x1) * wx;
        const bottom = at(y1, x0) * (1 - wx) + at(y1, x1) * wx;
        out[(y * width + x) * channels + c] = Math.round(top * (1 - wy) + bottom * wy);
      }
    }
  }
  return { values: out, height, width, channels };
}

function isPng(bytes: Uint8Array): boolean {
  return bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
}

/** fast-png returns 1–4 channels at 8 or 16 bits (or palette indices): expand to RGBA8. */
function toRgba8(
  data: ArrayLike<number>,
  channels: number,
  depth: number,
  palette: ArrayLike<ArrayLike<number>> | undefined,
  pixels: number,
): Uint8Array {
  const out = new Uint8Array(pixels * 4);
  const to8 = depth === 16 ? (v: number) => v >> 8 : (v: number) => v;
  for (let p = 0; p < pixels; p++) {
    let rgba: number[];
    if (palette !== undefined) {
      const entry = palette[data[p]!]!;
      rgba = [entry[0]!, entry[1]!, entry[2]!, entry.length > 3 ? entry[3]! : 255];
    } else {
      const px = Array.from({ length: channels }, (_, c) => to8(data[p * channels + c]!));
      rgba =
        channels === 1
          ? [px[0]!, px[0]!, px[0]!, 255]
          : channels === 2
            ? [px[0]!, px[0]!, px[0]!, px[1]!]
            : [px[0]!, px[1]!, px[2]!, channels === 4 ? px[3]! : 255];
    }
    out.set(rgba, p * 4);
  }
  return out;
}
