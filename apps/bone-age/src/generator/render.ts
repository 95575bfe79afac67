import type { Rng } from '@mlrecipe/tensor/rng';
import type { Hand, LongBone } from './anatomy.js';

export type FieldOfView = 'fixed' | 'fitted';

/** How the X-ray machine takes the picture. */
export interface Acquisition {
  readonly noise: number;
  readonly blurPx: number;
  readonly contrast: number;
  readonly gamma: number;
  readonly angle: number;
  readonly offsetPx: readonly [number, number];
}

/** The usual machine: light noise and blur; `shifted` is "a different X-ray machine" (noisier, softer, flatter). */
export function sampleAcquisition(rng: Rng, shifted: boolean): Acquisition {
  return {
    noise: shifted ? rng.uniform(0.04, 0.07) : rng.uniform(0.01, 0.025),
    blurPx: shifted ? rng.uniform(0.9, 1.4) : rng.uniform(0.3, 0.7),
    contrast: shifted ? rng.uniform(0.6, 0.8) : rng.uniform(0.9, 1.1),
    gamma: rng.uniform(0.85, 1.15),
    angle: rng.uniform(-0.14, 0.14),
    offsetPx: [rng.uniform(-3, 3), rng.uniform(-3, 3)],
  };
}

const KEYPOINT_BONES = [
  ['radius', 'head'],
  ['metacarpal 3', 'base'],
  ['metacarpal 3', 'head'],
  ['proximal 3', 'head'],
  ['middle 3', 'head'],
  ['distal 3', 'head'],
  ['metacarpal 2', 'head'],
  ['metacarpal 5', 'head'],
  ['metacarpal 1', 'head'],
  ['distal 1', 'head'],
] as const;
export const KEYPOINT_NAMES = KEYPOINT_BONES.map(([bone, end]) => `${bone} ${end}`);

/** mm → pixel mapping of one picture. */
export interface View {
  readonly size: number;
  readonly mmPerPixel: number;
  toPixel(p: readonly [number, number]): [number, number];
  toMm(x: number, y: number): [number, number];
}

export function viewOf(hand: Hand, size: number, fov: FieldOfView, acquisition: Acquisition): View {
  let cx = 0;
  let cy = -78;
  let side = 215; // mm: the fixed detector shows absolute size
  if (fov === 'fitted') {
    const points = hand.bones.flatMap((b) => [b.base, b.head]).filter((p) => p[1] < 30);
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    side = 1.12 * Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys) + 20);
    cx = (Math.max(...xs) + Math.min(...xs)) / 2;
    cy = (Math.max(...ys) + Math.min(...ys)) / 2 + 8;
  }
  const mmPerPixel = side / size;
  const cos = Math.cos(acquisition.angle);
  const sin = Math.sin(acquisition.angle);
  const [ox, oy] = acquisition.offsetPx;
  return {
    size,
    mmPerPixel,
    toPixel: ([x, y]) => {
      const u = (x - cx) / mmPerPixel;
      const v = (y - cy) / mmPerPixel;
      return [size / 2 + u * cos - v * sin + ox, size / 2 + u * sin + v * cos + oy];
    },
    toMm: (px, py) => {
      const u = px - size / 2 - ox;
      const v = py - size / 2 - oy;
      return [cx + (u * cos + v * sin) * mmPerPixel, cy + (-u * sin + v * cos) * mmPerPixel];
    },
  };
}

/** Half the chord through a cylinder of radius r at distance d from its axis segment a–b. */
function chord(x: number, y: number, a: readonly [number, number], b: readonly [number, number], r: number): number {
  const ex = b[0] - a[0];
  const ey = b[1] - a[1];
  const h = Math.min(1, Math.max(0, ((x - a[0]) * ex + (y - a[1]) * ey) / (ex * ex + ey * ey || 1)));
  const dx = x - a[0] - ex * h;
  const dy = y - a[1] - ey * h;
  const d2 = dx * dx + dy * dy;
  return d2 >= r * r ? 0 : Math.sqrt(r * r - d2);
}

const lerp = (a: readonly [number, number], b: readonly [number, number], t: number): [number, number] => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
];

