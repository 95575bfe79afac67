// CenterNet's MobileNetV3 trunk in a real browser: Debian's Chromium (WebGL on SwiftShader), with
// @vladmandic/human's weights served as files (CI installs both; elsewhere reported NOT RUN).
import { join } from 'node:path';
import { CHROMIUM_PATH, runInChromium } from '@mlrecipe/browser-runner';
import { graphTrunk, sequential } from '@mlrecipe/nn';
import { createRng, tf, useBackend } from '@mlrecipe/tensor';
import { systemResource } from '@mlrecipe/tensor/testing';
import { expect, it } from 'vitest';
import { BACKBONE_NODE, centernetDir, loadCenterNet } from './helpers/centernet.js';
import { stripes } from './helpers/centernet_artifacts.js';

const chromium = systemResource(CHROMIUM_PATH, 'chromium', 'CenterNet trunk in Chromium');
const dir = centernetDir();
if (dir === null && process.env.CI) throw new Error('@vladmandic/human is missing: CI installs the workspace with it');
if (dir === null)
  console.warn('CenterNet trunk in Chromium NOT RUN: @vladmandic/human is not installed (pnpm install)');

it.runIf(chromium && dir !== null)(
  'loads offline on WebGL in Chromium: [2, 120] features that match wasm in Node, and a seeded head that learns and repeats',
  async () => {
    const { result, errors } = await runInChromium<{
      backend: string;
      featureShape: number[];
      features: number[];
      cachedShape: number[];
      devError: number;
      repeatable: boolean;
    }>(join(import.meta.dirname, 'browser/centernet_entry.ts'), {
      external: ['cli-progress'],
      files: { '/centernet.json': join(dir!, 'centernet.json'), '/centernet.bin': join(dir!, 'centernet.bin') },
    });
    expect(errors).toEqual([]);
    expect(result.backend).toBe('webgl');
    expect(result.featureShape).toEqual([2, 120]);
    expect(result.cachedShape).toEqual([120]);
    expect(result.repeatable).toBe(true);
    expect(result.devError).toBeLessThan(0.15);
    // The same pictures through the same graph on wasm: WebGL's float32 (SwiftShader) agrees to rounding.
    await useBackend('wasm');
    const graph = await loadCenterNet(dir!);
    const probe = stripes(2, 1, 64, createRng);
    const reference = tf.tidy(() =>
      Array.from(
        sequential([graphTrunk(graph, { outputNode: BACKBONE_NODE })])
          .apply({}, tf.tensor(probe.x.values, probe.x.shape))
          .dataSync(),
      ),
    );
    const scale = Math.max(...reference.map(Math.abs));
    const gap = Math.max(...reference.map((v, i) => Math.abs(v - result.features[i]!)));
    console.log(
      `CenterNet trunk, WebGL vs wasm: max |gap| ${gap.toExponential(2)} (features up to ${scale.toFixed(3)})`,
    );
    expect(gap).toBeLessThan(1e-3 * Math.max(1, scale));
  },
  240_000,
);
