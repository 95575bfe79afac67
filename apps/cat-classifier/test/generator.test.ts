import jpeg from 'jpeg-js';
import { expect, it } from 'vitest';
import { bayesFloor, CatSettingsError, generateCats, KIND_SHARES } from '../src/generator/generate.js';
import { jpegArtefacts, quantTable } from '../src/generator/jpeg_artefacts.js';

const small = { web: 1500, app: 500, seed: 9 };

it('draws the same bytes for the same seed, and different ones for another seed', () => {
  const a = generateCats({ web: 40, app: 20, seed: 1 });
  const b = generateCats({ web: 40, app: 20, seed: 1 });
  const c = generateCats({ web: 40, app: 20, seed: 2 });
  expect(a.images.values).toEqual(b.images.values);
  expect(a.tags).toEqual(b.tags);
  expect(a.images.values).not.toEqual(c.images.values);
  expect(a.images.shape).toEqual([60, 32, 32, 3]);
  expect(a.meta).toMatchObject({ synthetic: true, version: '1.1.0', settings: { web: 40, app: 20, seed: 1 } });
});

it('labels cats 1 and everything else 0, except the flipped labels its tags name', () => {
  const clean = generateCats({ ...small, labelNoise: 0 });
  for (const [i, t] of clean.tags.entries()) expect(clean.labels[i]).toBe(t.kind === 'cat' ? 1 : 0);
  const noisy = generateCats({ ...small, labelNoise: 0.2 });
  let flipped = 0;
  noisy.tags.forEach((t, i) => {
    expect(noisy.labels[i]).toBe((t.kind === 'cat') !== t.labelFlipped ? 1 : 0);
    if (t.labelFlipped) flipped++;
  });
  // Binomial(2000, 0.2): mean 400, sd 17.9; allow 4 sd.
  expect(Math.abs(flipped - 400)).toBeLessThan(72);
});

it('draws kinds in their shares, hard dogs only among dogs, and degradations only on app pictures', () => {
  const d = generateCats({ ...small, hardDogShare: 0.3 });
  const count = (f: (t: (typeof d.tags)[number]) => boolean) => d.tags.filter(f).length;
  for (const [kind, share] of Object.entries(KIND_SHARES)) {
    const sd = Math.sqrt(2000 * share * (1 - share));
    expect(Math.abs(count((t) => t.kind === kind) - 2000 * share)).toBeLessThan(4 * sd);
  }
  expect(count((t) => t.hardDog && t.kind !== 'dog')).toBe(0);
  const dogs = count((t) => t.kind === 'dog');
  expect(Math.abs(count((t) => t.hardDog) / dogs - 0.3)).toBeLessThan(4 * Math.sqrt((0.3 * 0.7) / dogs));
  const web = d.tags.slice(0, 1500);
  expect(
    web.every(
      (t) =>
        t.source === 'web' &&
        t.blur === 'none' &&
        t.filter === null &&
        !t.lowLight &&
        t.jpegQuality === null &&
        !t.offCentre,
    ),
  ).toBe(true);
  const app = d.tags.slice(1500);
  expect(app.every((t) => t.source === 'app' && t.jpegQuality !== null)).toBe(true);
  expect(app.filter((t) => t.blur !== 'none').length).toBeGreaterThan(100);
});

