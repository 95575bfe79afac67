/** A Vega-Lite spec. */
export type Spec = Record<string, unknown>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** What every plot shares. The drawing size only sets the proportions: the HTML scales each SVG (it has a viewBox) to its column. */
export const base = (title: string, extra: Spec): Spec => ({
  $schema: SCHEMA,
  title,
  width: 520,
  height: 280,
  background: 'white',
  config: { font: 'sans-serif' },
  ...extra,
});
