import { createRng, type Rng } from '@mlrecipe/tensor/rng';
import { appDegrade, type Blur, type Filter } from './acquisition.js';
import { box, Raster } from './raster.js';
import { DRAW, drawBackground, type Kind } from './subjects.js';

/** Bumped whenever the same settings would draw different pixels. */
export const GENERATOR_VERSION = '1.1.0';

export interface CatSettings {
  /** Image side in pixels. Default 32. */
  readonly size: number;
  /** Pictures from the web (sharp, centred): the large training source. Default 20,000 (the course's 200,000 scaled down 10×). */
  readonly web: number;
  /** Pictures from the mobile app (what users upload): the distribution that matters. Default 1,000 (10,000 / 10). */
  readonly app: number;
  /** Share of dogs drawn exactly like cats: the pixels cannot tell them apart. Default 0.1. */
  readonly hardDogShare: number;
  /** Share of labels flipped by a careless labeller. Default 0.02. */
  readonly labelNoise: number;
  /** How badly the app degrades pictures, 0–1. Default 0.6. */
  readonly appSeverity: number;
  readonly seed: number;
}

export const DEFAULT_SETTINGS: CatSettings = {
  size: 32,
  web: 20_000,
  app: 1_000,
  hardDogShare: 0.1,
  labelNoise: 0.02,
  appSeverity: 0.6,
  seed: 1,
};

/** The course's full sizes: 200,000 web and 10,000 app pictures. */
export const FULL_SIZES = { web: 200_000, app: 10_000 } as const;

/** What is in the scene, in what share. */
export const KIND_SHARES: Readonly<Record<Kind, number>> = { cat: 0.5, dog: 0.25, 'great-cat': 0.1, other: 0.15 };

/** Ground truth of one picture: everything error analysis may ask about it. */
export interface PictureTags {
  readonly source: 'web' | 'app';
  readonly kind: Kind;
  /** A dog drawn exactly like a cat. */
  readonly hardDog: boolean;
  readonly blur: Blur;
  readonly filter: Filter | null;
  readonly lowLight: boolean;
  readonly jpegQuality: number | null;
  readonly occluded: boolean;
  readonly offCentre: boolean;
  /** The label says the opposite of what the picture shows. */
  readonly labelFlipped: boolean;
}

export interface CatDataset {
  /** Bytes [n, size, size, 3]: web pictures first, then app pictures. */
  readonly images: { readonly values: Uint8Array; readonly shape: readonly [number, number, number, 3] };
  /** 1 = cat, 0 = not a cat (dogs, great cats, other objects), as labelled (label noise included). */
  readonly labels: Uint8Array;
  readonly tags: readonly PictureTags[];
  readonly meta: {
    readonly synthetic: true;
    readonly generator: 'mlrecipe cat-classifier procedural generator';
    readonly version: string;
    readonly settings: CatSettings;
    /** The error no model can avoid: label noise plus hard dogs (see bayesFloor). */
    readonly bayesFloor: number;
  };
}

/**
 * The error a perfect model still makes on these settings: flipped labels, plus hard dogs (which
 * look like cats, so the best guess is "cat"): noise + (1 − 2·noise) · P(dog) · hardDogShare.
 * App degradations (strong blur at 32 px) add more that this does not count.
 */
export function bayesFloor(settings: Pick<CatSettings, 'labelNoise' | 'hardDogShare'>): number {
  return settings.labelNoise + (1 - 2 * settings.labelNoise) * KIND_SHARES.dog * settings.hardDogShare;
}

