// The recipe in the browser on WebGL: generate pictures, train with a live loss curve, show the
// diagnosis and the error-analysis table, then the full report. Query: ?web=1200&app=300&epochs=3
// Training runs in a worker (worker.ts); this page only draws what it reports, so it answers at once.
import { drawLossChart } from './loss_chart.js';
import type { RunRequest, WorkerMessage } from './messages.js';

const query = new URLSearchParams(location.search);
const setting = (name: string, fallback: number) => Number(query.get(name) ?? fallback);
const $ = (id: string) => document.getElementById(id)!;
const state = {
  backend: '',
  batchLosses: [] as number[],
  epochs: [] as { epoch: number; trainLoss: number; devError: number }[],
  done: false,
  error: '',
  /** Times (ms since page load) at which the "still there?" button was answered: the page stays responsive while training. */
  pings: [] as number[],
};
(window as unknown as { appState: typeof state }).appState = state;

// Redraw at most once per frame, however many losses arrive.
let drawScheduled = false;
function drawLoss(): void {
  if (drawScheduled) return;
  drawScheduled = true;
  requestAnimationFrame(() => {
    drawScheduled = false;
    drawLossChart($('loss') as unknown as SVGSVGElement, state.batchLosses);
  });
}

function show(message: WorkerMessage): void {
  switch (message.type) {
    case 'backend':
      state.backend = message.name;
      $('backend').textContent = `${message.name} (${message.reason})`;
      break;
    case 'status':
      $('status').textContent = message.text;
      break;
    case 'batches':
      state.batchLosses.push(...message.losses);
      drawLoss();
      break;
    case 'epoch':
      state.epochs.push({ epoch: message.epoch, trainLoss: message.trainLoss, devError: message.devError });
      $('epochs').textContent = state.epochs
        .map(
          (e) => `epoch ${e.epoch}: train loss ${e.trainLoss.toFixed(3)}, dev error ${(100 * e.devError).toFixed(1)} %`,
        )
        .join(' · ');
      break;
    case 'done':
      drawLossChart($('loss') as unknown as SVGSVGElement, state.batchLosses);
      $('diagnosis-text').textContent = message.diagnosis;
      $('next-steps').innerHTML = message.nextSteps.map((s) => `<li>${s.replace(/</g, '&lt;')}</li>`).join('');
      $('diagnosis').hidden = false;
      if (message.errorTable) {
        $('error-table').innerHTML = message.errorTable;
        $('error-analysis').hidden = false;
      }
      ($('report-frame') as HTMLIFrameElement).srcdoc = message.reportHtml;
      $('report').hidden = false;
      $('status').textContent = 'done';
      state.done = true;
      break;
    case 'error':
      state.error = message.stack;
      $('status').textContent = `failed: ${message.message}`;
      break;
  }
}

$('ping').addEventListener('click', () => {
  state.pings.push(performance.now());
  $('ping-answer').textContent =
    `answered at ${(performance.now() / 1000).toFixed(1)} s, after ${state.batchLosses.length} batches`;
});
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
worker.onmessage = (event: MessageEvent<WorkerMessage>) => show(event.data);
worker.onerror = (event) => show({ type: 'error', message: event.message, stack: event.message });
const request: RunRequest = {
  backend: query.get('backend') ?? 'webgl',
  web: setting('web', 1200),
  app: setting('app', 300),
  epochs: setting('epochs', 3),
  seed: setting('seed', 1),
};
worker.postMessage(request);
