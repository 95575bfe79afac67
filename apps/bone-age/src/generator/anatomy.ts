import type { Rng } from '@mlrecipe/tensor/rng';

// A hand in millimetres, fingers up, wrist at the bottom, from bone maturity. Ages and sizes are
// APPROXIMATE textbook figures (Greulich & Pyle style: epiphyses of the hand appear at about 1–3
// years of bone age and fuse at about 14–16; carpals appear one by one from infancy to about 10).
// This is SYNTHETIC anatomy for a learning-curve experiment, not medical data.

export type BoneKind = 'radius' | 'ulna' | 'metacarpal' | 'proximal' | 'middle' | 'distal';

/** One long bone: base (proximal end) and head (distal end) in mm, its epiphysis, its maturity. */
export interface LongBone {
  readonly name: string;
  readonly kind: BoneKind;
  readonly ray: number;
  readonly base: readonly [number, number];
  readonly head: readonly [number, number];
  readonly width: number;
  readonly lengthMm: number;
  /** This bone's own maturity in years of bone age (bone age + per-bone jitter). */
  readonly maturity: number;
  /** 0 absent, 1 separate, 2 fusing (physis narrowing), 3 fused. */
  readonly stage: 0 | 1 | 2 | 3;
  /** Epiphysis width as a share of the bone's width (0 when absent). */
  readonly epiphysisShare: number;
  /** Gap between epiphysis and shaft, mm (0 when absent or fused). */
  readonly physisGapMm: number;
  /** Whether the epiphysis sits at the base (phalanges, first metacarpal) or the head. */
  readonly epiphysisAtBase: boolean;
}

export interface Carpal {
  readonly centre: readonly [number, number];
  readonly radiusMm: number;
}

export interface Hand {
  readonly bones: readonly LongBone[];
  readonly carpals: readonly Carpal[];
  /** Soft tissue: capsules (a, b, radius) around the rays and palm. */
  readonly tissue: readonly { a: readonly [number, number]; b: readonly [number, number]; r: number }[];
}

// Adult lengths (mm) per ray for metacarpal, proximal, middle, distal (ray 1 = thumb: no middle).
const ADULT: readonly (readonly number[])[] = [
  [46, 32, 0, 24],
  [68, 42, 25, 18],
  [66, 46, 29, 19],
  [60, 43, 27, 19],
  [54, 34, 20, 17],
];
// Approximate bone-age years at which carpals appear (capitate, hamate, triquetrum, lunate,
// trapezium, trapezoid, scaphoid, pisiform).
export const CARPAL_APPEARS = [0.3, 0.5, 2.5, 4, 5, 5.5, 6, 10] as const;
const CARPAL_SPOTS: readonly (readonly [number, number])[] = [
  [2, 10],
  [12, 9],
  [16, 2],
  [6, 0],
  [-12, 8],
  [-5, 11],
  [-10, -1],
  [19, -4],
];
const APPEARS = { radius: 1, ulna: 6, hand: 2 } as const;
const FUSES = { radius: 16.5, ulna: 16.5, hand: 15 } as const;

/** Share of adult size reached at a maturity (years): a saturating growth curve, 1 at 18. */
export function growth(maturity: number): number {
  const f = (m: number) => 1 - Math.exp(-Math.max(0, m) / 5.5);
  return 0.38 + 0.62 * (f(maturity) / f(18));
}

function epiphysis(maturity: number, appears: number, fuses: number) {
  if (maturity < appears) return { stage: 0 as const, share: 0, gap: 0 };
  const share = Math.min(1, 0.25 + (0.75 * (maturity - appears)) / (fuses - 2 - appears));
  if (maturity >= fuses) return { stage: 3 as const, share: 1, gap: 0 };
  // The physis narrows over the last two years before fusion.
  const closing = Math.min(1, (fuses - maturity) / 2);
  return { stage: (closing < 1 ? 2 : 1) as 1 | 2, share, gap: 1.6 * closing };
}

