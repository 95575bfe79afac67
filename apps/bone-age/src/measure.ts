// Step 2's hand-designed measurements, read from a picture at given keypoints (predicted by step 1,
// or the true ones for the oracle): bone lengths and their ratios to hand width, intensity profiles
// across the physes of the third ray and the radius (epiphysis present? gap? fused?), and the
// number of carpal bones visible in the wrist.

const K = 10;
// Keypoint indices (see KEYPOINT_NAMES).
const RADIUS = 0;
const MC3_BASE = 1;
const MC3_HEAD = 2;
const PP3_HEAD = 3;
const MP3_HEAD = 4;
const DP3_TIP = 5;
const MC2_HEAD = 6;
const MC5_HEAD = 7;
const MC1_HEAD = 8;
const DP1_TIP = 9;

export const FEATURE_COUNT = 7 + 4 * 7 + 1;

function sample(image: ArrayLike<number>, size: number, x: number, y: number): number {
  const x0 = Math.max(0, Math.min(size - 1, Math.floor(x)));
  const y0 = Math.max(0, Math.min(size - 1, Math.floor(y)));
  const x1 = Math.min(size - 1, x0 + 1);
  const y1 = Math.min(size - 1, y0 + 1);
  const fx = Math.max(0, Math.min(1, x - x0));
  const fy = Math.max(0, Math.min(1, y - y0));
  const at = (xx: number, yy: number) => image[yy * size + xx]!;
  return (at(x0, y0) * (1 - fx) + at(x1, y0) * fx) * (1 - fy) + (at(x0, y1) * (1 - fx) + at(x1, y1) * fx) * fy;
}

/** 7 intensities along the line from `from` to `to`, centred on `to`, one pixel apart. */
function profile(image: ArrayLike<number>, size: number, from: readonly number[], to: readonly number[]): number[] {
  const dx = to[0]! - from[0]!;
  const dy = to[1]! - from[1]!;
  const length = Math.hypot(dx, dy) || 1;
  return [-3, -2, -1, 0, 1, 2, 3].map(
    (k) => sample(image, size, to[0]! + (dx / length) * k, to[1]! + (dy / length) * k) / 255,
  );
}

/** Bright blobs (area ≥ 2 px) in the wrist box between the radius and the third metacarpal base. */
function carpalCount(
  image: ArrayLike<number>,
  size: number,
  radius: readonly number[],
  base: readonly number[],
  width: number,
): number {
  const x0 = Math.max(0, Math.floor(Math.min(radius[0]!, base[0]!) - width / 2));
  const x1 = Math.min(size - 1, Math.ceil(Math.max(radius[0]!, base[0]!) + width / 2));
  const y0 = Math.max(0, Math.floor(Math.min(radius[1]!, base[1]!)));
  const y1 = Math.min(size - 1, Math.ceil(Math.max(radius[1]!, base[1]!)));
  const values: number[] = [];
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) values.push(image[y * size + x]!);
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const threshold =
    sorted[Math.floor(sorted.length / 2)]! +
    0.5 * (sorted[sorted.length - 1]! - sorted[Math.floor(sorted.length / 2)]!);
  const seen = new Set<number>();
  let blobs = 0;
  for (let y = y0; y <= y1; y++)
    for (let x = x0; x <= x1; x++) {
      const k = y * size + x;
      if (seen.has(k) || image[k]! < threshold) continue;
      let area = 0;
      const stack = [k];
      seen.add(k);
      while (stack.length > 0) {
        const p = stack.pop()!;
        area++;
        const px = p % size;
        const py = Math.floor(p / size);
        for (const [nx, ny] of [
          [px + 1, py],
          [px - 1, py],
          [px, py + 1],
          [px, py - 1],
        ] as const) {
          if (nx < x0 || nx > x1 || ny < y0 || ny > y1) continue;
          const q = ny * size + nx;
          if (!seen.has(q) && image[q]! >= threshold) {
            seen.add(q);
            stack.push(q);
          }
        }
      }
      if (area >= 2) blobs++;
    }
  return blobs;
}

/** The measurements of one picture at its keypoints ([K, 2] pixels). */
export function measure(image: ArrayLike<number>, size: number, points: ArrayLike<number>): number[] {
  const p = (k: number) => [points[k * 2]!, points[k * 2 + 1]!] as const;
  const dist = (a: number, b: number) => Math.hypot(p(a)[0] - p(b)[0], p(a)[1] - p(b)[1]);
  const handWidth = Math.max(1, dist(MC2_HEAD, MC5_HEAD));
  const lengths = [
    dist(MC3_BASE, MC3_HEAD),
    dist(MC3_HEAD, PP3_HEAD),
    dist(PP3_HEAD, MP3_HEAD),
    dist(MP3_HEAD, DP3_TIP),
    dist(MC1_HEAD, DP1_TIP),
  ];
  return [
    // Absolute size in pixels (meaningful with a fixed field of view), then proportions.
    lengths[0]!,
    handWidth,
    ...lengths.map((l) => l / handWidth),
    ...profile(image, size, p(MC3_BASE), p(MC3_HEAD)),
    ...profile(image, size, p(MC3_HEAD), p(PP3_HEAD)),
    ...profile(image, size, p(PP3_HEAD), p(MP3_HEAD)),
    ...profile(image, size, p(MC3_BASE), p(RADIUS)),
    carpalCount(image, size, p(RADIUS), p(MC3_BASE), handWidth),
  ];
}

/** Measurements of many pictures ([n, size, size] bytes) at their keypoints ([n, K, 2]). */
export function measureAll(images: Uint8Array, size: number, points: ArrayLike<number>, count: number): Float32Array {
  const out = new Float32Array(count * FEATURE_COUNT);
  for (let i = 0; i < count; i++) {
    const image = images.subarray(i * size * size, (i + 1) * size * size);
    const pts = Array.prototype.slice.call(points, i * K * 2, (i + 1) * K * 2) as number[];
    out.set(measure(image, size, pts), i * FEATURE_COUNT);
  }
  return out;
}
