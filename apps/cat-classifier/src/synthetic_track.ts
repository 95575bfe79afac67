import type { PictureTags } from './generator/generate.js';
import { type CatSettings, generateCats } from './generator/generate.js';
import type { MismatchData } from './mismatch_data.js';

/** The error-analysis categories of a picture, from its ground truth. */
export function categories(t: PictureTags): string[] {
  const tags: string[] = [];
  if (t.kind === 'dog') tags.push(t.hardDog ? 'dog (cat-like)' : 'dog');
  if (t.kind === 'great-cat') tags.push('great cat');
  if (t.kind === 'other') tags.push('other object');
  if (t.kind === 'cat') tags.push('cat');
  if (t.blur !== 'none') tags.push('blurry');
  if (t.filter !== null) tags.push('filter');
  if (t.lowLight) tags.push('low light');
  if (t.occluded) tags.push('occluded');
  if (t.offCentre) tags.push('off-centre');
  if (t.jpegQuality !== null && t.jpegQuality < 25) tags.push('heavy JPEG');
  if (t.labelFlipped) tags.push('mislabeled');
  return tags;
}

/** The synthetic cat track: procedural web and app pictures with exact ground truth. */
export function syntheticTrack(
  settings: Partial<CatSettings>,
  onProgress?: (done: number, total: number) => void,
): MismatchData {
  const data = generateCats(settings, onProgress);
  const s = data.meta.settings;
  return {
    taskName: 'cat vs not-cat (SYNTHETIC pictures)',
    classNames: ['not cat', 'cat'],
    images: data.images,
    labels: data.labels,
    webCount: s.web,
    appCount: s.app,
    tags: data.tags.map(categories),
    humanLevel: {
      value: data.meta.bayesFloor,
      reason:
        `the generator's irreducible error: ${(100 * s.labelNoise).toFixed(1)} % flipped labels plus cat-like dogs ` +
        `(${(100 * s.hardDogShare).toFixed(0)} % of dogs) that no one can tell from cats; blur on app pictures adds more, ` +
        'so a person would do a little worse on those',
    },
    notes: [
      `All pictures are SYNTHETIC, drawn by ${data.meta.generator} v${data.meta.version} with ${JSON.stringify(s)}. ` +
        'Web pictures are sharp and centred; app pictures are blurred, dark, JPEG-compressed, filtered and off-centre.',
    ],
  };
}