/**
 * Builds a hand: each bone's maturity is the bone age plus its own jitter (the irreducible part),
 * lengths follow the growth curve times the person's size, and epiphyses follow their maturity.
 */
export function buildHand({
  boneAge,
  size,
  jitter,
  rng,
}: {
  boneAge: number;
  size: number;
  jitter: number;
  rng: Rng;
}): Hand {
  const bones: LongBone[] = [];
  const maturity = () => boneAge + rng.normal(0, jitter);
  const spread = [-26, -13, 0, 12, 23]; // x of each ray's metacarpal base, mm
  const angles = [-0.65, -0.12, 0, 0.1, 0.22]; // ray direction, radians from vertical
  const long = (
    name: string,
    kind: BoneKind,
    ray: number,
    base: readonly [number, number],
    angle: number,
    adultMm: number,
    atBase: boolean,
    appears: number,
    fuses: number,
    width: number,
  ) => {
    const m = maturity();
    const lengthMm = adultMm * size * growth(m);
    const head = [base[0] + Math.sin(angle) * lengthMm, base[1] - Math.cos(angle) * lengthMm] as const;
    const e = epiphysis(m, appears, fuses);
    bones.push({
      name,
      kind,
      ray,
      base,
      head,
      width: width * size * growth(m),
      lengthMm,
      maturity: m,
      stage: e.stage,
      epiphysisShare: e.share,
      physisGapMm: e.gap,
      epiphysisAtBase: atBase,
    });
    return head;
  };
  // Forearm below the wrist (y grows downwards; the wrist line is y = 0).
  const forearm = 55 * size;
  long('radius', 'radius', 0, [-9 * size, forearm], 0, forearm / size - 3, false, APPEARS.radius, FUSES.radius, 14);
  long('ulna', 'ulna', 0, [12 * size, forearm], 0, forearm / size - 6, false, APPEARS.ulna, FUSES.ulna, 9);
  for (let ray = 0; ray < 5; ray++) {
    const base = [spread[ray]! * size * growth(boneAge), -16 * size * growth(boneAge)] as const;
    const angle = angles[ray]!;
    const [mc, pp, mp, dp] = ADULT[ray]!;
    let joint = long(
      `metacarpal ${ray + 1}`,
      'metacarpal',
      ray + 1,
      base,
      angle,
      mc!,
      ray === 0,
      APPEARS.hand,
      FUSES.hand,
      ray === 0 ? 10 : 8,
    );
    joint = long(`proximal ${ray + 1}`, 'proximal', ray + 1, joint, angle, pp!, true, APPEARS.hand, FUSES.hand, 7.5);
    if (mp! > 0)
      joint = long(
        `middle ${ray + 1}`,
        'middle',
        ray + 1,
        joint,
        angle,
        mp!,
        true,
        APPEARS.hand + 0.5,
        FUSES.hand,
        6.5,
      );
    long(`distal ${ray + 1}`, 'distal', ray + 1, joint, angle, dp!, true, APPEARS.hand + 0.5, FUSES.hand - 0.5, 5.5);
  }
  const carpals: Carpal[] = [];
  CARPAL_APPEARS.forEach((appears, i) => {
    const m = maturity();
    if (m < appears) return;
    const spot = CARPAL_SPOTS[i]!;
    carpals.push({
      centre: [spot[0] * size * growth(boneAge), (spot[1] - 6) * size * growth(boneAge)],
      radiusMm: size * Math.min(5.5, 1.5 + (m - appears) * 1.2),
    });
  });
  const tissue = [
    ...bones
      .filter((b) => b.kind !== 'radius' && b.kind !== 'ulna')
      .map((b) => ({ a: b.base, b: b.head, r: b.width * 1.1 + 2.5 * size })),
    { a: [-14 * size, 0] as const, b: [14 * size, 0] as const, r: 22 * size * growth(boneAge) },
    { a: [0, 10 * size] as const, b: [0, forearm] as const, r: 26 * size },
  ];
  return { bones, carpals, tissue };
}
