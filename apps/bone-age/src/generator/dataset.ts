import { createRng } from '@mlrecipe/tensor/rng';
import { buildHand } from './anatomy.js';
import { type FieldOfView, KEYPOINT_NAMES, keypoints, renderHand, sampleAcquisition, viewOf } from './render.js';

/** Bumped whenever the same settings would draw different pixels. */
export const GENERATOR_VERSION = '1.0.0';

export interface HandSettings {
  /** Pictures. */
  readonly count: number;
  /** Image side in pixels. Default 64. */
  readonly size: number;
  /** Per-bone maturity jitter, years (sd): bones of one hand do not all mature alike. Default 1. */
  readonly jitter: number;
  /** Rater label noise, years (sd). Default 0.25. */
  readonly raterNoise: number;
  /** 'fixed': the detector shows absolute size; 'fitted': the hand fills the picture (only maturity cues). */
  readonly fov: FieldOfView;
  /** 'usual', or 'shifted' for a different X-ray machine (noisier, softer, less contrast). */
  readonly machine: 'usual' | 'shifted';
  readonly seed: number;
}

export const DEFAULT_HAND_SETTINGS: HandSettings = {
  count: 1000,
  size: 64,
  jitter: 1,
  raterNoise: 0.25,
  fov: 'fixed',
  machine: 'usual',
  seed: 1,
};

/** Long bones whose maturity the picture shows: radius, ulna, 5 metacarpals, 5 proximal, 4 middle, 5 distal phalanges. */
export const LONG_BONES = 21;

export interface HandDataset {
  /** Bytes [count, size, size, 1]. */
  readonly images: { readonly values: Uint8Array; readonly shape: readonly [number, number, number, 1] };
  /** Bone age as the rater labelled it (years). */
  readonly labels: Float32Array;
  /** Exact ground truth per picture. */
  readonly truth: {
    readonly sex: readonly ('F' | 'M')[];
    readonly age: Float32Array;
    readonly boneAge: Float32Array;
    /** Mean maturity of the long bones: what a perfect measurement of every bone would read. */
    readonly meanMaturity: Float32Array;
    /** Keypoints in pixels [count, K, 2] (see KEYPOINT_NAMES). */
    readonly keypoints: Float32Array;
    readonly carpalCount: Uint8Array;
    /** Third-metacarpal length, mm. */
    readonly metacarpal3Mm: Float32Array;
    /** Epiphysis stage of each long bone [count, 21]: 0 absent, 1 separate, 2 fusing, 3 fused. */
    readonly stages: Uint8Array;
    readonly mmPerPixel: Float32Array;
  };
  readonly meta: {
    readonly synthetic: true;
    readonly generator: 'mlrecipe bone-age procedural hand radiograph generator';
    readonly version: string;
    readonly settings: HandSettings;
    /** The MAE of reading every bone's maturity perfectly (see bayesFloor): the human-level proxy. */
    readonly bayesFloor: number;
    readonly keypointNames: readonly string[];
  };
}

/**
 * The error left when every bone's maturity is measured perfectly: their mean still misses the
 * label by per-bone jitter (averaged over 21 bones) and the rater's noise, a normal error with
 * sd √(jitter²/21 + rater²), whose mean absolute value is sd·√(2/π). A lower bound on Bayes error
 * (pictures show maturity only through discrete stages and lengths).
 */
export function bayesFloor({ jitter, raterNoise }: Pick<HandSettings, 'jitter' | 'raterNoise'>): number {
  return Math.sqrt((jitter * jitter) / LONG_BONES + raterNoise * raterNoise) * Math.sqrt(2 / Math.PI);
}

