import { cpSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { assertSingleTfjsCore, DuplicateTfjsCoreError, useBackend } from '../src/index.js';

// Its own file: loading a second tfjs-core pollutes the process for good.
it('detects a second copy of tfjs-core loaded after ours and says how to fix it', async () => {
  expect(() => assertSingleTfjsCore()).not.toThrow();

  const require = createRequire(import.meta.url);
  const corePackage = realpathSync(dirname(require.resolve('@tensorflow/tfjs-core/package.json')));
  const app = mkdtempSync(join(tmpdir(), 'mlrecipe-two-cores-'));
  const copy = join(app, 'node_modules/@tensorflow/tfjs-core');
  mkdirSync(dirname(copy), { recursive: true });
  cpSync(corePackage, copy, { recursive: true, dereference: false });
  // The copy's own dependencies (seedrandom, long, …) resolve from the original location.
  symlinkSync(join(corePackage, '../..'), join(copy, 'node_modules'), 'dir');
  createRequire(join(app, 'index.js'))('@tensorflow/tfjs-core');

  expect(() => assertSingleTfjsCore()).toThrow(DuplicateTfjsCoreError);
  const error = await useBackend('cpu').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DuplicateTfjsCoreError);
  expect((error as Error).message).toMatch(
    /two copies of @tensorflow\/tfjs-core are loaded.*npm ls @tensorflow\/tfjs-core/s,
  );
});