/** Draws the dataset: same settings and seed, same bytes, in Node and browsers. */
export function generateCats(
  partial: Partial<CatSettings> = {},
  onProgress?: (done: number, total: number) => void,
): CatDataset {
  const settings = checkSettings({ ...DEFAULT_SETTINGS, ...partial });
  const { size, web, app } = settings;
  const total = web + app;
  const values = new Uint8Array(total * size * size * 3);
  const labels = new Uint8Array(total);
  const tags: PictureTags[] = [];
  const root = createRng(settings.seed).fork(`cats-${GENERATOR_VERSION}`);
  for (let i = 0; i < total; i++) {
    const source = i < web ? 'web' : 'app';
    const { pixels, tags: t, label } = drawPicture(settings, source, root.fork(`${source}-${i}`));
    values.set(pixels, i * size * size * 3);
    labels[i] = label;
    tags.push(t);
    if (onProgress && (i + 1) % 1000 === 0) onProgress(i + 1, total);
  }
  return {
    images: { values, shape: [total, size, size, 3] },
    labels,
    tags,
    meta: {
      synthetic: true,
      generator: 'mlrecipe cat-classifier procedural generator',
      version: GENERATOR_VERSION,
      settings,
      bayesFloor: bayesFloor(settings),
    },
  };
}

function drawPicture(settings: CatSettings, source: 'web' | 'app', rng: Rng) {
  const { size } = settings;
  const kind = pickKind(rng.uniform());
  const hardDog = kind === 'dog' && rng.uniform() < settings.hardDogShare;
  const raster = new Raster(size, size);
  const isApp = source === 'app';
  // Severity 0 makes app pictures look like web ones; 1 gives the worst framing and lighting.
  const severity = isApp ? settings.appSeverity : 0;
  drawBackground(raster, rng, 1 - 0.1 * severity);
  const offCentre = isApp && rng.uniform() < 0.5 * settings.appSeverity;
  const spread = offCentre ? 0.25 : 0.03;
  const at = {
    cx: size * (0.5 + rng.uniform(-spread, spread)),
    cy: size * (0.45 + rng.uniform(-spread, spread)),
    scale: size * rng.uniform(0.23 - 0.07 * severity, 0.29 + 0.02 * severity),
    angle: rng.uniform(-0.12 - 0.4 * severity, 0.12 + 0.4 * severity),
  };
  DRAW[hardDog ? 'cat' : kind](raster, at, rng);
  const occluded = rng.uniform() < 0.05 + 0.2 * severity;
  if (occluded) {
    const side = rng.uniform(0.25, 0.45);
    const spot = { cx: size * rng.uniform(0.2, 0.8), cy: size * rng.uniform(0.2, 0.8), scale: size, angle: 0 };
    raster.fill(box(0, 0, side / 2, side / 2), spot, [rng.uniform(), rng.uniform(), rng.uniform()]);
  }
  const degradation = isApp
    ? appDegrade(raster.data, size, settings.appSeverity, rng)
    : { blur: 'none' as const, filter: null, lowLight: false, jpegQuality: null };
  const labelFlipped = rng.uniform() < settings.labelNoise;
  const isCat = kind === 'cat' ? 1 : 0;
  return {
    pixels: raster.toBytes(),
    label: labelFlipped ? 1 - isCat : isCat,
    tags: { source, kind, hardDog, ...degradation, occluded, offCentre, labelFlipped } satisfies PictureTags,
  };
}

function pickKind(u: number): Kind {
  let cumulative = 0;
  for (const [kind, share] of Object.entries(KIND_SHARES) as [Kind, number][]) {
    cumulative += share;
    if (u < cumulative) return kind;
  }
  return 'other';
}

function checkSettings(s: CatSettings): CatSettings {
  const problems: string[] = [];
  if (!(Number.isInteger(s.size) && s.size >= 16 && s.size <= 256))
    problems.push(`size must be an integer 16–256, got ${s.size}`);
  for (const key of ['web', 'app'] as const)
    if (!(Number.isInteger(s[key]) && s[key] >= 0))
      problems.push(`${key} must be a whole number of pictures, got ${s[key]}`);
  if (s.web + s.app === 0) problems.push('web + app is 0: nothing to draw');
  for (const key of ['hardDogShare', 'labelNoise', 'appSeverity'] as const)
    if (!(s[key] >= 0 && s[key] <= 1)) problems.push(`${key} must be in [0, 1], got ${s[key]}`);
  if (s.labelNoise >= 0.5) problems.push(`labelNoise ${s.labelNoise} would flip most labels; keep it below 0.5`);
  if (problems.length > 0) throw new CatSettingsError(`generateCats: ${problems.join('; ')}`);
  return s;
}

export class CatSettingsError extends Error {
  override readonly name = 'CatSettingsError';
}
