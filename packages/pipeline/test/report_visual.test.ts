// The reports as a reader sees them: each app's report opened in Debian's Chromium (playwright-core
// through browser-runner), screenshotted into test-artifacts/reports/ (kept by CI, ignored by git),
// with assertions on the text the browser drew in the SVG charts: axis titles and legend entries.
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHROMIUM_PATH, withPage } from '@mlrecipe/browser-runner';
import { systemResource } from '@mlrecipe/tensor/testing';
import { describe, expect, it } from 'vitest';
import { type ReportInput, report } from '../src/index.js';
import { writeReport } from '../src/node.js';
import { boneAgeReportInput, catReportInput, speechReportInput } from './fixtures/report_inputs.js';

const ready = systemResource(CHROMIUM_PATH, 'chromium', 'report screenshots');
const ARTIFACTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../test-artifacts/reports');

interface Drawn {
  readonly sections: string[];
  /** Text of each chart's axis titles and legend labels, by plot name. */
  readonly charts: Record<string, { axes: string[]; legend: string[]; widthPx: number }>;
  readonly pageWidthPx: number;
}

/** Writes the report, opens it at `width` px, screenshots the whole page and reads back what was drawn. */
async function open(name: string, input: ReportInput, width = 1280): Promise<Drawn> {
  const dir = join(ARTIFACTS, name);
  await mkdir(dir, { recursive: true });
  const { html } = await writeReport(dir, await report(input));
  return withPage(
    pathToFileURL(html).href,
    async (page, errors) => {
      await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}px.png`), fullPage: true });
      expect(errors).toEqual([]);
      return page.evaluate(() => {
        const texts = (root: Element, selector: string) =>
          Array.from(root.querySelectorAll(selector))
            .map((t) => t.textContent ?? '')
            .filter((t) => t !== '');
        const charts: Record<string, { axes: string[]; legend: string[]; widthPx: number }> = {};
        for (const figure of Array.from(document.querySelectorAll('figure.plot'))) {
          charts[figure.getAttribute('data-plot')!] = {
            axes: texts(figure, '.role-axis-title text'),
            legend: texts(figure, '.role-legend-label text'),
            widthPx: figure.querySelector('svg')!.getBoundingClientRect().width,
          };
        }
        return {
          sections: Array.from(document.querySelectorAll('section > h2')).map((h) => h.textContent ?? ''),
          charts,
          pageWidthPx: document.body.getBoundingClientRect().width,
        };
      });
    },
    { width, height: 900 },
  );
}

describe('reports in Chromium', () => {
  it.runIf(ready)(
    'cat report: axis titles read "error rate", every candidate and human level in the legends, ROC and PR drawn',
    async () => {
      const input = catReportInput();
      const drawn = await open('cat', input);
      expect(drawn.sections).toEqual((await report(input)).sections.map((s) => s.title));
      const errors = drawn.charts['error-curves']!;
      expect(errors.axes).toEqual(['epoch', 'error rate']);
      expect(errors.legend).toEqual(['train', 'train-dev', 'dev', 'human level (Bayes proxy)']);
      // The human-level line is named in the legend, not by a label drawn over the curves.
      const all = Object.values(drawn.charts).flatMap((c) => [...c.axes, ...c.legend]);
      expect(all).not.toContain('error, value');
      const candidates = drawn.charts['candidate-curves']!;
      expect(candidates.legend).toEqual([
        'mlp-64',
        'cnn-small',
        'cnn-augmented',
        'human level (Bayes proxy)',
        'dev',
        'train',
      ]);
      expect(candidates.axes).toEqual(['epoch', 'error rate']);
      expect(drawn.charts.roc!.axes).toEqual(['false-positive rate', 'true-positive rate']);
      expect(drawn.charts.roc!.legend).toEqual(['cat']);
      expect(drawn.charts['precision-recall']!.axes).toEqual(['recall', 'precision']);
      expect(drawn.charts['error-analysis']!.axes).toEqual(['share of reviewed errors']);
      expect(drawn.charts.diagnosis!.axes).toEqual(['error rate']);
    },
  );

  it.runIf(ready)('speech report: one ROC curve per class, in the class order', async () => {
    const drawn = await open('speech', speechReportInput());
    expect(drawn.charts.roc!.legend).toEqual(['a', 'b', 'c', 'd', 'e', 'silence']);
    expect(drawn.charts['error-curves']!.axes).toEqual(['epoch', 'error rate']);
    expect(drawn.charts['confusion-matrix']!.axes).toEqual(['predicted', 'actual']);
    expect(drawn.sections).toContain('Before and after synthesis');
  });

  it.runIf(ready)(
    'bone-age report: learning curves in years, both approaches and human level in the legend; charts scale to the page',
    async () => {
      const wide = await open('bone-age', boneAgeReportInput(), 1280);
      const curves = wide.charts['learning-curves']!;
      expect(curves.axes).toEqual(['training examples', 'dev error']);
      expect(curves.legend).toEqual(['two-step (keypoints, then age)', 'end-to-end', 'human level (Bayes proxy)']);
      // The chart fills its column: wider than its drawing size (830 px) on a 1280 px page,
      // narrower than the viewport on a 600 px one.
      expect(curves.widthPx).toBeGreaterThan(1000);
      const narrow = await open('bone-age', boneAgeReportInput(), 600);
      expect(narrow.charts['learning-curves']!.widthPx).toBeLessThanOrEqual(narrow.pageWidthPx);
      expect(narrow.charts['learning-curves']!.widthPx).toBeLessThan(600);
    },
  );
});
