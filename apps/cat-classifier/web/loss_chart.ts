// The live training-loss chart: an SVG line with axes, ticks and labels, redrawn as losses arrive.
const SVG = 'http://www.w3.org/2000/svg';
const size = { width: 640, height: 240, left: 52, right: 12, top: 12, bottom: 40 };

/** Round tick values (1, 2 or 5 × 10^k) covering [0, max]. */
export function ticks(max: number, count = 5): number[] {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  return Array.from({ length: Math.floor(max / step) + 1 }, (_, i) => Number((i * step).toPrecision(6)));
}

function element(name: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Draws `losses` (one per batch) into the SVG `svg`, replacing what was there. */
export function drawLossChart(svg: SVGSVGElement, losses: readonly number[]): void {
  const { width, height, left, right, top, bottom } = size;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const highest = Math.max(...losses.filter(Number.isFinite), 1e-6);
  const yTicks = ticks(highest);
  const yMax = Math.max(yTicks.at(-1)!, highest);
  const xMax = Math.max(losses.length, 2);
  const x = (i: number) => left + (plotWidth * i) / (xMax - 1);
  const y = (v: number) => top + plotHeight * (1 - v / yMax);
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const axes = element('g', { id: 'loss-axes', 'font-size': 11, fill: '#444' });
  axes.append(element('line', { x1: left, x2: left, y1: top, y2: top + plotHeight, stroke: '#888' }));
  axes.append(
    element('line', { x1: left, x2: left + plotWidth, y1: top + plotHeight, y2: top + plotHeight, stroke: '#888' }),
  );
  for (const t of yTicks) {
    axes.append(element('line', { x1: left, x2: left + plotWidth, y1: y(t), y2: y(t), stroke: '#eee' }));
    axes.append(element('text', { x: left - 6, y: y(t) + 4, 'text-anchor': 'end' }, String(t)));
  }
  for (const t of ticks(xMax - 1).filter((t) => t >= 1)) {
    axes.append(element('text', { x: x(t - 1), y: top + plotHeight + 16, 'text-anchor': 'middle' }, String(t)));
  }
  axes.append(element('text', { x: left + plotWidth / 2, y: height - 6, 'text-anchor': 'middle' }, 'mini-batch'));
  axes.append(
    element(
      'text',
      { x: 14, y: top + plotHeight / 2, transform: `rotate(-90 14 ${top + plotHeight / 2})`, 'text-anchor': 'middle' },
      'training loss',
    ),
  );
  const line = element('polyline', {
    id: 'loss-line',
    fill: 'none',
    stroke: '#4c78a8',
    'stroke-width': 1.5,
    points: losses.map((l, i) => `${x(i).toFixed(1)},${y(l).toFixed(1)}`).join(' '),
  });
  svg.replaceChildren(axes, line);
}
