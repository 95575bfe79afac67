// The recipe in the browser on WebGL: generate pictures, train with a live loss curve, show the
// diagnosis and the error-analysis table, then the full report. Query: ?web=1200&app=300&epochs=3
// Bundlers need the optional backend imported statically (useBackend then finds it registered).
import '@tensorflow/tfjs-backend-webgl';
import { report } from '@mlrecipe/pipeline';
import { useBackend } from '@mlrecipe/tensor';
import { CANDIDATES } from '../src/candidates.js';
import { runRecipe } from '../src/recipe.js';
import { reportInput } from '../src/report_input.js';
import { syntheticTrack } from '../src/synthetic_track.js';

const query = new URLSearchParams(location.search);
const setting = (name: string, fallback: number) => Number(query.get(name) ?? fallback);
const $ = (id: string) => document.getElementById(id)!;
const state = {
  backend: '',
  batchLosses: [] as number[],
  epochs: [] as { epoch: number; trainLoss: number; devError: number }[],
  done: false,
  error: '',
};
(window as unknown as { appState: typeof state }).appState = state;

function drawLoss(): void {
  const losses = state.batchLosses;
  const max = Math.max(...losses, 1e-6);
  const points = losses.map((l, i) => `${(640 * i) / Math.max(1, losses.length - 1)},${210 - (200 * l) / max}`);
  $('loss-line').setAttribute('points', points.join(' '));
}

async function main(): Promise<void> {
  const selection = await useBackend((query.get('backend') ?? 'webgl') as 'webgl');
  state.backend = selection.name;
  $('backend').textContent = `${selection.name} (${selection.reason})`;
  $('status').textContent = 'generating pictures…';
  await new Promise((r) => setTimeout(r, 0));
  const data = syntheticTrack({ web: setting('web', 1200), app: setting('app', 300), seed: setting('seed', 1) });
  $('status').textContent = 'training…';
  let batches = 0;
  const result = await runRecipe(data, {
    candidates: [CANDIDATES[1]!],
    epochs: setting('epochs', 3),
    seed: setting('seed', 1),
    maxLatencyMs: 1000,
    trainDevSize: 200,
    devShare: 0.4,
    progress: 'none',
    onBatch: (loss) => {
      state.batchLosses.push(loss);
      if (++batches % 5 === 0) drawLoss();
    },
    onEpochEnd: (r) => {
      state.epochs.push({ epoch: r.epoch, trainLoss: r.trainLoss, devError: r.devError });
      $('epochs').textContent = state.epochs
        .map(
          (e) => `epoch ${e.epoch}: train loss ${e.trainLoss.toFixed(3)}, dev error ${(100 * e.devError).toFixed(1)} %`,
        )
        .join(' · ');
    },
  });
  drawLoss();
  const turn = result.chosen.iteration;
  $('diagnosis-text').textContent = turn.diagnosis.summary;
  $('next-steps').innerHTML = turn.nextSteps.map((s) => `<li>${s.replace(/</g, '&lt;')}</li>`).join('');
  $('diagnosis').hidden = false;
  if (turn.errorAnalysis) {
    $('error-table').innerHTML = turn.errorAnalysis.toHTML();
    $('error-analysis').hidden = false;
  }
  const { html } = await report(reportInput(data, result));
  ($('report-frame') as HTMLIFrameElement).srcdoc = html;
  $('report').hidden = false;
  $('status').textContent = 'done';
  state.done = true;
}

main().catch((error: unknown) => {
  state.error = String((error as Error)?.stack ?? error);
  $('status').textContent = `failed: ${(error as Error).message}`;
});
