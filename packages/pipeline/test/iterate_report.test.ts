import { dense, sequential, softmaxCrossEntropy } from '@mlrecipe/nn';
import { adam } from '@mlrecipe/optim';
import { countTensors, createRng, tf, useBackend } from '@mlrecipe/tensor';
import { expect, it } from 'vitest';
import { compareApproaches, iterate, PipelineError, report } from '../src/index.js';

await useBackend('wasm');

/** Three overlapping Gaussian classes: a Bayes error well above zero, so dev has errors to analyse. */
function blobs(rows: number, seed: number, shift = 0) {
  const rng = createRng(seed);
  const y = Int32Array.from({ length: rows }, (_, i) => i % 3);
  const x = Float32Array.from({ length: rows * 2 }, (_, k) => rng.normal(y[Math.floor(k / 2)]! + (k % 2) * shift, 0.6));
  return { x: { values: x, shape: [rows, 2] }, y: { values: y, shape: [rows] } };
}

it('runs one turn of the recipe: evaluation on every split, diagnosis, error analysis, next steps, report', async () => {
  const before = countTensors();
  const turn = await iterate({
    title: 'Blobs, turn 1',
    model: sequential([dense({ units: 16, activation: 'relu' }), dense({ units: 3 })]),
    inputShape: [2],
    // dev and test come from a shifted distribution: a data-mismatch gap the diagnosis must find.
    data: { train: blobs(900, 1), trainDev: blobs(300, 2), dev: blobs(300, 3, 1.2), test: blobs(300, 4, 1.2) },
    loss: softmaxCrossEntropy,
    optimizer: adam({ learningRate: 0.02 }),
    epochs: 4,
    batchSize: 32,
    seed: 5,
    progress: 'none',
    humanLevel: 0.2,
    classNames: ['low', 'mid', 'high'],
    errorAnalysis: { tagger: ({ label, predicted }) => [`${label} taken for ${predicted}`], sample: 50 },
  });
  const { evaluation, diagnosis } = turn;
  expect(Object.keys(evaluation)).toEqual(['train', 'trainDev', 'dev', 'test']);
  // The confusion matrix counts every dev row, and its off-diagonal is the dev error.
  const confusion = evaluation.dev!.confusion!;
  const total = confusion.flat().reduce((a, b) => a + b, 0);
  const wrong = total - confusion.reduce((s, row, i) => s + row[i]!, 0);
  expect(total).toBe(300);
  expect(wrong / total).toBeCloseTo(evaluation.dev!.error, 12);
  expect(diagnosis.dataMismatch).toBeCloseTo(evaluation.dev!.error - evaluation.trainDev!.error, 12);
  expect(diagnosis.focus).toBe('data-mismatch');
  expect(turn.nextSteps[0]).toMatch(/error analysis/i);
  expect(turn.errorAnalysis!.reviewed).toBe(50);
  expect(turn.reviewedDevRows).toHaveLength(50);
  expect(turn.errorAnalysis!.rows.reduce((s, r) => s + r.count, 0)).toBe(50);

  const { markdown, html, plots } = await report(turn);
  expect(Object.keys(plots).sort()).toEqual([
    'confusion-matrix',
    'diagnosis',
    'error-analysis',
    'error-curves',
    'gradient-norms',
    'loss-curves',
    'precision-recall',
    'roc',
  ]);
  // The training-health section: the gradient norm of each layer over the epochs, and the verdicts.
  expect(plots['gradient-norms']).toContain('gradient norm (log scale)');
  expect(html).toContain('<section id="training-health"><h2>Training health</h2>');
  expect(markdown).toMatch(/## Training health\n\n- Healthy in every checked epoch/);
  for (const svg of Object.values(plots)) expect(svg).toMatch(/^<svg[\s\S]*<\/svg>$/);
  // Every count of the confusion matrix is drawn as text in its cell.
  const drawn = [...plots['confusion-matrix']!.matchAll(/<text[^>]*>(\d+)<\/text>/g)].map((m) => Number(m[1]));
  for (const count of confusion.flat()) expect(drawn).toContain(count);
  expect(markdown).toContain('# Blobs, turn 1');
  // Each gap with its interval and whether the data show it: here data mismatch is real, the rest could be 0.
  const gap = diagnosis.gaps['data-mismatch']!;
  expect(markdown).toContain(
    `| data mismatch | ${(100 * diagnosis.dataMismatch!).toFixed(2)} % | ${(100 * gap.low!).toFixed(1)} to ${(100 * gap.high!).toFixed(1)} % | real | dev − train-dev |`,
  );
  expect(gap.low!).toBeGreaterThan(0);
  expect(markdown).toMatch(/\| variance \| [\d.-]+ % \| [\d.-]+ to [\d.-]+ % \| could be 0 \|/);
  expect(markdown).toContain('## What the data support');
  expect(markdown).toMatch(/data mismatch 17\.33 % \(95 % CI 9\.9 to 24\.5 %\): the data show it is real\./);
  expect(html).toContain('<section id="support"><h2>What the data support</h2>');
  // The evaluation table quotes each error with its Wilson interval; the error-level plot draws them as bars.
  const dev = turn.evaluation.dev!;
  expect(markdown).toContain(
    `(95 % CI ${(100 * dev.errorInterval!.low).toFixed(1)} to ${(100 * dev.errorInterval!.high).toFixed(1)} %)`,
  );
  expect(plots.diagnosis).toContain('with 95 % intervals');
  expect(plots.diagnosis).toContain('error rate'); // one axis title, not the three fields' names
  expect(plots.diagnosis).not.toContain('error, low, high');
  expect(html).toContain('<section id="diagnosis">');
  expect(html.match(/<figure class="plot[ "]/g)).toHaveLength(8);
  expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/); // self-contained: no scripts, nothing fetched
  tf.dispose([...Object.values(turn.params), ...Object.values(turn.state)]);
  expect(countTensors()).toBe(before);
});

