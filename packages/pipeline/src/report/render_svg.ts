/**
 * Renders a Vega-Lite spec to an SVG string. Vega draws SVG without a DOM or canvas, so the same
 * call works in Node and browsers; it is loaded on first use so that training code never pays for it.
 * (A maintained grammar-of-graphics library: no reason to hand-draw axes and legends.)
 */
export async function renderSvg(spec: Readonly<Record<string, unknown>>): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile(spec as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
