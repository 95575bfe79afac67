// The report's one model: a list of sections, each a title and blocks. Markdown and HTML are two
// renderings of the same list (render_markdown.ts, render_html.ts), so the formats cannot drift.

/** A picture in a report's gallery, e.g. a misclassified dev example, with what the model said. */
export interface ReportImage {
  /** The picture as a data: URL (the report stays one self-contained file). */
  readonly src: string;
  /** What else to know about it, e.g. its error-analysis tags. */
  readonly caption: string;
  /** The true label. */
  readonly label?: string;
  /** The predicted label. */
  readonly predicted?: string;
  /** The model's probability of the predicted label, in [0, 1]. */
  readonly probability?: number;
}

/**
 * One block of a section. Both renderers handle every kind (a switch checked for exhaustiveness),
 * so a block shown in one format is shown in the other.
 */
export type ReportBlock =
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[]; readonly ordered?: boolean }
  | {
      readonly kind: 'table';
      readonly head: readonly string[];
      readonly rows: readonly (readonly string[])[];
      readonly caption?: string;
    }
  /** A plot of the report's `plots`, by name (Markdown links `plots/<name>.svg`; HTML inlines the SVG). */
  | { readonly kind: 'plot'; readonly name: string; readonly title: string }
  /** Things a reader must not miss (notes, the diagnosis' caveats), set apart in both formats. */
  | { readonly kind: 'caveats'; readonly items: readonly string[] }
  | { readonly kind: 'images'; readonly images: readonly ReportImage[] };

/**
 * A section of a report: an id (the HTML anchor), a title (the heading in both formats) and its
 * blocks in order. Pass extra ones to `report` with `ReportInput.sections`.
 *
 * @example
 * const section: ReportSection = { id: 'cv', title: 'Cross-validation', blocks: [{ kind: 'paragraph', text: '5 folds' }] };
 */
export interface ReportSection {
  readonly id: string;
  readonly title: string;
  readonly blocks: readonly ReportBlock[];
}
