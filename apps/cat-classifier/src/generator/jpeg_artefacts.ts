// JPEG's lossy steps applied directly: RGB → YCbCr, 8×8 DCT, quantisation with the IJG tables scaled
// by quality, and back. Entropy coding is lossless, so the artefacts (blocking, ringing, colour
// bleeding) are those of a real JPEG file. Written here because jpeg-js, the maintained pure-JS
// codec, builds its encoder tables on every call: 20 ms and most of the GC time per 32×32 picture.
// The test checks the result against a jpeg-js encode/decode round trip.

// ITU T.81 Annex K tables.
const LUMA = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51,
  87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101,
  72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99,
];

/** The IJG scaling of a base table for quality 1–100 (libjpeg's jpeg_quality_scaling). */
export function quantTable(base: readonly number[], quality: number): Float64Array {
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  const scale = q < 50 ? 5000 / q : 200 - 2 * q;
  return Float64Array.from(base, (v) => Math.min(255, Math.max(1, Math.floor((v * scale + 50) / 100))));
}

const COS = Float64Array.from({ length: 64 }, (_, k) => {
  const x = k >> 3;
  const u = k & 7;
  return ((u === 0 ? Math.SQRT1_2 : 1) * Math.cos(((2 * x + 1) * u * Math.PI) / 16)) / 2;
});

/** Orthonormal 2-D DCT-II of an 8×8 block (in place through `out`). */
function dct(block: Float64Array, out: Float64Array): void {
  const tmp = new Float64Array(64);
  for (let y = 0; y < 8; y++)
    for (let u = 0; u < 8; u++) {
      let s = 0;
      for (let x = 0; x < 8; x++) s += block[y * 8 + x]! * COS[x * 8 + u]!;
      tmp[y * 8 + u] = s;
    }
  for (let u = 0; u < 8; u++)
    for (let v = 0; v < 8; v++) {
      let s = 0;
      for (let y = 0; y < 8; y++) s += tmp[y * 8 + u]! * COS[y * 8 + v]!;
      out[v * 8 + u] = s;
    }
}

function idct(coefficients: Float64Array, out: Float64Array): void {
  const tmp = new Float64Array(64);
  for (let v = 0; v < 8; v++)
    for (let x = 0; x < 8; x++) {
      let s = 0;
      for (let u = 0; u < 8; u++) s += coefficients[v * 8 + u]! * COS[x * 8 + u]!;
      tmp[v * 8 + x] = s;
    }
  for (let x = 0; x < 8; x++)
    for (let y = 0; y < 8; y++) {
      let s = 0;
      for (let v = 0; v < 8; v++) s += tmp[v * 8 + x]! * COS[y * 8 + v]!;
      out[y * 8 + x] = s;
    }
}

/**
 * Replaces RGB floats in [0, 1] ([size, size, 3]) by what a JPEG of `quality` decodes to (4:4:4, no
 * chroma subsampling, as jpeg-js encodes).
 */
export function jpegArtefacts(pixels: Float32Array, size: number, quality: number): void {
  const tables = [quantTable(LUMA, quality), quantTable(CHROMA, quality), quantTable(CHROMA, quality)];
  const planes = [new Float64Array(size * size), new Float64Array(size * size), new Float64Array(size * size)];
  for (let p = 0; p < size * size; p++) {
    const r = Math.round(Math.min(1, Math.max(0, pixels[p * 3]!)) * 255);
    const g = Math.round(Math.min(1, Math.max(0, pixels[p * 3 + 1]!)) * 255);
    const b = Math.round(Math.min(1, Math.max(0, pixels[p * 3 + 2]!)) * 255);
    planes[0]![p] = 0.299 * r + 0.587 * g + 0.114 * b - 128;
    planes[1]![p] = -0.168736 * r - 0.331264 * g + 0.5 * b;
    planes[2]![p] = 0.5 * r - 0.418688 * g - 0.081312 * b;
  }
  const block = new Float64Array(64);
  const coefficients = new Float64Array(64);
  for (let c = 0; c < 3; c++) {
    const plane = planes[c]!;
    const table = tables[c]!;
    for (let by = 0; by < size; by += 8)
      for (let bx = 0; bx < size; bx += 8) {
        // Edge blocks repeat the last row/column, as encoders pad.
        for (let k = 0; k < 64; k++)
          block[k] = plane[Math.min(size - 1, by + (k >> 3)) * size + Math.min(size - 1, bx + (k & 7))]!;
        dct(block, coefficients);
        for (let k = 0; k < 64; k++) coefficients[k] = Math.round(coefficients[k]! / table[k]!) * table[k]!;
        idct(coefficients, block);
        for (let k = 0; k < 64; k++) {
          const y = by + (k >> 3);
          const x = bx + (k & 7);
          if (y < size && x < size) plane[y * size + x] = block[k]!;
        }
      }
  }
  for (let p = 0; p < size * size; p++) {
    const Y = planes[0]![p]! + 128;
    const cb = planes[1]![p]!;
    const cr = planes[2]![p]!;
    pixels[p * 3] = Math.min(255, Math.max(0, Math.round(Y + 1.402 * cr))) / 255;
    pixels[p * 3 + 1] = Math.min(255, Math.max(0, Math.round(Y - 0.344136 * cb - 0.714136 * cr))) / 255;
    pixels[p * 3 + 2] = Math.min(255, Math.max(0, Math.round(Y + 1.772 * cb))) / 255;
  }
}