/** The shaft, and the epiphysis when it is a separate bone (stages 1–2), as capsules. */
function boneParts(b: LongBone) {
  const r = b.width / 2;
  if (b.stage === 3) return { shaft: [b.base, b.head] as const, cap: null };
  const capLength = b.stage === 0 ? 0 : Math.max(1.2, 0.22 * b.width);
  const cut = (capLength + b.physisGapMm + (b.stage === 0 ? 0.25 * b.width : 0)) / b.lengthMm;
  const [from, to] = b.epiphysisAtBase ? [b.head, b.base] : [b.base, b.head];
  const shaftEnd = lerp(from, to, 1 - cut);
  if (b.stage === 0) return { shaft: [from, shaftEnd] as const, cap: null };
  const capStart = lerp(from, to, 1 - capLength / b.lengthMm);
  const capEnd = lerp(from, to, 1 - (0.15 * capLength) / b.lengthMm);
  return { shaft: [from, shaftEnd] as const, cap: { a: capStart, b: capEnd, r: r * b.epiphysisShare } };
}

/**
 * Renders attenuation (bright bone, grey soft tissue, dark background) through the machine's
 * acquisition, as floats in [0, 1], 2×2 supersampled. Trabecular texture gets finer with maturity:
 * an age signal that no hand-designed length or physis measurement captures.
 */
export function renderHand(hand: Hand, view: View, acquisition: Acquisition, rng: Rng): Float32Array {
  const { size } = view;
  const parts = hand.bones.map((b) => ({ bone: b, ...boneParts(b) }));
  const image = new Float32Array(size * size);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let sum = 0;
      for (const [sx, sy] of [
        [0.25, 0.25],
        [0.75, 0.25],
        [0.25, 0.75],
        [0.75, 0.75],
      ] as const) {
        const [x, y] = view.toMm(px + sx, py + sy);
        let attenuation = 0;
        for (const t of hand.tissue) attenuation += 0.008 * chord(x, y, t.a, t.b, t.r);
        for (const p of parts) {
          const r = p.bone.width / 2;
          const depth = chord(x, y, p.shaft[0], p.shaft[1], r);
          if (depth > 0) {
            const along = Math.hypot(x - p.shaft[0][0], y - p.shaft[0][1]);
            const texture = 1 + 0.18 * Math.sin(along * (0.9 + 0.12 * p.bone.maturity));
            // Cortex: the rim of the shaft is denser than the marrow.
            attenuation += 0.09 * depth * texture + (depth < 0.45 * r ? 0.12 : 0);
          }
          if (p.cap) attenuation += 0.11 * chord(x, y, p.cap.a, p.cap.b, p.cap.r);
        }
        for (const c of hand.carpals) attenuation += 0.1 * chord(x, y, c.centre, c.centre, c.radiusMm);
        sum += 1 - Math.exp(-attenuation);
      }
      image[py * size + px] = sum / 4;
    }
  }
  blur(image, size, acquisition.blurPx);
  for (let i = 0; i < image.length; i++) {
    const v = Math.max(0, image[i]! * acquisition.contrast + rng.normal(0, acquisition.noise));
    image[i] = Math.min(1, v ** acquisition.gamma);
  }
  return image;
}

function blur(image: Float32Array, size: number, sigma: number): void {
  const radius = Math.ceil(2.5 * sigma);
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const total = kernel.reduce((a, b) => a + b, 0);
  for (const horizontal of [true, false]) {
    const copy = image.slice();
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        let s = 0;
        for (let k = -radius; k <= radius; k++) {
          const xx = horizontal ? Math.min(size - 1, Math.max(0, x + k)) : x;
          const yy = horizontal ? y : Math.min(size - 1, Math.max(0, y + k));
          s += kernel[k + radius]! * copy[yy * size + xx]!;
        }
        image[y * size + x] = s / total;
      }
  }
}

/** The keypoints step 1 learns to find, in pixels. */
export function keypoints(hand: Hand, view: View): [number, number][] {
  return KEYPOINT_BONES.map(([name, end]) => {
    const bone = hand.bones.find((b) => b.name === name)!;
    return view.toPixel(end === 'head' ? bone.head : bone.base);
  });
}
