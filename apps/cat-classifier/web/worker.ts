// Trains in a Web Worker (WebGL on an OffscreenCanvas) and posts progress to the page. On a GPU the
// training loop's yields already keep a page responsive; with software GL (SwiftShader, as in CI)
// each WebGL call on the page's thread can wait for a whole draw call, so the page stays free by
// leaving the GPU work to a worker — the pattern TensorFlow.js recommends for heavy models.
import '@tensorflow/tfjs-backend-webgl';
import { report } from '@mlrecipe/pipeline';
import { tf, useBackend } from '@mlrecipe/tensor';
import { CANDIDATES } from '../src/candidates.js';
import { runRecipe } from '../src/recipe.js';
import { reportInput } from '../src/report_input.js';
import { syntheticTrack } from '../src/synthetic_track.js';
import type { RunRequest, WorkerMessage } from './messages.js';

const post = (message: WorkerMessage) => (self as unknown as Worker).postMessage(message);

async function run(request: RunRequest): Promise<void> {
  // Programs that take shapes as uniforms: one compiled program per op instead of one per shape.
  tf.env().set('WEBGL_USE_SHAPES_UNIFORMS', true);
  const selection = await useBackend(request.backend as 'webgl');
  post({ type: 'backend', name: selection.name, reason: selection.reason });
  post({ type: 'status', text: 'generating pictures…' });
  const data = syntheticTrack({ web: request.web, app: request.app, seed: request.seed });
  post({ type: 'status', text: 'training…' });
  // Losses go to the page in small groups (one message per group keeps the page's work low).
  let pending: number[] = [];
  const flush = () => {
    if (pending.length > 0) post({ type: 'batches', losses: pending });
    pending = [];
  };
  const result = await runRecipe(data, {
    candidates: [CANDIDATES[1]!],
    epochs: request.epochs,
    seed: request.seed,
    maxLatencyMs: 1000,
    trainDevSize: 200,
    devShare: 0.4,
    progress: 'none',
    onBatch: (loss) => {
      pending.push(loss);
      if (pending.length >= 2) flush();
    },
    onEpochEnd: (r) => {
      flush();
      post({ type: 'epoch', epoch: r.epoch, trainLoss: r.trainLoss, devError: r.devError });
    },
  });
  flush();
  post({ type: 'status', text: 'writing the report…' });
  const turn = result.chosen.iteration;
  const { html } = await report(reportInput(data, result));
  post({
    type: 'done',
    diagnosis: turn.diagnosis.summary,
    nextSteps: turn.nextSteps,
    ...(turn.errorAnalysis ? { errorTable: turn.errorAnalysis.toHTML() } : {}),
    reportHtml: html,
  });
}

self.onmessage = (event: MessageEvent<RunRequest>) => {
  run(event.data).catch((error: unknown) =>
    post({
      type: 'error',
      message: String((error as Error)?.message ?? error),
      stack: String((error as Error)?.stack),
    }),
  );
};
