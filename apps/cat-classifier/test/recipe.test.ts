import { report } from '@mlrecipe/pipeline';
import { countTensors, tf, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { CANDIDATES, TINY } from '../src/candidates.js';
import { recipeSplit, runRecipe } from '../src/recipe.js';
import { reportInput } from '../src/report_input.js';
import { syntheticTrack } from '../src/synthetic_track.js';

await useBackend('wasm');

it('never puts an app picture of dev or test into train, and takes dev and test only from the app', () => {
  const rows = recipeSplit(20_000, 1_000, { seed: 3 });
  const isApp = (r: number) => r >= 20_000;
  expect([...rows.dev, ...rows.test].every(isApp)).toBe(true);
  expect([rows.dev.length, rows.test.length]).toEqual([250, 250]);
  const train = new Set(rows.train);
  const trainDev = new Set(rows.trainDev);
  for (const r of [...rows.dev, ...rows.test]) expect(train.has(r) || trainDev.has(r)).toBe(false);
  expect(new Set([...rows.dev, ...rows.test]).size).toBe(500);
  for (const r of rows.trainDev) expect(train.has(r)).toBe(false);
  // The other half of the app pictures trains (less those drawn into train-dev), with all web pictures.
  const appInTraining = [...rows.train, ...rows.trainDev].filter(isApp).length;
  expect(appInTraining).toBe(500);
  expect(rows.train.length + rows.trainDev.length).toBe(20_500);
  expect(rows.trainDev.length).toBe(2000);
  const withoutApp = recipeSplit(20_000, 1_000, { seed: 3, noAppInTrain: true });
  expect([...withoutApp.train].some(isApp)).toBe(false);
});

const turn = (
  settings: Parameters<typeof syntheticTrack>[0],
  candidate: (typeof CANDIDATES)[number],
  noAppInTrain = false,
  more: Partial<Parameters<typeof runRecipe>[1]> = {},
) =>
  runRecipe(syntheticTrack({ web: 3000, app: 800, seed: 2, ...settings }), {
    candidates: [candidate],
    epochs: 3,
    seed: 2,
    maxLatencyMs: 1000,
    ...more,
    noAppInTrain,
    trainDevSize: 400,
    devShare: 0.4,
    progress: 'none',
  });

it('names data mismatch when the app is harsh and none of its pictures train', async () => {
  const before = countTensors();
  const result = await turn({ appSeverity: 1 }, CANDIDATES[1]!, true);
  const { diagnosis } = result.chosen.iteration;
  expect(diagnosis.focus).toBe('data-mismatch');
  expect(diagnosis.dataMismatch!).toBeGreaterThan(0.1);
  expect(result.chosen.iteration.errorAnalysis!.rows[0]!.tag).toMatch(/blurry|heavy JPEG|off-centre|low light/);
  // The report shows the model choice and misclassified pictures.
  const { html, markdown } = await report(
    reportInput(syntheticTrack({ web: 3000, app: 800, seed: 2, appSeverity: 1 }), result),
  );
  expect(html).toContain('<h2>Model choice: optimise dev F1, satisfice latency</h2>');
  expect(html.match(/<img src="data:image\/png;base64,/g)?.length).toBeGreaterThan(5);
  // The gallery says what each picture is, what the model said and how sure it was.
  expect(markdown).toMatch(/!\[true (cat|not cat), predicted (cat|not cat) \(P = (0\.[5-9]\d|1\.00)\): [a-z]/);
  // Next steps in this app's words: data mismatch is about app pictures, not car noise or speech.
  expect(markdown).toContain('1. Look at misclassified app pictures to see how they differ from web pictures');
  expect(markdown).not.toMatch(/car noise|speech/);
  tf.dispose([...Object.values(result.chosen.iteration.params), ...Object.values(result.chosen.iteration.state)]);
  expect(countTensors()).toBe(before);
}, 120_000);

it('names avoidable bias when the network is shrunk to a linear model on mild app pictures', async () => {
  // A latency bound nothing meets, and a 500-row train-error sample.
  const tiny = await turn({ appSeverity: 0 }, TINY, false, { maxLatencyMs: 1e-6, trainSample: 500 });
  expect(tiny.choice[0]).toMatch(
    /^No candidate met the latency bound of 0\.000001 ms; tiny-linear|^No candidate met the latency bound/,
  );
  const data = syntheticTrack({ web: 3000, app: 800, seed: 2, appSeverity: 0 });
  // selectModel chose nothing; the app reports the fastest and the report says exactly that, first.
  expect(tiny.decision).toBe('fastest-none-within-bound');
  const { markdown, html } = await report(reportInput(data, tiny));
  expect(tiny.chosen.latencyMs).toBeGreaterThan(1e-6);
  expect(markdown).toContain(
    `> **Note:** No candidate met the latency bound of 0.000001 ms per picture (p50), so no model was chosen: this report shows tiny-linear, the fastest (${tiny.chosen.latencyMs.toFixed(2)} ms), which misses the bound too.`,
  );
  expect(markdown).not.toMatch(/among models within the latency bound|\| chosen \|/);
  expect(html).toContain('<td>reported, not chosen: the fastest, and it misses the bound (latencyMs ');
  // The train rows are web pictures first and app pictures last; the sample takes both in their shares.
  const trainRows = recipeSplit(data.webCount, data.appCount, { seed: 2, trainDevSize: 400, devShare: 0.4 }).train;
  const appShare = Array.from(trainRows).filter((r) => r >= data.webCount).length / trainRows.length;
  const sample = Array.from(tiny.chosen.iteration.trainSample);
  const appInSample = sample.filter((i) => trainRows[i]! >= data.webCount).length;
  expect(sample).toHaveLength(500);
  expect(Math.abs(appInSample - 500 * appShare)).toBeLessThanOrEqual(1);
  expect(appInSample).toBeGreaterThan(0);
  const cnn = await turn({ appSeverity: 0 }, CANDIDATES[1]!);
  expect(tiny.chosen.iteration.diagnosis.focus).toBe('avoidable-bias');
  expect(tiny.chosen.iteration.diagnosis.avoidableBias).toBeGreaterThan(
    cnn.chosen.iteration.diagnosis.avoidableBias + 0.05,
  );
  for (const r of [tiny, cnn])
    tf.dispose([...Object.values(r.chosen.iteration.params), ...Object.values(r.chosen.iteration.state)]);
}, 120_000);
