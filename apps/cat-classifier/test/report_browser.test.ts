// The cat report built by the app's own wiring (runRecipe → reportInput → report) from a small
// seeded run, opened in Debian's Chromium: a screenshot kept in test-artifacts/reports/ and the
// text the browser drew in its charts and gallery checked.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_PATH, withPage } from '@mlrecipe/browser-runner';
import { report } from '@mlrecipe/pipeline';
import { writeReport } from '@mlrecipe/pipeline/node';
import { countTensors, tf, useBackend } from '@mlrecipe/tensor';
import { systemResource } from '@mlrecipe/tensor/testing';
import { expect, it } from 'vitest';
import { CANDIDATES, TINY } from '../src/candidates.js';
import { runRecipe } from '../src/recipe.js';
import { reportInput } from '../src/report_input.js';
import { syntheticTrack } from '../src/synthetic_track.js';

await useBackend('wasm');
const ready = systemResource(CHROMIUM_PATH, 'chromium', 'cat report in Chromium');
const ARTIFACTS = resolve(import.meta.dirname, '../../../test-artifacts/reports');

it.runIf(ready)(
  'the cat report of a seeded run shows both candidates, axis titles, human level in the legend and the gallery facts',
  async () => {
    const before = countTensors();
    const data = syntheticTrack({ web: 1500, app: 400, seed: 4, appSeverity: 1 });
    const result = await runRecipe(data, {
      candidates: [CANDIDATES[0]!, TINY],
      epochs: 2,
      seed: 4,
      maxLatencyMs: 1000,
      trainDevSize: 200,
      devShare: 0.4,
      progress: 'none',
    });
    tf.dispose([...Object.values(result.chosen.iteration.params), ...Object.values(result.chosen.iteration.state)]);
    expect(countTensors()).toBe(before);
    const { html } = await writeReport(join(ARTIFACTS, 'cat-app'), await report(reportInput(data, result)));
    const seen = await withPage(
      pathToFileURL(html).href,
      async (page, errors) => {
        await page.screenshot({ path: join(ARTIFACTS, 'cat-app-1280px.png'), fullPage: true });
        const texts = (selector: string) =>
          page.$$eval(selector, (nodes) => nodes.map((n) => n.textContent ?? '').filter((t) => t !== ''));
        return {
          errors: [...errors],
          candidateLegend: await texts('figure[data-plot="candidate-curves"] .role-legend-label text'),
          errorAxes: await texts('figure[data-plot="error-curves"] .role-axis-title text'),
          errorLegend: await texts('figure[data-plot="error-curves"] .role-legend-label text'),
          rocLegend: await texts('figure[data-plot="roc"] .role-legend-label text'),
          gallery: await texts('#examples figcaption'),
          nextSteps: await texts('#next-steps li'),
        };
      },
      { width: 1280, height: 900 },
    );
    expect(seen.errors).toEqual([]);
    expect(seen.candidateLegend.slice(0, 3)).toEqual(['mlp-64', 'tiny-linear', 'human level (Bayes proxy)']);
    expect(seen.errorAxes).toEqual(['epoch', 'error rate']);
    expect(seen.errorLegend).toEqual(['train', 'train-dev', 'dev', 'human level (Bayes proxy)']);
    expect(seen.rocLegend).toEqual(['cat']);
    expect(seen.gallery.length).toBeGreaterThan(3);
    for (const caption of seen.gallery)
      expect(caption).toMatch(/^true (cat|not cat), predicted (cat|not cat) \(P = (0\.[5-9]\d|1\.00)\)/);
    expect(seen.nextSteps.join(' ')).not.toMatch(/car noise|speech/);
  },
  240_000,
);