it('compares approaches over nested training subsets and finds where the curves cross', async () => {
  const data = { train: blobs(1000, 6), test: blobs(200, 7) };
  const seen: number[][] = [];
  // A "component" approach with a fixed error and a "data-hungry" one whose error falls with size.
  const comparison = await compareApproaches({
    approaches: [
      { name: 'components', run: () => ({ trainError: 0.2, testError: 0.25 }) },
      {
        name: 'end-to-end',
        run: ({ train, size }) => {
          seen.push(Array.from(train.y.values as Int32Array));
          return { trainError: 0.05, testError: 2 / Math.sqrt(size) };
        },
      },
    ],
    data,
    sizes: [100, 10, 1000],
    seeds: [1, 2],
  });
  expect(comparison.curves[1]!.points.map((p) => p.size)).toEqual([10, 100, 1000]);
  // 2/√10 = 0.63, 2/√100 = 0.2, 2/√1000 = 0.063: end-to-end overtakes at 100.
  expect(comparison.leaders.map((l) => l.approach)).toEqual(['components', 'end-to-end', 'end-to-end']);
  expect(comparison.crossovers).toEqual([{ size: 100, from: 'components', to: 'end-to-end' }]);
  expect(comparison.curves[0]!.points[0]!.testError).toEqual({ mean: 0.25, std: 0, values: [0.25, 0.25] });
  // Nested subsets: each size extends the smaller one of the same seed.
  expect(seen[1]!.slice(0, 10)).toEqual(seen[0]);
  expect(seen[2]!.slice(0, 100)).toEqual(seen[1]);
  const { plots, markdown, html } = await report({
    title: 'Approaches',
    comparison,
    humanLevel: 0.05,
    tables: [{ title: 'Runs & <sizes>', head: ['approach', 'size'], rows: [['end-to-end', '100']] }],
  });
  // Extra tables appear in both formats, escaped in HTML.
  expect(html).toContain('<section id="table-1"><h2>Runs &amp; &lt;sizes&gt;</h2><table>');
  expect(html).toContain('<td>end-to-end</td><td>100</td>');
  expect(markdown).toContain('## Runs & <sizes>\n\n| approach | size |\n|---|---|\n| end-to-end | 100 |');
  expect(Object.keys(plots)).toEqual(['learning-curves']);
  expect(markdown).toContain('Crossovers: end-to-end overtakes components at 100 examples.');
  await expect(
    compareApproaches({
      approaches: comparison.curves.map(() => ({ name: 'same', run: () => ({ trainError: 0, testError: 0 }) })),
      data,
      sizes: [10],
    }),
  ).rejects.toThrow(PipelineError);
  await expect(
    compareApproaches({
      approaches: [{ name: 'a', run: () => ({ trainError: 0, testError: 0 }) }],
      data,
      sizes: [2000],
    }),
  ).rejects.toThrow(/size 2000 must be an integer from 1 to the 1000 training rows/);
  await expect(report({ title: '' } as never)).rejects.toThrow(/give a title/);
});