it('tags match the pixels: grayscale-filtered pictures are grey, blurred ones lose edges, dark ones are dark', () => {
  const d = generateCats({ web: 0, app: 1500, seed: 4, appSeverity: 1 });
  const px = 32 * 32 * 3;
  const picture = (i: number) => d.images.values.subarray(i * px, (i + 1) * px);
  const grey = d.tags.flatMap((t, i) => (t.filter === 'grayscale' ? [i] : []));
  expect(grey.length).toBeGreaterThan(10);
  for (const i of grey) {
    const p = picture(i);
    for (let k = 0; k < p.length; k += 3) expect(Math.abs(p[k]! - p[k + 1]!)).toBeLessThanOrEqual(2);
  }
  // Mean absolute horizontal gradient: an edge measure that blur lowers.
  const edges = (i: number) => {
    const p = picture(i);
    let s = 0;
    for (let y = 0; y < 32; y++)
      for (let x = 1; x < 32; x++) s += Math.abs(p[(y * 32 + x) * 3]! - p[(y * 32 + x - 1) * 3]!);
    return s / (32 * 31);
  };
  const mean = (rows: number[], f: (i: number) => number) => rows.reduce((s, i) => s + f(i), 0) / rows.length;
  const plain = d.tags.flatMap((t, i) => (t.blur === 'none' && !t.lowLight && t.filter === null ? [i] : []));
  const strong = d.tags.flatMap((t, i) => (t.blur === 'strong' && !t.lowLight && t.filter === null ? [i] : []));
  expect(mean(strong, edges)).toBeLessThan(0.75 * mean(plain, edges));
  const brightness = (i: number) => picture(i).reduce((s, v) => s + v, 0) / px;
  const dark = d.tags.flatMap((t, i) => (t.lowLight && t.filter === null ? [i] : []));
  expect(mean(dark, brightness)).toBeLessThan(0.75 * mean(plain, brightness));
});

it('computes the Bayes floor from label noise and hard dogs', () => {
  // noise + (1 − 2·noise)·P(dog)·hardDogShare = 0.02 + 0.96 · 0.25 · 0.1
  expect(bayesFloor({ labelNoise: 0.02, hardDogShare: 0.1 })).toBeCloseTo(0.044, 12);
  expect(bayesFloor({ labelNoise: 0, hardDogShare: 0 })).toBe(0);
});

it('rejects settings that make no sense', () => {
  expect(() => generateCats({ web: 0, app: 0 })).toThrow(CatSettingsError);
  expect(() => generateCats({ labelNoise: 0.6 })).toThrow(/labelNoise 0.6 would flip most labels/);
  expect(() => generateCats({ size: 8 })).toThrow(/size must be an integer 16–256, got 8/);
});

it('applies the lossy steps of JPEG as jpeg-js does (IJG tables, 4:4:4)', () => {
  // libjpeg's jpeg_quality_scaling: quality 50 keeps the Annex K table; quality 10 scales it by 5.
  expect(quantTable([16, 11], 50)).toEqual(Float64Array.of(16, 11));
  expect(quantTable([16, 11], 10)).toEqual(Float64Array.of(80, 55));
  const pixels = generateCats({ web: 1, app: 0, seed: 5 }).images.values;
  const ours = Float32Array.from(pixels, (v) => v / 255);
  jpegArtefacts(ours, 32, 30);
  const rgba = new Uint8Array(32 * 32 * 4);
  for (let p = 0; p < 1024; p++) {
    rgba.set(pixels.subarray(p * 3, p * 3 + 3), p * 4);
    rgba[p * 4 + 3] = 255;
  }
  const decoded = jpeg.decode(jpeg.encode({ data: rgba, width: 32, height: 32 }, 30).data, { useTArray: true });
  let fromReference = 0;
  let fromOriginal = 0;
  for (let p = 0; p < 1024; p++)
    for (let c = 0; c < 3; c++) {
      fromReference += Math.abs(Math.round(ours[p * 3 + c]! * 255) - decoded.data[p * 4 + c]!);
      fromOriginal += Math.abs(pixels[p * 3 + c]! - decoded.data[p * 4 + c]!);
    }
  // The artefacts are real (the decoded picture differs from the original) and ours match jpeg-js's.
  // (Rounding differs: jpeg-js uses the AAN fast DCT, we an exact one; both within a level or two.)
  expect(fromOriginal / 3072).toBeGreaterThan(3);
  expect(fromReference / 3072).toBeLessThan(1.5);
  expect(fromReference).toBeLessThan(0.3 * fromOriginal);
});
