import { imageFacts } from './image_facts.js';
import { unreachable } from './render_markdown.js';
import type { ReportBlock, ReportSection } from './section.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

// Charts scale to the page: Vega's SVG has a viewBox, so width 100 % keeps its proportions. Plots
// share a row two by two on a wide page and stack on a narrow one; a chart drawn wider than a column
// takes the whole row; none grows past 1.25 × its drawing size, where its text would be oversized.
const STYLE = `body{font-family:system-ui,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}
caption{text-align:left;font-style:italic;padding:.2em 0}
.caveats{background:#fff6d6;border-left:4px solid #e0b000;padding:.5em .8em .5em 2em}
.plots{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,520px),1fr));gap:1em;margin:.6em 0}
figure.plot{margin:0}figure.plot.wide{grid-column:1/-1}figure.plot svg{display:block;width:100%;height:auto}
.examples{display:flex;flex-wrap:wrap;gap:.4em}.examples figure{margin:0;width:128px;text-align:center;font-size:.75em}
.examples img{width:96px;height:96px;image-rendering:pixelated;border:1px solid #ccc}`;

function block(b: ReportBlock, plots: Readonly<Record<string, string>>): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>${b.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</${tag}>`;
    }
    case 'table':
      return (
        `<table>${b.caption ? `<caption>${escapeHtml(b.caption)}</caption>` : ''}` +
        `<thead><tr>${b.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>` +
        b.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('') +
        '</tbody></table>'
      );
    case 'plot': {
      const svg = plots[b.name] ?? '';
      const drawnPx = Number(/^<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1] ?? 0);
      const wide = drawnPx > 600 ? ' wide' : '';
      const cap = drawnPx > 0 ? ` style="max-width:${Math.round(1.25 * drawnPx)}px"` : '';
      return `<figure class="plot${wide}" data-plot="${escapeHtml(b.name)}"${cap}>${svg}</figure>`;
    }
    case 'caveats':
      return `<ul class="caveats">${b.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
    case 'images':
      return `<div class="examples">${b.images
        .map(
          (image) =>
            `<figure><img src="${escapeHtml(image.src)}" alt="${escapeHtml(imageFacts(image))}"><figcaption>${escapeHtml(imageFacts(image))}</figcaption></figure>`,
        )
        .join('')}</div>`;
    default:
      return unreachable(b);
  }
}

/** Consecutive plot blocks share one responsive grid row. */
function blocks(list: readonly ReportBlock[], plots: Readonly<Record<string, string>>): string {
  const out: string[] = [];
  for (let i = 0; i < list.length; ) {
    if (list[i]!.kind !== 'plot') {
      out.push(block(list[i]!, plots));
      i++;
      continue;
    }
    const row: string[] = [];
    for (; i < list.length && list[i]!.kind === 'plot'; i++) row.push(block(list[i]!, plots));
    out.push(`<div class="plots">${row.join('')}</div>`);
  }
  return out.join('');
}

/** The report as one self-contained page (inline SVG and CSS, no scripts): it opens offline. */
export function renderHtml(
  title: string,
  sections: readonly ReportSection[],
  plots: Readonly<Record<string, string>>,
): string {
  const body = sections.map(
    (s) => `<section id="${escapeHtml(s.id)}"><h2>${escapeHtml(s.title)}</h2>${blocks(s.blocks, plots)}</section>`,
  );
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><h1>${escapeHtml(title)}</h1>\n${body.join('\n')}</body></html>\n`;
}
