import type { Rng } from '@mlrecipe/tensor/rng';
import {
  box,
  circle,
  ellipse,
  mix,
  type Placement,
  type Raster,
  type Rgb,
  segment,
  triangle,
  union,
} from './raster.js';

// What the pictures show. Object units: the head radius is about 1. Cats have pointy ears, slit
// pupils, a small nose and whiskers; dogs floppy or rounded ears, round eyes and a long snout with a
// big nose; great cats (lions, tigers) are cat-shaped with a mane or stripes, small round ears and
// round pupils. A "hard dog" is drawn by the cat renderer: nothing in the pixels tells it apart, so
// it sets an error floor no model can beat.

export type Kind = 'cat' | 'dog' | 'great-cat' | 'other';

const CAT_FUR: readonly Rgb[] = [
  [0.92, 0.56, 0.22],
  [0.55, 0.55, 0.58],
  [0.13, 0.12, 0.13],
  [0.93, 0.91, 0.88],
  [0.85, 0.75, 0.6],
];
const DOG_FUR: readonly Rgb[] = [
  [0.55, 0.35, 0.2],
  [0.8, 0.62, 0.4],
  [0.13, 0.12, 0.13],
  [0.93, 0.91, 0.88],
  [0.86, 0.66, 0.3],
];
const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)]!;
const jitter = (rng: Rng, c: Rgb, amount = 0.06): Rgb =>
  c.map((v) => v + rng.uniform(-amount, amount)) as unknown as Rgb;

export function drawCat(r: Raster, at: Placement, rng: Rng): void {
  const fur = jitter(rng, pick(rng, CAT_FUR));
  const dark = mix(fur, [0, 0, 0], 0.45);
  const tabby = rng.uniform() < 0.4;
  const earHeight = rng.uniform(1.35, 1.6);
  r.fill(ellipse(0, 1.7, 1.15, 0.95), at, fur); // body
  for (const side of [-1, 1]) {
    r.fill(triangle([side * 0.95, -0.3], [side * 0.22, -0.85], [side * 0.78, -earHeight]), at, fur);
    r.fill(triangle([side * 0.8, -0.45], [side * 0.4, -0.8], [side * 0.72, -earHeight + 0.25]), at, [0.95, 0.65, 0.7]);
  }
  const stripes = (u: number, v: number): Rgb => (tabby && v < -0.2 && Math.sin(u * 9) > 0.55 ? dark : fur);
  r.fill(circle(0, 0, 1), at, stripes);
  const iris = pick(rng, [
    [0.45, 0.75, 0.25],
    [0.85, 0.75, 0.2],
    [0.35, 0.6, 0.85],
  ] as const);
  for (const side of [-1, 1]) {
    r.fill(ellipse(side * 0.38, -0.12, 0.21, 0.14), at, iris);
    r.fill(ellipse(side * 0.38, -0.12, 0.045, 0.13), at, [0.02, 0.02, 0.02]); // slit pupil
  }
  r.fill(triangle([-0.11, 0.16], [0.11, 0.16], [0, 0.3]), at, [0.95, 0.55, 0.6]);
  r.fill(union(segment(0, 0.3, -0.14, 0.42, 0.025), segment(0, 0.3, 0.14, 0.42, 0.025)), at, dark);
  const whisker: Rgb = fur[0] + fur[1] > 1.2 ? [0.25, 0.22, 0.2] : [0.95, 0.95, 0.95];
  for (const side of [-1, 1]) {
    for (const dy of [-0.12, 0, 0.12])
      r.fill(segment(side * 0.22, 0.32, side * 1.25, 0.3 + dy * 1.6, 0.018), at, whisker);
  }
}

export function drawDog(r: Raster, at: Placement, rng: Rng): void {
  const fur = jitter(rng, pick(rng, DOG_FUR));
  const ears = mix(fur, [0, 0, 0], rng.uniform(0.2, 0.5));
  const muzzle = mix(fur, [1, 1, 1], rng.uniform(0.2, 0.5));
  const floppy = rng.uniform() < 0.7;
  r.fill(ellipse(0, 1.8, 1.2, 0.95), at, fur);
  if (!floppy) for (const side of [-1, 1]) r.fill(ellipse(side * 0.62, -0.92, 0.3, 0.42), at, ears);
  r.fill(ellipse(0, 0, 0.95, 1.08), at, fur);
  if (floppy) for (const side of [-1, 1]) r.fill(ellipse(side * 0.92, 0.15, 0.3, 0.68), at, ears);
  r.fill(ellipse(0, 0.5, 0.52, 0.42), at, muzzle);
  r.fill(ellipse(0, 0.33, 0.22, 0.15), at, [0.05, 0.04, 0.04]); // big nose
  for (const side of [-1, 1]) r.fill(circle(side * 0.38, -0.22, 0.13), at, [0.1, 0.06, 0.04]); // round eyes
  if (rng.uniform() < 0.3) r.fill(ellipse(0, 0.88, 0.14, 0.16), at, [0.9, 0.45, 0.5]); // tongue
}

