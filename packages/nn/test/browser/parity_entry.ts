// Bundled by browser_parity.test.ts and run in headless Chromium: the nn parity cases on WebGL.
import '@tensorflow/tfjs-backend-webgl';
import { tf, useBackend } from '@mlrecipe/tensor';
import { compareToCpu, type Tolerance } from '@mlrecipe/tensor/parity';
import { NN_PARITY_CASES } from '../parity/nn_parity_cases.js';

// The floors of tensor's browser parity: GLSL's transcendental functions are not correctly rounded
// and sums run in shader order (1e-4 with float32 textures); 16-bit textures round values to ~5e-4.
const FLOAT32_WEBGL: Tolerance = { rtol: 1e-4, atol: 1e-4 };
const FLOAT16_WEBGL: Tolerance = { rtol: 4e-3, atol: 4e-3 };

async function run() {
  const selection = await useBackend('webgl');
  const float32 = tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED');
  const floor = float32 ? FLOAT32_WEBGL : FLOAT16_WEBGL;
  const results = [];
  for (const c of NN_PARITY_CASES) {
    try {
      results.push(await compareToCpu(c, 'webgl', floor, floor));
    } catch (error) {
      results.push({ family: c.family, name: c.name, ok: false, maxAbsError: Number.NaN, detail: String(error) });
    }
  }
  await tf.setBackend('webgl');
  return { backend: tf.getBackend(), selected: selection.name, float32, tensorsLeft: tf.memory().numTensors, results };
}

(window as unknown as { result: Promise<unknown> }).result = run();