/** Draws hand radiographs: the same settings and seed give the same bytes everywhere. */
export function generateHands(partial: Partial<HandSettings> = {}): HandDataset {
  const s = checkSettings({ ...DEFAULT_HAND_SETTINGS, ...partial });
  const { count, size } = s;
  const K = KEYPOINT_NAMES.length;
  const values = new Uint8Array(count * size * size);
  const labels = new Float32Array(count);
  const truth = {
    sex: [] as ('F' | 'M')[],
    age: new Float32Array(count),
    boneAge: new Float32Array(count),
    meanMaturity: new Float32Array(count),
    keypoints: new Float32Array(count * K * 2),
    carpalCount: new Uint8Array(count),
    metacarpal3Mm: new Float32Array(count),
    stages: new Uint8Array(count * LONG_BONES),
    mmPerPixel: new Float32Array(count),
  };
  const root = createRng(s.seed).fork(`hands-${GENERATOR_VERSION}`);
  for (let i = 0; i < count; i++) {
    const rng = root.fork(`hand-${i}`);
    const sex = rng.uniform() < 0.5 ? 'F' : 'M';
    const age = rng.uniform(2, 17);
    const boneAge = Math.min(18, Math.max(1, age + rng.normal(0, 0.8)));
    const handScale = (sex === 'M' ? 1 : 0.93) * rng.normal(1, 0.06);
    const hand = buildHand({ boneAge, size: handScale, jitter: s.jitter, rng });
    const acquisition = sampleAcquisition(rng, s.machine === 'shifted');
    const view = viewOf(hand, s.size, s.fov, acquisition);
    const image = renderHand(hand, view, acquisition, rng);
    for (let p = 0; p < image.length; p++) values[i * size * size + p] = Math.round(image[p]! * 255);
    labels[i] = boneAge + rng.normal(0, s.raterNoise);
    truth.sex.push(sex);
    truth.age[i] = age;
    truth.boneAge[i] = boneAge;
    truth.meanMaturity[i] = hand.bones.reduce((a, b) => a + b.maturity, 0) / hand.bones.length;
    keypoints(hand, view).forEach(([x, y], k) => {
      truth.keypoints[(i * K + k) * 2] = x;
      truth.keypoints[(i * K + k) * 2 + 1] = y;
    });
    truth.carpalCount[i] = hand.carpals.length;
    truth.metacarpal3Mm[i] = hand.bones.find((b) => b.name === 'metacarpal 3')!.lengthMm;
    hand.bones.forEach((b, k) => {
      truth.stages[i * LONG_BONES + k] = b.stage;
    });
    truth.mmPerPixel[i] = view.mmPerPixel;
  }
  return {
    images: { values, shape: [count, size, size, 1] },
    labels,
    truth,
    meta: {
      synthetic: true,
      generator: 'mlrecipe bone-age procedural hand radiograph generator',
      version: GENERATOR_VERSION,
      settings: s,
      bayesFloor: bayesFloor(s),
      keypointNames: KEYPOINT_NAMES,
    },
  };
}

export class HandSettingsError extends Error {
  override readonly name = 'HandSettingsError';
}

function checkSettings(s: HandSettings): HandSettings {
  const problems: string[] = [];
  if (!(Number.isInteger(s.count) && s.count >= 1)) problems.push(`count must be a positive integer, got ${s.count}`);
  if (!(Number.isInteger(s.size) && s.size >= 32 && s.size <= 256))
    problems.push(`size must be an integer 32–256, got ${s.size}`);
  if (!(s.jitter >= 0 && s.jitter <= 5)) problems.push(`jitter must be 0–5 years, got ${s.jitter}`);
  if (!(s.raterNoise >= 0 && s.raterNoise <= 5)) problems.push(`raterNoise must be 0–5 years, got ${s.raterNoise}`);
  if (s.fov !== 'fixed' && s.fov !== 'fitted') problems.push(`fov must be 'fixed' or 'fitted', got ${s.fov}`);
  if (s.machine !== 'usual' && s.machine !== 'shifted')
    problems.push(`machine must be 'usual' or 'shifted', got ${s.machine}`);
  if (problems.length > 0) throw new HandSettingsError(`generateHands: ${problems.join('; ')}`);
  return s;
}