export function drawGreatCat(r: Raster, at: Placement, rng: Rng): void {
  const lion = rng.uniform() < 0.5;
  const fur: Rgb = lion ? jitter(rng, [0.82, 0.64, 0.35]) : jitter(rng, [0.92, 0.5, 0.12]);
  const dark: Rgb = [0.08, 0.06, 0.05];
  r.fill(ellipse(0, 1.9, 1.35, 1.0), at, fur);
  if (lion) r.fill(circle(0, 0.05, 1.55), at, jitter(rng, [0.55, 0.35, 0.15]));
  for (const side of [-1, 1]) r.fill(circle(side * 0.72, -0.78, 0.26), at, fur);
  const stripes = (u: number, v: number): Rgb =>
    !lion && Math.sin(u * 7 + v * 2) > 0.6 && Math.abs(u) > 0.25 ? dark : fur;
  r.fill(circle(0, 0, 1.05), at, stripes);
  r.fill(ellipse(0, 0.42, 0.5, 0.36), at, lion ? mix(fur, [1, 1, 1], 0.3) : [0.95, 0.93, 0.88]);
  for (const side of [-1, 1]) {
    r.fill(ellipse(side * 0.38, -0.15, 0.17, 0.12), at, [0.85, 0.65, 0.2]);
    r.fill(circle(side * 0.38, -0.15, 0.065), at, dark); // round pupil
  }
  r.fill(triangle([-0.16, 0.22], [0.16, 0.22], [0, 0.38]), at, [0.45, 0.25, 0.22]);
}

export function drawOther(r: Raster, at: Placement, rng: Rng): void {
  const color = jitter(rng, [rng.uniform(), rng.uniform(), rng.uniform()], 0);
  switch (rng.int(4)) {
    case 0: // a car
      r.fill(box(0, 0.1, 1.4, 0.45), at, color);
      r.fill(box(0, -0.45, 0.75, 0.35), at, color);
      r.fill(box(0, -0.45, 0.6, 0.25), at, [0.7, 0.85, 0.95]);
      for (const x of [-0.85, 0.85]) r.fill(circle(x, 0.55, 0.32), at, [0.08, 0.08, 0.08]);
      break;
    case 1: // a ball
      r.fill(circle(0, 0, 1), at, color);
      r.fill(box(0, 0, 1, 0.15), at, [0.95, 0.95, 0.95]);
      break;
    case 2: // a house
      r.fill(box(0, 0.4, 1, 0.75), at, color);
      r.fill(triangle([-1.25, -0.3], [1.25, -0.3], [0, -1.3]), at, [0.6, 0.2, 0.15]);
      r.fill(box(0, 0.75, 0.25, 0.4), at, [0.3, 0.2, 0.1]);
      break;
    default: // a flower
      for (let k = 0; k < 6; k++) {
        const a = (k * Math.PI) / 3;
        r.fill(circle(Math.cos(a) * 0.6, Math.sin(a) * 0.6, 0.42), at, color);
      }
      r.fill(circle(0, 0, 0.35), at, [0.95, 0.8, 0.1]);
  }
}

/** A background: a two-colour gradient with a few soft blobs (grass, walls, furniture). */
export function drawBackground(r: Raster, rng: Rng, brightness: number): void {
  const top: Rgb = [rng.uniform(0.3, 1), rng.uniform(0.3, 1), rng.uniform(0.3, 1)];
  const bottom: Rgb = [rng.uniform(0.2, 0.9), rng.uniform(0.2, 0.9), rng.uniform(0.2, 0.9)];
  const { width, height, data } = r;
  for (let y = 0; y < height; y++) {
    const c = mix(top, bottom, y / (height - 1));
    for (let x = 0; x < width; x++) {
      const k = (y * width + x) * 3;
      data[k] = c[0] * brightness;
      data[k + 1] = c[1] * brightness;
      data[k + 2] = c[2] * brightness;
    }
  }
  const blobs = rng.int(4);
  for (let b = 0; b < blobs; b++) {
    const at = {
      cx: rng.uniform(0, width),
      cy: rng.uniform(0, height),
      scale: width * rng.uniform(0.1, 0.3),
      angle: 0,
    };
    const c: Rgb = [
      rng.uniform(0.2, 0.9) * brightness,
      rng.uniform(0.2, 0.9) * brightness,
      rng.uniform(0.2, 0.9) * brightness,
    ];
    r.fill(circle(0, 0, 1), at, c, 0.5);
  }
}

export const DRAW: Readonly<Record<Kind, (r: Raster, at: Placement, rng: Rng) => void>> = {
  cat: drawCat,
  dog: drawDog,
  'great-cat': drawGreatCat,
  other: drawOther,
};
