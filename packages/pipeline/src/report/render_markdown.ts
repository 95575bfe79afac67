import { imageFacts } from './image_facts.js';
import type { ReportBlock, ReportSection } from './section.js';

// A pipe or a line break inside a cell would end the cell or the row.
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${head.map(cell).join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

function block(b: ReportBlock): string {
  switch (b.kind) {
    case 'paragraph':
      return b.text;
    case 'list':
      return b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : '-'} ${item}`).join('\n');
    case 'table':
      return b.caption ? `${b.caption}\n\n${table(b.head, b.rows)}` : table(b.head, b.rows);
    case 'plot':
      return `![${b.title}](plots/${b.name}.svg)`;
    case 'caveats':
      return b.items.map((item) => `> **Note:** ${item}`).join('\n>\n');
    case 'images':
      return b.images.map((image) => `- ![${imageFacts(image)}](${image.src}) ${imageFacts(image)}`).join('\n');
    default:
      return unreachable(b);
  }
}

/** The report as Markdown: the title, then each section's heading and blocks. */
export function renderMarkdown(title: string, sections: readonly ReportSection[]): string {
  const out = [`# ${title}`, ''];
  for (const s of sections) {
    out.push(`## ${s.title}`, '');
    for (const b of s.blocks) out.push(block(b), '');
  }
  return out.join('\n');
}

/** Fails to compile when a block kind is added and a renderer forgets it. */
export function unreachable(b: never): never {
  throw new Error(`report: unknown block ${JSON.stringify(b)}`);
}
