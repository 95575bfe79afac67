import { describe, expect, it } from 'vitest';
import {
  availableBackends,
  BackendUnavailableError,
  currentBackend,
  expectNoLeaks,
  InvalidArgumentError,
  MlrecipeError,
  tf,
  useBackend,
} from '../src/index.js';

describe('useBackend', () => {
  for (const name of ['cpu', 'wasm'] as const) {
    it(`selects ${name} in Node and really runs an op and a gradient on it`, async () => {
      const selection = await useBackend(name);
      expect(selection).toMatchObject({ name, tfjsName: name, runtime: 'node', reason: `asked for '${name}'` });
      expect(tf.getBackend()).toBe(name);
      expect(currentBackend()).toBe(name);
      expectNoLeaks(() => {
        const a = tf.tensor2d([[1, 2]]);
        const b = tf.tensor2d([[3], [4]]);
        const x = tf.tensor1d([5]);
        const product = tf.matMul(a, b);
        expect(Array.from(product.dataSync())).toEqual([11]);
        const dx = tf.grad((v: tf.Tensor) => v.mul(v).sum())(x);
        expect(Array.from(dx.dataSync())).toEqual([10]);
        tf.dispose([a, b, x, product, dx]);
      });
    });
  }

  it("picks wasm with 'auto' here, saying why cuda and tensorflow were skipped", async () => {
    const selection = await useBackend('auto');
    expect(selection.name).toBe('wasm');
    expect(selection.reason).toContain('cuda > tensorflow > wasm > cpu');
    expect(selection.skipped.map((s) => s.name)).toEqual(['cuda', 'tensorflow']);
    expect(selection.skipped[0]!.reason).toContain('npm install @tensorflow/tfjs-node-gpu');
  });

  it.each([
    ['cuda', '@tensorflow/tfjs-node-gpu'],
    ['tensorflow', '@tensorflow/tfjs-node'],
  ] as const)("gives BackendUnavailableError for '%s' with the install command of %s", async (name, pkg) => {
    const error = await useBackend(name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect(error).toBeInstanceOf(MlrecipeError);
    const { code, backend, message } = error as BackendUnavailableError;
    expect(code).toBe('BACKEND_UNAVAILABLE');
    expect(backend).toBe(name);
    expect(message).toContain(`npm install ${pkg}@^4.22.0`);
    expect(message).toContain('downloads the libtensorflow binaries');
  });

  it('refuses browser-only backends in Node and names the ones that work', async () => {
    await expect(useBackend('webgl')).rejects.toThrow(
      /does not run in node; use one of 'cuda', 'tensorflow', 'wasm', 'cpu'/,
    );
    await expect(useBackend('webgpu')).rejects.toBeInstanceOf(BackendUnavailableError);
  });

  it('rejects an unknown backend name with InvalidArgumentError listing the valid ones', async () => {
    const error = await useBackend('gpu' as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(/unknown backend "gpu"; use one of 'auto', 'cuda'/);
  });

  it('keeps the current backend when a switch fails', async () => {
    await useBackend('cpu');
    await expect(useBackend('cuda')).rejects.toThrow();
    expect(currentBackend()).toBe('cpu');
  });
});

describe('availableBackends', () => {
  it('lists every backend with the reason the unavailable ones cannot load', async () => {
    const list = await availableBackends();
    expect(list.map((b) => [b.name, b.available])).toEqual([
      ['cuda', false],
      ['tensorflow', false],
      ['wasm', true],
      ['cpu', true],
      ['webgpu', false],
      ['webgl', false],
    ]);
    expect(list.find((b) => b.name === 'webgl')!.reason).toBe('runs only in browser, not in node');
    expect(list.find((b) => b.name === 'tensorflow')!.reason).toContain('not installed');
  });
});
