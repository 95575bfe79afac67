// The acceptance run: a Fashion-MNIST subset split, trained with Adam + learning-rate decay + L2 +
// dropout, evaluated, diagnosed, error-analysed and reported; the HTML report is opened in Debian's
// headless Chromium, checked through the DOM, and a screenshot is kept in test-results/.
import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_PATH, withPage } from '@mlrecipe/browser-runner';
import { splitIndices, takeRows } from '@mlrecipe/data';
import { FASHION_MNIST_CLASSES, FASHION_MNIST_DIR, loadFashionMnist } from '@mlrecipe/data/node';
import { f1Score } from '@mlrecipe/metrics';
import { dense, dropout, sequential, softmaxCrossEntropy } from '@mlrecipe/nn';
import { adam, inverseTimeDecay } from '@mlrecipe/optim';
import { l2 } from '@mlrecipe/regularizers';
import { countTensors, createRng, tf, useBackend } from '@mlrecipe/tensor';
import { systemResource } from '@mlrecipe/tensor/testing';
import { expect, it } from 'vitest';
import { iterate, report, scheduled } from '../src/index.js';
import { writeReport } from '../src/node.js';

const CLASSES = FASHION_MNIST_CLASSES;
const ready =
  systemResource(FASHION_MNIST_DIR, 'dataset-fashion-mnist', 'Fashion-MNIST end-to-end test') &&
  systemResource(CHROMIUM_PATH, 'chromium', 'Fashion-MNIST report in Chromium');

it.runIf(ready)(
  'splits, trains, evaluates, diagnoses and reports a Fashion-MNIST subset; the report renders in Chromium',
  async () => {
    await useBackend('wasm');
    const before = countTensors();
    const { train: source } = await loadFashionMnist();
    const rows = 6000;
    const images = takeRows(
      source.images,
      Uint32Array.from({ length: rows }, (_, i) => i),
    );
    const labels = Int32Array.from(source.labels.subarray(0, rows));
    const split = splitIndices(rows, { sizes: { dev: 1000, test: 1000 }, stratify: labels, seed: 1 });
    // A train-dev set: 500 training-distribution rows held out from training.
    const shuffled = createRng(2).shuffle(Uint32Array.from(split.train));
    const part = (indices: ArrayLike<number>) => ({
      x: takeRows(images, indices),
      y: { values: Int32Array.from(indices, (i) => labels[i]!), shape: [indices.length] },
    });
    const data = {
      train: part(shuffled.subarray(500)),
      trainDev: part(shuffled.subarray(0, 500)),
      dev: part(split.dev),
      test: part(split.test),
    };
    const turn = await iterate({
      title: 'Fashion-MNIST subset (6,000 real images), turn 1',
      model: sequential([dense({ units: 128, activation: 'relu' }), dropout({ keepProb: 0.8 }), dense({ units: 10 })]),
      inputShape: [784],
      data,
      transformX: (v) => v.map((p) => p / 255),
      loss: softmaxCrossEntropy,
      optimizer: scheduled(inverseTimeDecay({ initial: 2e-3, decayRate: 0.2 }), (learningRate) =>
        adam({ learningRate }),
      ),
      regularizers: [l2({ lambda: 0.5 })],
      metrics: { macroF1: (t, p) => f1Score(t, p, { average: 'macro' }) },
      epochs: 5,
      batchSize: 64,
      seed: 3,
      progress: 'none',
      // Zalando's human benchmark on Fashion-MNIST: 83.5 % accuracy (github.com/zalandoresearch/fashion-mnist).
      humanLevel: 0.165,
      classNames: CLASSES,
      errorAnalysis: { tagger: ({ label, predicted }) => [`${CLASSES[label]} taken for ${CLASSES[predicted]}`] },
      notes: ['Real images: the first 6,000 of the Fashion-MNIST training file.'],
    });
    const { evaluation } = turn;
    expect(evaluation.dev!.error).toBeLessThan(0.2); // an MLP on 4,000 images reaches 15–17 % here
    expect(evaluation.dev!.metrics.macroF1).toBeGreaterThan(0.75);
    expect(turn.history.map((r) => r.learningRate)).toEqual([1, 2, 3, 4, 5].map((e) => 2e-3 / (1 + 0.2 * e)));
    expect(turn.errorAnalysis!.reviewed).toBe(100);

    const dir = mkdtempSync(join(tmpdir(), 'fashion-report-'));
    const written = await writeReport(dir, await report(turn));
    const artefacts = join(import.meta.dirname, '..', 'test-results');
    mkdirSync(artefacts, { recursive: true });
    const screenshot = join(artefacts, 'fashion-report.png');
    const seen = await withPage(pathToFileURL(written.html).href, async (page, errors) => {
      await page.screenshot({ path: screenshot, fullPage: true });
      return {
        errors: [...errors],
        plots: await page.$$eval('figure.plot', (figures) =>
          figures.map((f) => {
            const box = f.querySelector('svg')!.getBoundingClientRect();
            return {
              name: f.getAttribute('data-plot'),
              width: box.width,
              height: box.height,
              marks: f.querySelectorAll('path, rect').length,
            };
          }),
        ),
        focus: (await page.textContent('#diagnosis p'))?.match(/^Focus: ([\w-]+)\./)?.[1],
        errorRows: await page.$$eval('#error-analysis table tbody tr', (trs) => trs.length),
        confusionCells: await page.$$eval('figure[data-plot="confusion-matrix"] text', (texts) => texts.length),
      };
    });
    expect(seen.errors).toEqual([]);
    expect(seen.plots.map((p) => p.name).sort()).toEqual([
      'confusion-matrix',
      'diagnosis',
      'error-analysis',
      'error-curves',
      'gradient-norms',
      'loss-curves',
      'precision-recall',
      'roc',
    ]);
    for (const plot of seen.plots) {
      expect(plot.width).toBeGreaterThan(150);
      expect(plot.height).toBeGreaterThan(80);
      expect(plot.marks).toBeGreaterThan(3);
    }
    expect(seen.focus).toBe(turn.diagnosis.focus);
    expect(seen.errorRows).toBe(turn.errorAnalysis!.rows.length);
    expect(seen.confusionCells).toBeGreaterThanOrEqual(100); // 10 × 10 counts plus axis labels
    expect(statSync(screenshot).size).toBeGreaterThan(30_000);
    tf.dispose([...Object.values(turn.params), ...Object.values(turn.state)]);
    expect(countTensors()).toBe(before);
  },
  180_000,
);
