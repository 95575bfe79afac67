import { encode } from 'fast-png';

/**
 * A PNG data: URL of an RGB picture ([size, size, 3] bytes), enlarged `zoom`× by pixel repetition
 * so small pictures stay visible in a report. fast-png: maintained, pure JS, Node and browsers.
 */
export function pngDataUrl(rgb: Uint8Array, width: number, height: number, zoom = 1): string {
  const w = width * zoom;
  const h = height * zoom;
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const from = (Math.floor(y / zoom) * width + Math.floor(x / zoom)) * 3;
      data.set(rgb.subarray(from, from + 3), (y * w + x) * 3);
    }
  const png = encode({ width: w, height: h, data, channels: 3, depth: 8 });
  let binary = '';
  for (let i = 0; i < png.length; i++) binary += String.fromCharCode(png[i]!);
  return `data:image/png;base64,${btoa(binary)}`;
}
