import type { ReportImage } from './section.js';

/** "true cat, predicted not cat (P = 0.83): blurry": what a gallery shows under each picture. */
export function imageFacts(image: ReportImage): string {
  const parts: string[] = [];
  if (image.label !== undefined) parts.push(`true ${image.label}`);
  if (image.predicted !== undefined)
    parts.push(
      `predicted ${image.predicted}${image.probability === undefined ? '' : ` (P = ${image.probability.toFixed(2)})`}`,
    );
  const facts = parts.join(', ');
  if (facts === '') return image.caption;
  return image.caption === '' ? facts : `${facts}: ${image.caption}`;
}
