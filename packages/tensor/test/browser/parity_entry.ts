// Bundled by browser_parity.test.ts and run in headless Chromium: the parity cases on WebGL.
import '@tensorflow/tfjs-backend-webgl';
import { tf, useBackend } from '../../src/index.js';
import { compareToCpu, type Tolerance } from '../../src/testing/parity.js';
import { PARITY_CASES } from '../../src/testing/parity_cases.js';

// WebGL computes in GLSL: transcendental functions (exp, log, tanh) are not correctly rounded
// (GLSL ES 3.0 allows errors of several ulp, more near 0 for log), and sums run in shader order.
// With float32 textures 1e-4 relative / 1e-4 absolute covers that; with 16-bit textures (10-bit
// mantissa, ε = 9.8e-4) values themselves are rounded to ~5e-4 relative, so 4e-3 / 4e-3.
const FLOAT32_WEBGL: Tolerance = { rtol: 1e-4, atol: 1e-4 };
const FLOAT16_WEBGL: Tolerance = { rtol: 4e-3, atol: 4e-3 };

async function run() {
  const selection = await useBackend('webgl');
  const float32 = tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED');
  const gl = (tf.backend() as unknown as { gpgpu: { gl: WebGL2RenderingContext } }).gpgpu.gl;
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  const floor = float32 ? FLOAT32_WEBGL : FLOAT16_WEBGL;
  const results = [];
  for (const c of PARITY_CASES) {
    try {
      results.push(await compareToCpu(c, 'webgl', floor, floor));
    } catch (error) {
      results.push({
        family: c.family,
        name: c.name,
        backend: 'webgl',
        ok: false,
        maxAbsError: Number.NaN,
        tolerance: floor,
        detail: String(error),
      });
    }
  }
  await tf.setBackend('webgl');
  return {
    backend: tf.getBackend(),
    selected: selection.name,
    renderer,
    float32,
    webglVersion: tf.env().getNumber('WEBGL_VERSION'),
    tensorsLeft: tf.memory().numTensors,
    results,
  };
}

(window as unknown as { result: Promise<unknown> }).result = run();
